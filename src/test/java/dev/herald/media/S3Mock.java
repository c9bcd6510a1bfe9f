package dev.herald.media;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * Adobe's S3Mock, a real S3-compatible server, run as its own process (its Spring Boot
 * version differs from Herald's) from the jar the build copies to
 * {@code target/s3mock/s3mock.jar}; started once per test JVM, with one bucket, and
 * stopped with the JVM.
 */
final class S3Mock {

	static final String BUCKET = "herald-media-test";

	private static URI endpoint;

	private S3Mock() {
	}

	/** The server's address, starting it on first use. */
	static synchronized URI endpoint() {
		if (endpoint == null) {
			endpoint = start();
		}
		return endpoint;
	}

	private static URI start() {
		Path jar = Path.of("target", "s3mock", "s3mock.jar");
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(
					jar + " is missing: run the tests through Maven (./mvnw verify), " + "which copies S3Mock there");
		}
		try {
			int port = freePort();
			Path root = Files.createTempDirectory("herald-s3mock-");
			Path log = root.resolve("s3mock.log");
			Process process = new ProcessBuilder(
					List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
							"-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "--server.port=0",
							"--com.adobe.testing.s3mock.http-port=" + port,
							"--com.adobe.testing.s3mock.store.initial-buckets=" + BUCKET,
							"--com.adobe.testing.s3mock.store.root=" + root.resolve("store")))
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
			URI uri = URI.create("http://127.0.0.1:" + port);
			HttpClient http = HttpClient.newHttpClient();
			try {
				await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
					if (!process.isAlive()) {
						throw new IllegalStateException("S3Mock stopped: " + Files.readString(log));
					}
					try {
						return http
							.send(HttpRequest.newBuilder(uri.resolve("/" + BUCKET)).build(),
									HttpResponse.BodyHandlers.discarding())
							.statusCode() == 200;
					}
					catch (IOException notYet) {
						return false;
					}
				});
			}
			catch (ConditionTimeoutException ex) {
				process.destroy();
				throw new IllegalStateException("S3Mock did not start within 90 s: " + Files.readString(log), ex);
			}
			return uri;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start S3Mock", ex);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
