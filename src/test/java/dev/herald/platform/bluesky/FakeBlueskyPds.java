package dev.herald.platform.bluesky;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import dev.herald.platform.FakeHttpServer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A PDS that answers as the reference server does (PLATFORMS.md, Bluesky): app-password
 * sessions with expirable access tokens and rotating refresh tokens; {@code createRecord}
 * that wants a TID record key (400 {@code InvalidRequest} otherwise), answers 500
 * {@code InternalServerError} for a key that exists (leaving the first record unchanged)
 * and counts graphemes; {@code getRecord} ({@code RecordNotFound}),
 * {@code resolveHandle}, and {@code app.bsky.feed.getPosts} with each post's counts (as
 * the PDS answers it by asking its AppView). Faults are injected into the next
 * {@code createRecord}; a delayed write is stored at once and answered later, as a server
 * that committed before the client gave up. {@code uploadBlob} takes images only, of at
 * most {@link #maxImageBytes(long)} (1,000,000 unless changed), and answers a blob ref
 * whose cid is the hash of the bytes; a record may embed only blobs its account uploaded
 * ({@code app.bsky.embed.images}, at most 4).
 */
public final class FakeBlueskyPds extends FakeHttpServer {

	private static final Pattern GRAPHEME = Pattern.compile("\\X");

	private static final int WRITE_LIMIT = 5000;

	/** The most uris one getPosts takes. */
	private static final int MAX_URIS = 25;

	private final Map<String, Account> accounts = new ConcurrentHashMap<>();

	private final Map<String, Token> accessTokens = new ConcurrentHashMap<>();

	private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();

	private final Map<String, StoredRecord> records = new ConcurrentHashMap<>();

	private final Map<String, Engagement> engagement = new ConcurrentHashMap<>();

	private final AtomicInteger writes = new AtomicInteger();

	private final AtomicInteger refreshes = new AtomicInteger();

	/** Blobs by {@code <did>/<cid>}: a record may embed only its own account's. */
	private final Map<String, Blob> blobs = new ConcurrentHashMap<>();

	private final AtomicInteger blobUploads = new AtomicInteger();

	private volatile long maxImageBytes = 1_000_000;

	private final Duration accessLifetime = Duration.ofHours(2);

	private volatile @Nullable String openAppPassword;

	private record Account(String did, String handle, String appPassword) {
	}

	private record Token(String did, Instant expiresAt) {
	}

	/**
	 * A blob as uploaded.
	 *
	 * @param cid its content id
	 * @param mimeType the type it was uploaded with
	 * @param size its length in bytes
	 */
	public record Blob(String cid, String mimeType, long size) {
	}

	private record Engagement(long likes, long reposts, long quotes) {
	}

	/**
	 * A record as the PDS stores it.
	 *
	 * @param uri its at-uri
	 * @param cid its content id
	 * @param value the record as written
	 */
	public record StoredRecord(String uri, String cid, JsonNode value) {
	}

	/** A PDS on any free port. */
	public FakeBlueskyPds() {
		this(0);
	}

	/** A PDS on this port (0 for any free one). */
	public FakeBlueskyPds(int port) {
		super(port, "/xrpc/");
	}

	/** The PDS's URL. */
	public URI url() {
		return baseUrl();
	}

	/** Adds an account that can sign in with this app password. */
	public void addAccount(String did, String handle, String appPassword) {
		this.accounts.put(handle, new Account(did, handle, appPassword));
	}

	/**
	 * Lets any handle ending in {@code .test} sign in with this app password, creating
	 * its account (and a DID made from the handle) on first use, so that a benchmark can
	 * connect as many accounts as it likes.
	 */
	public void openSignUp(String appPassword) {
		this.openAppPassword = appPassword;
	}

	/** Expires this access token now. */
	void expire(String accessJwt) {
		this.accessTokens.computeIfPresent(accessJwt, (token, value) -> new Token(value.did(), Instant.EPOCH));
	}

	/**
	 * Expires every access token handed out so far, as their lifetime running out in the
	 * middle of a run would: the next write with one answers {@code ExpiredToken}.
	 */
	public void expireAccessTokens() {
		this.accessTokens.replaceAll((token, value) -> new Token(value.did(), Instant.EPOCH));
	}

	/** How many sessions were refreshed. */
	public int refreshes() {
		return this.refreshes.get();
	}

	/** Every record the PDS holds. */
	public List<StoredRecord> records() {
		return List.copyOf(this.records.values());
	}

	/** The record stored under this key, if any. */
	Optional<StoredRecord> record(String did, String rkey) {
		return Optional.ofNullable(this.records.get(uri(did, rkey)));
	}

	/**
	 * Sets the counts getPosts answers for a post (its replies are counted from the
	 * records that reply to it).
	 */
	void engage(String uri, long likes, long reposts, long quotes) {
		this.engagement.put(uri, new Engagement(likes, reposts, quotes));
	}

	/** The largest image {@code uploadBlob} takes (1,000,000 bytes unless changed). */
	void maxImageBytes(long maxImageBytes) {
		this.maxImageBytes = maxImageBytes;
	}

	/** How many times {@code uploadBlob} stored a blob. */
	int blobUploads() {
		return this.blobUploads.get();
	}

	/** The blob this account uploaded with this cid, if any. */
	Optional<Blob> blob(String did, String cid) {
		return Optional.ofNullable(this.blobs.get(did + "/" + cid));
	}

	@Override
	public int accepted() {
		return this.records.size();
	}

	@Override
	protected void handle(HttpExchange exchange) throws IOException {
		String method = exchange.getRequestURI().getPath().substring("/xrpc/".length());
		byte[] body = exchange.getRequestBody().readAllBytes();
		try {
			switch (method) {
				case "com.atproto.server.createSession" -> createSession(exchange, body);
				case "com.atproto.server.refreshSession" -> refreshSession(exchange);
				case "com.atproto.repo.createRecord" -> createRecordWithFaults(exchange, body);
				case "com.atproto.repo.getRecord" -> getRecord(exchange);
				case "com.atproto.repo.uploadBlob" -> uploadBlob(exchange, body);
				case "com.atproto.identity.resolveHandle" -> resolveHandle(exchange);
				case "app.bsky.feed.getPosts" -> getPosts(exchange);
				default -> error(exchange, 501, "MethodNotImplemented", "Method Not Implemented");
			}
		}
		catch (RuntimeException ex) {
			error(exchange, 500, "InternalServerError", "Internal Server Error");
		}
	}

	private void createSession(HttpExchange exchange, byte[] body) throws IOException {
		JsonNode request = this.json.readTree(body);
		String identifier = request.path("identifier").asString("");
		String password = request.path("password").asString("");
		String open = this.openAppPassword;
		if (open != null && identifier.matches("[a-z0-9][a-z0-9-]*(\\.[a-z0-9-]+)*\\.test")) {
			this.accounts.computeIfAbsent(identifier,
					(handle) -> new Account("did:plc:" + UUID.nameUUIDFromBytes(handle.getBytes(StandardCharsets.UTF_8))
						.toString()
						.replace("-", "")
						.substring(0, 24), handle, open));
		}
		Account account = this.accounts.values()
			.stream()
			.filter((candidate) -> candidate.handle().equals(identifier) || candidate.did().equals(identifier))
			.findFirst()
			.orElse(null);
		if (account == null || !account.appPassword().equals(password)) {
			error(exchange, 401, "AuthenticationRequired", "Invalid identifier or password");
			return;
		}
		answerSession(exchange, account);
	}

	private void refreshSession(HttpExchange exchange) throws IOException {
		String bearer = bearer(exchange);
		if (bearer == null) {
			error(exchange, 401, "AuthenticationRequired", "Authentication Required");
			return;
		}
		String did = this.refreshTokens.remove(bearer);
		if (did == null) {
			// an access token, a rotated or an unknown refresh token
			error(exchange, 400, "InvalidToken", "Token could not be verified");
			return;
		}
		this.refreshes.incrementAndGet();
		Account account = this.accounts.values()
			.stream()
			.filter((candidate) -> candidate.did().equals(did))
			.findFirst()
			.orElseThrow();
		answerSession(exchange, account);
	}

	private void answerSession(HttpExchange exchange, Account account) throws IOException {
		Instant expiresAt = now().plus(this.accessLifetime);
		String access = jwt("com.atproto.appPass", account.did(), expiresAt);
		String refresh = jwt("com.atproto.refresh", account.did(), now().plus(Duration.ofDays(90)));
		this.accessTokens.put(access, new Token(account.did(), expiresAt));
		this.refreshTokens.put(refresh, account.did());
		ObjectNode answer = this.json.createObjectNode();
		answer.put("did", account.did());
		answer.put("handle", account.handle());
		answer.put("accessJwt", access);
		answer.put("refreshJwt", refresh);
		answer.put("active", true);
		answer(exchange, 200, answer, Map.of());
	}

	private void createRecordWithFaults(HttpExchange exchange, byte[] body) throws IOException {
		switch (publishFault()) {
			case Fault.Status status -> error(exchange, status.code(),
					(status.code() >= 500) ? "InternalServerError" : "InvalidRequest", "Injected fault");
			case Fault.RateLimit limit -> answer(exchange, 429, errorBody("RateLimitExceeded", "Rate Limit Exceeded"),
					rateLimitHeaders(0, now().plus(limit.reset())));
			case Fault.Delay delay -> {
				// the write is committed now; only the answer is late
				Reply reply = createRecord(exchange, body);
				later(delay.delay(), () -> answer(exchange, reply.status(), reply.body(), reply.headers()));
			}
			case Fault.Hold hold -> {
				Reply reply = createRecord(exchange, body);
				later(hold.delay(), () -> answer(exchange, reply.status(), reply.body(), reply.headers()));
			}
			case null -> {
				Reply reply = createRecord(exchange, body);
				answer(exchange, reply.status(), reply.body(), reply.headers());
			}
		}
	}

	private record Reply(int status, JsonNode body, Map<String, String> headers) {
	}

	private Reply createRecord(HttpExchange exchange, byte[] body) {
		String did = authorizedDid(exchange);
		if (did == null) {
			return authError(exchange);
		}
		JsonNode request = this.json.readTree(body);
		String repo = request.path("repo").asString("");
		if (!repo.equals(did)) {
			return reply(400, "InvalidRequest", "Could not find repo: " + repo);
		}
		if (!"app.bsky.feed.post".equals(request.path("collection").asString(""))) {
			return reply(400, "InvalidRequest", "Invalid collection");
		}
		String rkey = request.hasNonNull("rkey") ? request.get("rkey").asString() : Tid.encode(System.nanoTime());
		if (!Tid.isValid(rkey)) {
			return reply(400, "InvalidRequest", "Invalid record key: " + rkey + " (Invalid TID string)");
		}
		JsonNode record = request.path("record");
		String text = record.path("text").asString("");
		int graphemes = countGraphemes(text);
		if (graphemes > 300) {
			return reply(400, "InvalidRequest",
					"Invalid app.bsky.feed.post record: Record/text grapheme too big (maximum 300, got " + graphemes
							+ ")");
		}
		int bytes = text.getBytes(StandardCharsets.UTF_8).length;
		if (bytes > 3000) {
			return reply(400, "InvalidRequest",
					"Invalid app.bsky.feed.post record: Record/text too big (maximum 3000, got " + bytes + ")");
		}
		if (!record.hasNonNull("createdAt")) {
			return reply(400, "InvalidRequest",
					"Invalid app.bsky.feed.post record: Record must have the property \"createdAt\"");
		}
		Reply embedRefused = embedRefusal(did, record.path("embed"));
		if (embedRefused != null) {
			return embedRefused;
		}
		String uri = uri(did, rkey);
		StoredRecord stored = new StoredRecord(uri, "bafyrei" + UUID.randomUUID().toString().replace("-", ""), record);
		if (this.records.putIfAbsent(uri, stored) != null) {
			// the reference server: the first record stays, the second write fails
			return reply(500, "InternalServerError", "Internal Server Error");
		}
		int used = this.writes.incrementAndGet();
		ObjectNode answer = this.json.createObjectNode();
		answer.put("uri", uri);
		answer.put("cid", stored.cid());
		ObjectNode commit = answer.putObject("commit");
		commit.put("cid", "bafyreicommit" + used);
		commit.put("rev", Tid.encode(System.currentTimeMillis() * 1000 << 10));
		answer.put("validationStatus", "valid");
		return new Reply(200, answer,
				rateLimitHeaders(Math.max(0, WRITE_LIMIT - 3 * used), now().plus(Duration.ofHours(1))));
	}

	private void uploadBlob(HttpExchange exchange, byte[] body) throws IOException {
		String did = authorizedDid(exchange);
		if (did == null) {
			Reply refused = authError(exchange);
			answer(exchange, refused.status(), refused.body(), refused.headers());
			return;
		}
		String type = Objects.requireNonNullElse(exchange.getRequestHeaders().getFirst("Content-Type"), "")
			.split(";")[0].strip();
		if (!type.startsWith("image/")) {
			error(exchange, 400, "InvalidMimeType",
					"Wrong type of file. It is " + type + " but it must match image/*.");
			return;
		}
		if (body.length > this.maxImageBytes) {
			error(exchange, 400, "BlobTooLarge", "This file is too large. It is " + body.length
					+ " bytes but the maximum size is " + this.maxImageBytes + " bytes.");
			return;
		}
		String cid;
		try {
			cid = "bafkrei"
					+ HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)).substring(0, 52);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		this.blobs.put(did + "/" + cid, new Blob(cid, type, body.length));
		this.blobUploads.incrementAndGet();
		ObjectNode answer = this.json.createObjectNode();
		ObjectNode blob = answer.putObject("blob");
		blob.put("$type", "blob");
		blob.putObject("ref").put("$link", cid);
		blob.put("mimeType", type);
		blob.put("size", body.length);
		answer(exchange, 200, answer, Map.of());
	}

	/**
	 * Why the PDS refuses this embed: too many images, or a blob this account never
	 * uploaded; {@code null} when it takes it.
	 */
	private @Nullable Reply embedRefusal(String did, JsonNode embed) {
		if (!"app.bsky.embed.images".equals(embed.path("$type").asString(""))) {
			return null;
		}
		JsonNode images = embed.path("images");
		if (images.size() > 4) {
			return reply(400, "InvalidRequest",
					"Invalid app.bsky.feed.post record: Record/embed/images must not have more than 4 elements");
		}
		for (JsonNode image : images) {
			String cid = image.at("/image/ref/$link").asString("");
			if (!this.blobs.containsKey(did + "/" + cid)) {
				return reply(400, "InvalidRequest", "Could not find blob: " + cid);
			}
			if (!image.has("alt")) {
				return reply(400, "InvalidRequest",
						"Invalid app.bsky.feed.post record: Record/embed/images/0 must have the property \"alt\"");
			}
		}
		return null;
	}

	private void getRecord(HttpExchange exchange) throws IOException {
		Map<String, List<String>> query = query(exchange);
		String uri = uri(Objects.requireNonNullElse(first(query, "repo"), ""),
				Objects.requireNonNullElse(first(query, "rkey"), ""));
		StoredRecord stored = "app.bsky.feed.post".equals(first(query, "collection")) ? this.records.get(uri) : null;
		if (stored == null) {
			error(exchange, 400, "RecordNotFound", "Could not locate record: " + uri);
			return;
		}
		ObjectNode answer = this.json.createObjectNode();
		answer.put("uri", stored.uri());
		answer.put("cid", stored.cid());
		answer.set("value", stored.value());
		answer(exchange, 200, answer, Map.of());
	}

	private void resolveHandle(HttpExchange exchange) throws IOException {
		Account account = this.accounts.get(Objects.requireNonNullElse(first(query(exchange), "handle"), ""));
		if (account == null) {
			error(exchange, 400, "InvalidRequest", "Unable to resolve handle");
			return;
		}
		ObjectNode answer = this.json.createObjectNode();
		answer.put("did", account.did());
		answer(exchange, 200, answer, Map.of());
	}

	/**
	 * The posts among these uris that exist, with their counts; an unknown uri is left
	 * out, as the AppView does. Needs a valid access token, as the PDS's proxying does.
	 */
	private void getPosts(HttpExchange exchange) throws IOException {
		if (authorizedDid(exchange) == null) {
			Reply refused = authError(exchange);
			answer(exchange, refused.status(), refused.body(), refused.headers());
			return;
		}
		List<String> uris = query(exchange).getOrDefault("uris", List.of());
		if (uris.size() > MAX_URIS) {
			error(exchange, 400, "InvalidRequest", "Error: uris must not have more than " + MAX_URIS + " elements");
			return;
		}
		ObjectNode answer = this.json.createObjectNode();
		ArrayNode posts = answer.putArray("posts");
		for (String uri : uris) {
			StoredRecord stored = this.records.get(uri);
			if (stored == null) {
				continue;
			}
			String did = uri.substring("at://".length(), uri.indexOf('/', "at://".length()));
			Account author = this.accounts.values()
				.stream()
				.filter((account) -> account.did().equals(did))
				.findFirst()
				.orElse(null);
			Engagement counts = this.engagement.getOrDefault(uri, new Engagement(0, 0, 0));
			ObjectNode post = posts.addObject();
			post.put("uri", stored.uri());
			post.put("cid", stored.cid());
			ObjectNode authorNode = post.putObject("author");
			authorNode.put("did", did);
			authorNode.put("handle", (author != null) ? author.handle() : "handle.invalid");
			post.set("record", stored.value());
			post.put("replyCount",
					this.records.values()
						.stream()
						.filter((other) -> uri.equals(other.value().at("/reply/parent/uri").asString("")))
						.count());
			post.put("repostCount", counts.reposts());
			post.put("likeCount", counts.likes());
			post.put("quoteCount", counts.quotes());
			post.put("indexedAt", stored.value().path("createdAt").asString(""));
		}
		answer(exchange, 200, answer, Map.of());
	}

	private @Nullable String authorizedDid(HttpExchange exchange) {
		String bearer = bearer(exchange);
		Token token = (bearer != null) ? this.accessTokens.get(bearer) : null;
		return (token != null && token.expiresAt().isAfter(now())) ? token.did() : null;
	}

	private Reply authError(HttpExchange exchange) {
		String bearer = bearer(exchange);
		if (bearer == null) {
			return reply(401, "AuthenticationRequired", "Authentication Required");
		}
		if (this.accessTokens.containsKey(bearer)) {
			return reply(400, "ExpiredToken", "Token has expired");
		}
		return reply(400, "InvalidToken", "Token could not be verified");
	}

	private static @Nullable String bearer(HttpExchange exchange) {
		String header = exchange.getRequestHeaders().getFirst("Authorization");
		return (header != null && header.startsWith("Bearer ")) ? header.substring("Bearer ".length()) : null;
	}

	/**
	 * A JWT as the reference PDS makes them: its payload carries {@code iat} and
	 * {@code exp}.
	 */
	private static String jwt(String scope, String did, Instant expiresAt) {
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String header = base64
			.encodeToString("{\"typ\":\"at+jwt\",\"alg\":\"ES256K\"}".getBytes(StandardCharsets.UTF_8));
		String payload = base64.encodeToString(
				("{\"scope\":\"" + scope + "\",\"sub\":\"" + did + "\",\"iat\":" + Instant.now().getEpochSecond()
						+ ",\"exp\":" + expiresAt.getEpochSecond() + ",\"jti\":\"" + UUID.randomUUID() + "\"}")
					.getBytes(StandardCharsets.UTF_8));
		String signature = base64.encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
		return header + "." + payload + "." + signature;
	}

	private static String uri(String did, String rkey) {
		return "at://" + did + "/app.bsky.feed.post/" + rkey;
	}

	static int countGraphemes(String text) {
		Matcher matcher = GRAPHEME.matcher(text);
		int count = 0;
		while (matcher.find()) {
			count++;
		}
		return count;
	}

	private static Map<String, String> rateLimitHeaders(int remaining, Instant reset) {
		return Map.of("RateLimit-Limit", Integer.toString(WRITE_LIMIT), "RateLimit-Remaining",
				Integer.toString(remaining), "RateLimit-Reset", Long.toString(reset.getEpochSecond()),
				"RateLimit-Policy", WRITE_LIMIT + ";w=3600");
	}

	private Reply reply(int status, String error, String message) {
		return new Reply(status, errorBody(error, message), Map.of());
	}

	private ObjectNode errorBody(String error, String message) {
		ObjectNode body = this.json.createObjectNode();
		body.put("error", error);
		body.put("message", message);
		return body;
	}

	private void error(HttpExchange exchange, int status, String error, String message) throws IOException {
		answer(exchange, status, errorBody(error, message), Map.of());
	}

	private void answer(HttpExchange exchange, int status, JsonNode body, Map<String, String> headers)
			throws IOException {
		sendJson(exchange, status, body, headers);
	}

}
