package dev.herald.media.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import org.springframework.util.DigestUtils;

/**
 * Media files in an S3-compatible store (AWS S3, Cloudflare R2, MinIO), through the AWS
 * SDK: objects are private, and signed URLs are S3's own presigned GETs. Checksums are
 * computed only where the API requires them, which stores other than AWS's accept.
 */
final class S3Storage implements MediaStorage, AutoCloseable {

	private final S3Client client;

	private final S3Presigner presigner;

	private final String bucket;

	private final Path cache;

	S3Storage(MediaSettings.S3Settings settings, Path temp) {
		if (blank(settings.bucket())) {
			throw new IllegalStateException("STORAGE is s3 but S3_BUCKET (or R2_BUCKET) is not set: name the bucket "
					+ "Herald keeps media in");
		}
		this.bucket = settings.bucket();
		this.cache = temp.resolve("cache");
		AwsCredentialsProvider credentials = (blank(settings.accessKeyId()) || blank(settings.secretAccessKey()))
				? DefaultCredentialsProvider.builder().build() : StaticCredentialsProvider
					.create(AwsBasicCredentials.create(settings.accessKeyId(), settings.secretAccessKey()));
		Region region = Region.of(settings.region());
		var builder = S3Client.builder()
			.region(region)
			.credentialsProvider(credentials)
			.forcePathStyle(settings.pathStyle())
			.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
			.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
			.httpClientBuilder(Apache5HttpClient.builder().maxConnections(64));
		if (!blank(settings.endpoint())) {
			builder.endpointOverride(URI.create(settings.endpoint()));
		}
		this.client = builder.build();
		var presign = S3Presigner.builder()
			.region(region)
			.credentialsProvider(credentials)
			.serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build());
		String publicUrl = !blank(settings.publicUrl()) ? settings.publicUrl() : settings.endpoint();
		if (!blank(publicUrl)) {
			presign.endpointOverride(URI.create(publicUrl));
		}
		this.presigner = presign.build();
	}

	@Override
	public String name() {
		return "s3";
	}

	@Override
	public void put(String key, Path file, String contentType) throws IOException {
		try {
			this.client.putObject((r) -> r.bucket(this.bucket).key(key).contentType(contentType),
					RequestBody.fromFile(file));
		}
		catch (SdkException ex) {
			throw failure("store " + key, ex);
		}
	}

	@Override
	public InputStream open(String key) throws IOException {
		try {
			return this.client.getObject((r) -> r.bucket(this.bucket).key(key));
		}
		catch (SdkException ex) {
			throw failure("read " + key, ex);
		}
	}

	@Override
	public Path file(String key) throws IOException {
		Path cached = this.cache.resolve(
				HexFormat.of().formatHex(DigestUtils.md5Digest(key.getBytes(StandardCharsets.UTF_8))) + extension(key));
		if (Files.isRegularFile(cached)) {
			// keeps it from the cleanup of files older than a day while it is in use
			Files.setLastModifiedTime(cached, FileTime.from(Instant.now()));
			return cached;
		}
		Files.createDirectories(this.cache);
		// the SDK writes only to a file that does not exist yet
		Path partial = this.cache.resolve("download-" + java.util.UUID.randomUUID() + ".partial");
		try {
			this.client.getObject((r) -> r.bucket(this.bucket).key(key), ResponseTransformer.toFile(partial.toFile()));
			Files.move(partial, cached, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			return cached;
		}
		catch (SdkException ex) {
			throw failure("read " + key, ex);
		}
		finally {
			Files.deleteIfExists(partial);
		}
	}

	@Override
	public void delete(String key) throws IOException {
		try {
			this.client.deleteObject((r) -> r.bucket(this.bucket).key(key));
		}
		catch (NoSuchKeyException ex) {
			// already gone
		}
		catch (SdkException ex) {
			throw failure("delete " + key, ex);
		}
	}

	@Override
	public URI signedUrl(String key, Duration ttl, String contentType) {
		try {
			return this.presigner
				.presignGetObject((p) -> p.signatureDuration(ttl)
					.getObjectRequest((r) -> r.bucket(this.bucket).key(key).responseContentType(contentType)))
				.url()
				.toURI();
		}
		catch (java.net.URISyntaxException ex) {
			throw new IllegalStateException("The presigned URL of " + key + " is not a URI", ex);
		}
	}

	@Override
	public void check() throws IOException {
		try {
			this.client.headBucket((r) -> r.bucket(this.bucket));
		}
		catch (SdkException ex) {
			throw failure("reach the bucket " + this.bucket, ex);
		}
	}

	@Override
	public void close() {
		this.presigner.close();
		this.client.close();
	}

	/**
	 * The store's own words (status and error code), never the request with its
	 * credentials.
	 */
	private static IOException failure(String what, SdkException ex) {
		String detail = (ex instanceof software.amazon.awssdk.services.s3.model.S3Exception s3)
				? "HTTP " + s3.statusCode() + ((s3.awsErrorDetails() != null)
						? " " + s3.awsErrorDetails().errorCode() + ": " + s3.awsErrorDetails().errorMessage() : "")
				: ex.getClass().getSimpleName() + ((ex.getMessage() != null) ? ": " + ex.getMessage() : "");
		return new IOException("S3 storage could not " + what + " (" + detail + ")", ex);
	}

	private static String extension(String key) {
		int dot = key.lastIndexOf('.');
		return (dot > key.lastIndexOf('/')) ? key.substring(dot) : "";
	}

	private static boolean blank(@Nullable String value) {
		return value == null || value.isBlank();
	}

}
