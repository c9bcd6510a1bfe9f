package dev.herald.media.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import org.springframework.web.util.UriComponentsBuilder;

/**
 * Media files on local disk under {@code <data>/media}, served by Herald itself at
 * {@code /files/<key>} to whoever holds a signed URL: an HMAC-SHA256 over the key and the
 * expiry, with a key derived from Herald's secret key.
 */
final class LocalStorage implements MediaStorage {

	/** Path of the signed file URLs. */
	static final String FILES_PATH = "/files/";

	private final Path root;

	private final String baseUrl;

	private final byte[] signingKey;

	private final Clock clock;

	LocalStorage(Path root, String baseUrl, String secret, Clock clock) {
		this.root = root.toAbsolutePath().normalize();
		this.baseUrl = baseUrl;
		this.signingKey = hmac(secret.getBytes(StandardCharsets.UTF_8),
				"herald media file urls".getBytes(StandardCharsets.UTF_8));
		this.clock = clock;
	}

	@Override
	public String name() {
		return "local";
	}

	/** Moves the file in when it is on the same disk (a rename), else copies it. */
	@Override
	public void put(String key, Path file, String contentType) throws IOException {
		Path target = resolve(key);
		Files.createDirectories(target.getParent());
		try {
			Files.move(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (java.nio.file.AtomicMoveNotSupportedException otherDisk) {
			Path partial = target.resolveSibling(target.getFileName() + ".partial");
			Files.copy(file, partial, StandardCopyOption.REPLACE_EXISTING);
			Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
	}

	@Override
	public InputStream open(String key) throws IOException {
		return Files.newInputStream(file(key));
	}

	@Override
	public Path file(String key) throws IOException {
		Path path = resolve(key);
		if (!Files.isRegularFile(path)) {
			throw new NoSuchFileException(key);
		}
		return path;
	}

	@Override
	public void delete(String key) throws IOException {
		Files.deleteIfExists(resolve(key));
	}

	@Override
	public URI signedUrl(String key, Duration ttl, String contentType) {
		long expires = Instant.now(this.clock).plus(ttl).getEpochSecond();
		return UriComponentsBuilder.fromUriString(this.baseUrl + FILES_PATH)
			.path(key)
			.queryParam("expires", expires)
			.queryParam("signature", signature(key, expires))
			.build()
			.toUri();
	}

	/**
	 * The file a signed URL names, when its signature is right and it has not expired;
	 * {@code null} otherwise (the caller answers the same 404 for both, telling nothing
	 * about which files exist).
	 */
	@Nullable Path verified(String key, long expires, String signature) {
		if (expires < Instant.now(this.clock).getEpochSecond()) {
			return null;
		}
		byte[] expected = signature(key, expires).getBytes(StandardCharsets.US_ASCII);
		if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
			return null;
		}
		try {
			return file(key);
		}
		catch (IOException | IllegalArgumentException ex) {
			return null;
		}
	}

	@Override
	public void check() throws IOException {
		Files.createDirectories(this.root);
		if (!Files.isWritable(this.root)) {
			throw new IOException("The media directory " + this.root + " is not writable");
		}
	}

	private Path resolve(String key) {
		Path path = this.root.resolve(key).normalize();
		if (!path.startsWith(this.root) || path.equals(this.root)) {
			throw new IllegalArgumentException("Not a media key: " + key);
		}
		return path;
	}

	private String signature(String key, long expires) {
		byte[] mac = hmac(this.signingKey, (key + "\n" + expires).getBytes(StandardCharsets.UTF_8));
		return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
	}

	private static byte[] hmac(byte[] key, byte[] data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(data);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

}
