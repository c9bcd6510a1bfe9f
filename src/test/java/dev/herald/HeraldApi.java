package dev.herald;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * Herald's API over HTTP, as a client outside Herald uses it: for tests and benchmarks
 * that run Herald as its own process ({@link HeraldProcess}). Signs up through the dev
 * mailbox of local mode (no SMTP), then sends the user's access token with every request.
 */
public final class HeraldApi {

	public static final String PASSWORD = "correct horse battery staple";

	private static final Pattern VERIFY_LINK = Pattern.compile("verify-email\\?token=([A-Za-z0-9_-]+)");

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final JsonMapper json = JsonMapper.builder().build();

	private final URI base;

	private @Nullable String accessToken;

	public HeraldApi(URI base) {
		this.base = base;
	}

	/** Another client of the same user on another Herald (of one installation). */
	public HeraldApi on(URI otherBase) {
		HeraldApi other = new HeraldApi(otherBase);
		other.accessToken = this.accessToken;
		return other;
	}

	/**
	 * Signs up a new user, verifies the address by the link in the dev mailbox, and signs
	 * in: later requests are that user's.
	 */
	public HeraldApi signUp(String name) {
		String email = name.toLowerCase(java.util.Locale.ROOT) + "-" + UUID.randomUUID().toString().substring(0, 8)
				+ "@example.test";
		post("/api/v1/auth/register", Map.of("email", email, "password", PASSWORD, "name", name));
		String token = verificationToken(email);
		post("/api/v1/auth/verify-email", Map.of("token", token));
		JsonNode session = post("/api/v1/auth/login", Map.of("email", email, "password", PASSWORD));
		this.accessToken = session.get("tokens").get("accessToken").asString();
		return this;
	}

	private String verificationToken(String email) {
		return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
			String page = send("GET", "/dev/mailbox", null).body();
			int at = page.indexOf(email);
			// newest first: the link after the address is this mail's
			Matcher link = VERIFY_LINK.matcher(page);
			return (at >= 0 && link.find(at)) ? link.group(1) : null;
		}, java.util.Objects::nonNull);
	}

	/** Creates a workspace and a brand in it; answers the brand's id. */
	public String workspaceWithBrand(String name) {
		post("/api/v1/workspaces", Map.of("name", name));
		return post("/api/v1/brands", Map.of("name", name)).get("id").asString();
	}

	/** Connects a Mastodon account by its access token; answers the channel's id. */
	public String connectMastodon(String brandId, URI instance, String accessToken) {
		return post("/api/v1/brands/" + brandId + "/channels/connect/mastodon",
				Map.of("instance", instance.toString(), "accessToken", accessToken))
			.get("channel")
			.get("id")
			.asString();
	}

	/** Connects a Bluesky account by an app password; answers the channel's id. */
	public String connectBluesky(String brandId, URI pds, String handle, String appPassword) {
		return post("/api/v1/brands/" + brandId + "/channels/connect/bluesky",
				Map.of("pds", pds.toString(), "identifier", handle, "appPassword", appPassword))
			.get("channel")
			.get("id")
			.asString();
	}

	/** Creates a draft of this text for these channels; answers the post's id. */
	public String draft(String brandId, String text, List<String> channelIds) {
		return post("/api/v1/posts", Map.of("brandId", brandId, "text", text, "targets",
				channelIds.stream().map((id) -> Map.of("channelId", id)).toList()))
			.get("id")
			.asString();
	}

	/** Schedules a post at this instant. */
	public JsonNode schedule(String postId, java.time.Instant at) {
		return post("/api/v1/posts/" + postId + "/schedule", Map.of("scheduledFor", at.toString()));
	}

	/** POSTs JSON and answers the envelope's {@code data}; anything but 2xx throws. */
	public JsonNode post(String path, @Nullable Object body) {
		return data("POST", path, body);
	}

	public JsonNode get(String path) {
		return data("GET", path, null);
	}

	/**
	 * Every item of a paged list ({@code path} without query), following
	 * {@code meta.nextCursor} 100 at a time.
	 */
	public List<JsonNode> all(String path) {
		List<JsonNode> items = new ArrayList<>();
		String cursor = null;
		do {
			JsonNode page = envelope("GET", path + "?limit=100" + ((cursor != null) ? "&cursor=" + cursor : ""), null);
			page.get("data").forEach(items::add);
			JsonNode next = page.path("meta").path("nextCursor");
			cursor = next.isString() ? next.asString() : null;
		}
		while (cursor != null);
		return items;
	}

	private JsonNode data(String method, String path, @Nullable Object body) {
		JsonNode envelope = envelope(method, path, body);
		return envelope.has("data") ? envelope.get("data") : envelope;
	}

	private JsonNode envelope(String method, String path, @Nullable Object body) {
		HttpResponse<String> response = send(method, path, body);
		if (response.statusCode() / 100 != 2) {
			throw new IllegalStateException(
					method + " " + path + " answered " + response.statusCode() + ": " + response.body());
		}
		if (response.body().isEmpty()) {
			return this.json.nullNode();
		}
		return this.json.readTree(response.body());
	}

	/**
	 * Uploads a file to the media library as a browser does (multipart/form-data), its
	 * bytes streamed from disk.
	 */
	public HttpResponse<String> upload(java.nio.file.Path file, String contentType) {
		String boundary = "herald-" + UUID.randomUUID();
		String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
				+ file.getFileName() + "\"\r\nContent-Type: " + contentType + "\r\n\r\n";
		String tail = "\r\n--" + boundary + "--\r\n";
		try {
			HttpRequest request = HttpRequest.newBuilder(this.base.resolve("/api/v1/media/upload"))
				.timeout(Duration.ofMinutes(10))
				.header("Authorization", "Bearer " + this.accessToken)
				.header("Content-Type", "multipart/form-data; boundary=" + boundary)
				.POST(HttpRequest.BodyPublishers.concat(
						HttpRequest.BodyPublishers.ofByteArray(head.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
						HttpRequest.BodyPublishers.ofFile(file),
						HttpRequest.BodyPublishers.ofByteArray(tail.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
				.build();
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The upload of " + file + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/** Sends a request and answers whatever came back. */
	public HttpResponse<String> send(String method, String path, @Nullable Object body) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.base.resolve(path)).timeout(Duration.ofSeconds(60));
		if (this.accessToken != null) {
			request.header("Authorization", "Bearer " + this.accessToken);
		}
		if (body != null) {
			request.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofByteArray(this.json.writeValueAsBytes(body)));
		}
		else {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(method + " " + path + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
