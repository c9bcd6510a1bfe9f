package dev.herald.media;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same media library tests with S3-compatible storage, switched on by configuration
 * alone ({@code STORAGE=s3} and the {@code S3_*} settings), against a real S3-compatible
 * server (S3Mock) with path-style addressing.
 */
class S3MediaIntegrationTests extends MediaLibraryContract {

	private static S3Client client;

	@DynamicPropertySource
	static void s3(DynamicPropertyRegistry registry) {
		URI endpoint = S3Mock.endpoint();
		registry.add("herald.media.storage", () -> "s3");
		registry.add("herald.media.s3.endpoint", endpoint::toString);
		registry.add("herald.media.s3.bucket", () -> S3Mock.BUCKET);
		registry.add("herald.media.s3.access-key-id", () -> "test-access-key");
		registry.add("herald.media.s3.secret-access-key", () -> "test-secret-key");
		registry.add("herald.media.s3.path-style", () -> "true");
	}

	@AfterAll
	static void closeClient() {
		if (client != null) {
			client.close();
			client = null;
		}
	}

	@Override
	List<String> storedKeys(UUID workspace) {
		if (client == null) {
			client = S3Client.builder()
				.endpointOverride(S3Mock.endpoint())
				.region(Region.US_EAST_1)
				.forcePathStyle(true)
				.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
				.httpClientBuilder(software.amazon.awssdk.http.apache5.Apache5HttpClient.builder())
				.build();
		}
		return client.listObjectsV2((r) -> r.bucket(S3Mock.BUCKET).prefix("workspaces/" + workspace + "/"))
			.contents()
			.stream()
			.map(S3Object::key)
			.toList();
	}

}
