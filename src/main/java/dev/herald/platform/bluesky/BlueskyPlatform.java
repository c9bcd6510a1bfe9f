package dev.herald.platform.bluesky;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Objects;
import java.util.Set;

import dev.herald.platform.Capabilities;
import dev.herald.platform.ChannelAccess;
import dev.herald.platform.ErrorClass;
import dev.herald.platform.Media;
import dev.herald.platform.MediaLimits;
import dev.herald.platform.MetricsUnavailable;
import dev.herald.platform.Platform;
import dev.herald.platform.PlatformKind;
import dev.herald.platform.PlatformHttp;
import dev.herald.platform.PlatformSettings;
import dev.herald.platform.PostMetrics;
import dev.herald.platform.PublishRequest;
import dev.herald.platform.PublishResult;
import dev.herald.platform.RateLimitHeaders;
import dev.herald.platform.TextCounting;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Publishes to Bluesky by writing {@code app.bsky.feed.post} records to the account's PDS
 * ({@link ChannelAccess}: endpoint = the PDS, accountId = the DID, secret = the access
 * JWT), reads their counts back, and opens and refreshes app-password sessions for the
 * channel module.
 * <p>
 * Each part of a post is written under a record key (a TID) that is handed back in a
 * {@link PublishResult.Pending} and saved before the write; an unknown outcome is then
 * settled with {@code getRecord}, and a repeated write of the same key can never create a
 * second post (the PDS answers 500). The state keys are {@code rkey}, {@code uri},
 * {@code cid} for the first part and {@code rkey.N}, {@code uri.N}, {@code cid.N} for
 * part N of a thread.
 * <p>
 * Images of the first part are uploaded first ({@code com.atproto.repo.uploadBlob}), one
 * step each, and each blob ref the PDS answers is handed back as JSON under
 * {@code blob.<i>} before the next step, so that a resumed post never uploads it again;
 * the record then embeds them ({@code app.bsky.embed.images}) in order with their alt
 * texts.
 */
@Component
public class BlueskyPlatform implements Platform {

	static final String POST = "app.bsky.feed.post";

	/** State key of the blob ref (JSON) of image {@code i}: {@code blob.<i>}. */
	static final String BLOB = "blob.";

	/**
	 * The lexicon of {@code app.bsky.embed.images} takes images of at most 1,000,000
	 * bytes; the PDS refuses a record embedding a larger blob.
	 */
	static final long MAX_IMAGE_BYTES = 1_000_000;

	private static final Capabilities CAPABILITIES = new Capabilities(300, TextCounting.GRAPHEMES, 3000, 4, true, false,
			null, new MediaLimits(MAX_IMAGE_BYTES, 0, Set.of()));

	private static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofMinutes(1);

	private final RestClient http;

	private final JsonMapper json;

	private final Clock clock;

	private final Tid tids;

	BlueskyPlatform(PlatformSettings settings, JsonMapper json, Clock clock) {
		this.http = PlatformHttp.client(settings).defaultHeader(HttpHeaders.USER_AGENT, "Herald-Bluesky/1").build();
		this.json = json;
		this.clock = clock;
		this.tids = new Tid(clock);
	}

	@Override
	public PlatformKind kind() {
		return PlatformKind.BLUESKY;
	}

	@Override
	public Capabilities capabilities(ChannelAccess channel) {
		return CAPABILITIES;
	}

	// Sessions

	/**
	 * Opens a session with an app password ({@code com.atproto.server.createSession}).
	 * @param pds the account's PDS, for example {@code https://bsky.social}
	 * @param identifier the handle, DID or email address
	 * @param appPassword an app password, never the account's main password
	 * @return the session to store
	 * @throws BlueskySessionException when the PDS refuses or cannot be reached
	 */
	public BlueskySession createSession(URI pds, String identifier, String appPassword) {
		Assert.notNull(pds, "pds must not be null");
		Assert.hasText(identifier, "identifier must not be empty");
		Assert.hasText(appPassword, "appPassword must not be empty");
		ObjectNode body = this.json.createObjectNode();
		body.put("identifier", identifier);
		body.put("password", appPassword);
		return session(pds, "com.atproto.server.createSession", null, body);
	}

	/**
	 * Refreshes a session ({@code com.atproto.server.refreshSession}); the refresh token
	 * rotates, so the answer's refresh token must be stored before the old one is
	 * dropped.
	 * @param pds the account's PDS
	 * @param refreshJwt the current refresh token
	 * @return the new session to store
	 * @throws BlueskySessionException when the PDS refuses or cannot be reached
	 */
	public BlueskySession refreshSession(URI pds, String refreshJwt) {
		Assert.notNull(pds, "pds must not be null");
		Assert.hasText(refreshJwt, "refreshJwt must not be empty");
		return session(pds, "com.atproto.server.refreshSession", refreshJwt, null);
	}

	private BlueskySession session(URI pds, String method, @Nullable String bearer, @Nullable ObjectNode body) {
		ResponseEntity<byte[]> answer;
		try {
			RestClient.RequestBodySpec spec = this.http.post().uri(xrpc(pds, method).build().toUri());
			if (bearer != null) {
				spec.header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer);
			}
			if (body != null) {
				spec.contentType(MediaType.APPLICATION_JSON).body(this.json.writeValueAsBytes(body));
			}
			answer = PlatformHttp.exchange(spec);
		}
		catch (ResourceAccessException ex) {
			throw new BlueskySessionException(BlueskySessionException.Reason.UNAVAILABLE,
					"Cannot reach the Bluesky server at " + pds.getHost());
		}
		int status = answer.getStatusCode().value();
		XrpcError error = XrpcError.of(PlatformHttp.jsonObject(this.json, answer.getBody()));
		if (status == 200) {
			JsonNode reply = PlatformHttp.jsonObject(this.json, answer.getBody());
			String did = PlatformHttp.text(reply, "did");
			String handle = PlatformHttp.text(reply, "handle");
			String access = PlatformHttp.text(reply, "accessJwt");
			String refresh = PlatformHttp.text(reply, "refreshJwt");
			if (did == null || access == null || refresh == null) {
				throw new BlueskySessionException(BlueskySessionException.Reason.UNAVAILABLE,
						"The Bluesky server at " + pds.getHost() + " answered a session without tokens");
			}
			return new BlueskySession(did, (handle != null) ? handle : did, access, refresh);
		}
		BlueskySessionException.Reason reason;
		if (status == 429) {
			reason = BlueskySessionException.Reason.RATE_LIMITED;
		}
		else if (status >= 500) {
			reason = BlueskySessionException.Reason.UNAVAILABLE;
		}
		else if ("ExpiredToken".equals(error.error())) {
			reason = BlueskySessionException.Reason.EXPIRED;
		}
		else if ("InvalidToken".equals(error.error())) {
			reason = BlueskySessionException.Reason.INVALID;
		}
		else if (status == 401 || "AuthenticationRequired".equals(error.error())) {
			reason = BlueskySessionException.Reason.BAD_CREDENTIALS;
		}
		else {
			reason = BlueskySessionException.Reason.REFUSED;
		}
		throw new BlueskySessionException(reason,
				"The Bluesky server at " + pds.getHost() + " refused " + method + " with " + status + error.describe());
	}

	// Publishing

	@Override
	public PublishResult publish(PublishRequest request) {
		Map<String, String> state = request.state();
		int part = nextPart(request);
		if (part == 0) {
			List<Media> media = request.content().media();
			for (int i = 0; i < media.size(); i++) {
				if (!state.containsKey(BLOB + i)) {
					return uploadBlob(request, i);
				}
			}
		}
		String rkey = state.get(key("rkey", part));
		if (rkey == null) {
			// the key is saved before the write: a repeated write of it can never post
			// twice
			return pending(state, Map.of(key("rkey", part), this.tids.next()));
		}
		return createRecord(request, part, rkey);
	}

	/**
	 * Looks the unsettled part up by its saved record key: found means published (or,
	 * within a thread, the next part may follow), absent means writing it again is safe.
	 */
	@Override
	public PublishResult reconcile(PublishRequest request) {
		int part = nextPart(request);
		String rkey = request.state().get(key("rkey", part));
		if (rkey == null) {
			return new PublishResult.Transient("Nothing was sent yet");
		}
		ChannelAccess channel = request.channel();
		URI uri = xrpc(channel.endpoint(), "com.atproto.repo.getRecord").queryParam("repo", did(channel))
			.queryParam("collection", POST)
			.queryParam("rkey", rkey)
			.encode()
			.build()
			.toUri();
		ResponseEntity<byte[]> answer;
		try {
			// getRecord is public: no token, so that an expired one cannot hide the
			// answer
			answer = PlatformHttp.exchange(this.http.get().uri(uri));
		}
		catch (ResourceAccessException ex) {
			return new PublishResult.Unknown(
					"Cannot reach the Bluesky server at " + channel.endpoint().getHost() + " to look the post up");
		}
		int status = answer.getStatusCode().value();
		JsonNode reply = PlatformHttp.jsonObject(this.json, answer.getBody());
		if (status == 200) {
			String recordUri = PlatformHttp.text(reply, "uri");
			String cid = PlatformHttp.text(reply, "cid");
			if (recordUri == null || cid == null) {
				return new PublishResult.Unknown("The Bluesky server answered a record without uri or cid");
			}
			return accepted(request, part, rkey, recordUri, cid);
		}
		XrpcError error = XrpcError.of(reply);
		if (status == 400 && "RecordNotFound".equals(error.error())) {
			return new PublishResult.Transient("The post is not on Bluesky: publishing again is safe");
		}
		return new PublishResult.Unknown(
				"Looking the post up on Bluesky answered " + status + error.describe() + ": still unknown");
	}

	private PublishResult createRecord(PublishRequest request, int part, String rkey) {
		ChannelAccess channel = request.channel();
		String text = request.content().parts().get(part);
		ObjectNode record = this.json.createObjectNode();
		record.put("$type", POST);
		record.put("text", text);
		record.put("createdAt", Instant.now(this.clock).truncatedTo(ChronoUnit.MILLIS).toString());
		ArrayNode facets = facets(channel, text);
		if (!facets.isEmpty()) {
			record.set("facets", facets);
		}
		record.putArray("langs").add("en");
		if (part == 0 && !request.content().media().isEmpty()) {
			record.set("embed", images(request));
		}
		if (part > 0) {
			ObjectNode reply = record.putObject("reply");
			ObjectNode root = reply.putObject("root");
			root.put("uri", request.state().get(key("uri", 0)));
			root.put("cid", request.state().get(key("cid", 0)));
			ObjectNode parent = reply.putObject("parent");
			parent.put("uri", request.state().get(key("uri", part - 1)));
			parent.put("cid", request.state().get(key("cid", part - 1)));
		}
		ObjectNode body = this.json.createObjectNode();
		body.put("repo", did(channel));
		body.put("collection", POST);
		body.put("rkey", rkey);
		body.set("record", record);
		ResponseEntity<byte[]> answer;
		try {
			answer = PlatformHttp.exchange(this.http.post()
				.uri(xrpc(channel.endpoint(), "com.atproto.repo.createRecord").build().toUri())
				.contentType(MediaType.APPLICATION_JSON)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + channel.secret())
				.body(this.json.writeValueAsBytes(body)));
		}
		catch (ResourceAccessException ex) {
			return notAnswered(ex, channel.endpoint());
		}
		return classify(answer, request, part, rkey);
	}

	/**
	 * Uploads image {@code index} and hands back its blob ref to save. An upload without
	 * an answer is only {@link PublishResult.Transient}: uploading the same bytes again
	 * makes the same blob (its cid is the hash of the bytes), and a blob no record
	 * references is dropped by the PDS, so a second upload can never show twice.
	 */
	private PublishResult uploadBlob(PublishRequest request, int index) {
		ChannelAccess channel = request.channel();
		Media medium = request.content().media().get(index);
		java.nio.file.Path file;
		try {
			file = medium.file();
		}
		catch (java.io.IOException ex) {
			return PublishResult.Transient.unreadable(medium, ex);
		}
		ResponseEntity<byte[]> answer;
		try {
			answer = PlatformHttp.exchange(this.http.post()
				.uri(xrpc(channel.endpoint(), "com.atproto.repo.uploadBlob").build().toUri())
				.contentType(MediaType.parseMediaType(medium.mimeType()))
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + channel.secret())
				.body(new FileSystemResource(file)));
		}
		catch (ResourceAccessException ex) {
			return new PublishResult.Transient("The Bluesky server at " + channel.endpoint().getHost()
					+ " did not answer the upload of " + medium.id());
		}
		int status = answer.getStatusCode().value();
		JsonNode reply = PlatformHttp.jsonObject(this.json, answer.getBody());
		if (status == 200) {
			JsonNode blob = (reply != null) ? reply.get("blob") : null;
			if (blob == null || !blob.isObject() || blob.at("/ref/$link").asString("").isEmpty()) {
				return new PublishResult.Transient("Bluesky answered the upload of " + medium.id() + " without a blob");
			}
			return pending(request.state(), Map.of(BLOB + index, this.json.writeValueAsString(blob)));
		}
		XrpcError error = XrpcError.of(reply);
		if (status == 429) {
			return new PublishResult.RateLimited(
					RateLimitHeaders.waitFrom(answer.getHeaders(), this.clock).orElse(DEFAULT_RATE_LIMIT_WAIT));
		}
		if (refusesSession(status, error)) {
			return new PublishResult.NeedsReauth("Bluesky refused the session: " + error.orDefault("sign in again"));
		}
		if (status >= 500 || status == 408) {
			return new PublishResult.Transient(
					"Bluesky answered " + status + error.describe() + " to the upload of " + medium.id());
		}
		return new PublishResult.Rejected(
				medium.id() + ": Bluesky refused the image: " + error.orDefault("status " + status));
	}

	/** The {@code app.bsky.embed.images} embed of the saved blob refs, in order. */
	private ObjectNode images(PublishRequest request) {
		ObjectNode embed = this.json.createObjectNode();
		embed.put("$type", "app.bsky.embed.images");
		ArrayNode images = embed.putArray("images");
		List<Media> media = request.content().media();
		for (int i = 0; i < media.size(); i++) {
			ObjectNode image = images.addObject();
			image.set("image", this.json.readTree(request.state().get(BLOB + i)));
			// the lexicon requires alt, empty when there is none
			image.put("alt", Objects.requireNonNullElse(media.get(i).altText(), ""));
			if (media.get(i).width() != null && media.get(i).height() != null) {
				// lets apps lay the picture out before it loads
				ObjectNode ratio = image.putObject("aspectRatio");
				ratio.put("width", media.get(i).width());
				ratio.put("height", media.get(i).height());
			}
		}
		return embed;
	}

	private PublishResult classify(ResponseEntity<byte[]> answer, PublishRequest request, int part, String rkey) {
		int status = answer.getStatusCode().value();
		JsonNode reply = PlatformHttp.jsonObject(this.json, answer.getBody());
		if (status == 200) {
			String uri = PlatformHttp.text(reply, "uri");
			String cid = PlatformHttp.text(reply, "cid");
			if (uri == null || cid == null) {
				return new PublishResult.Unknown("Bluesky accepted the post without answering its uri");
			}
			return accepted(request, part, rkey, uri, cid);
		}
		XrpcError error = XrpcError.of(reply);
		if (status == 429) {
			return new PublishResult.RateLimited(
					RateLimitHeaders.waitFrom(answer.getHeaders(), this.clock).orElse(DEFAULT_RATE_LIMIT_WAIT));
		}
		if (refusesSession(status, error)) {
			return new PublishResult.NeedsReauth("Bluesky refused the session: " + error.orDefault("sign in again"));
		}
		if (status == 500) {
			// the reference PDS answers 500 when the record key exists: the post may be
			// there
			return new PublishResult.Unknown(
					"Bluesky answered 500" + error.describe() + ": the post may exist; look it up before retrying");
		}
		if (status >= 500 || status == 408) {
			return new PublishResult.Transient("Bluesky answered " + status + error.describe());
		}
		return new PublishResult.Rejected("Bluesky refused the post: " + error.orDefault("status " + status));
	}

	private static boolean refusesSession(int status, XrpcError error) {
		return "ExpiredToken".equals(error.error()) || "InvalidToken".equals(error.error()) || status == 401;
	}

	/**
	 * A part is on Bluesky: the last one completes the post (its id is the first part's
	 * at-uri), an earlier one hands back its uri and cid for the replies that follow.
	 */
	private PublishResult accepted(PublishRequest request, int part, String rkey, String uri, String cid) {
		int parts = request.content().parts().size();
		if (part < parts - 1) {
			return pending(request.state(), Map.of(key("uri", part), uri, key("cid", part), cid));
		}
		String rootUri = (part == 0) ? uri : request.state().get(key("uri", 0));
		String rootRkey = (part == 0) ? rkey : request.state().get(key("rkey", 0));
		return new PublishResult.Published(Objects.requireNonNull(rootUri), URI.create(
				"https://bsky.app/profile/" + did(request.channel()) + "/post/" + Objects.requireNonNull(rootRkey)));
	}

	// Metrics

	/**
	 * Reads a post's counts with {@code app.bsky.feed.getPosts}, asked of the account's
	 * PDS with the access token (the PDS hands {@code app.bsky.*} calls on to its
	 * AppView). A post the AppView does not return (deleted, or not indexed yet) has no
	 * metrics. Bluesky counts no views.
	 * @param platformPostId the post's at-uri, as {@link PublishResult.Published}
	 * answered it
	 */
	@Override
	public Optional<PostMetrics> metrics(ChannelAccess channel, String platformPostId) {
		Assert.notNull(channel, "channel must not be null");
		Assert.isTrue(platformPostId != null && platformPostId.startsWith("at://"),
				"A Bluesky post id must be its at:// URI");
		String host = channel.endpoint().getHost();
		ResponseEntity<byte[]> answer;
		try {
			answer = PlatformHttp.exchange(this.http.get()
				.uri(xrpc(channel.endpoint(), "app.bsky.feed.getPosts").queryParam("uris", platformPostId)
					.encode()
					.build()
					.toUri())
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + channel.secret()));
		}
		catch (ResourceAccessException ex) {
			throw new MetricsUnavailable(ErrorClass.TRANSIENT,
					"Cannot reach the Bluesky server at " + host + " to read the post's counts");
		}
		int status = answer.getStatusCode().value();
		JsonNode reply = PlatformHttp.jsonObject(this.json, answer.getBody());
		if (status == 200) {
			JsonNode posts = (reply != null) ? reply.get("posts") : null;
			if (posts == null || !posts.isArray()) {
				throw new MetricsUnavailable(ErrorClass.TRANSIENT,
						"The Bluesky server at " + host + " answered getPosts without posts");
			}
			for (JsonNode post : posts) {
				if (platformPostId.equals(PlatformHttp.text(post, "uri"))) {
					return Optional.of(new PostMetrics(post.path("likeCount").asLong(0),
							post.path("repostCount").asLong(0), post.path("replyCount").asLong(0),
							post.hasNonNull("quoteCount") ? post.get("quoteCount").asLong() : null, null,
							this.clock.instant()));
				}
			}
			return Optional.empty();
		}
		XrpcError error = XrpcError.of(reply);
		if (status == 429) {
			throw new MetricsUnavailable(ErrorClass.RATE_LIMITED, "Bluesky asks to wait before reading counts again",
					RateLimitHeaders.waitFrom(answer.getHeaders(), this.clock).orElse(DEFAULT_RATE_LIMIT_WAIT));
		}
		if (refusesSession(status, error)) {
			throw new MetricsUnavailable(ErrorClass.AUTH_EXPIRED,
					"Bluesky refused the session: " + error.orDefault("sign in again"));
		}
		if (status >= 500 || status == 408) {
			throw new MetricsUnavailable(ErrorClass.TRANSIENT, "Bluesky answered " + status + error.describe());
		}
		throw new MetricsUnavailable(ErrorClass.INVALID_CONTENT,
				"Bluesky refused to read the post's counts: " + error.orDefault("status " + status));
	}

	private static PublishResult notAnswered(ResourceAccessException ex, URI endpoint) {
		return PlatformHttp.notAnswered(ex, "the Bluesky server at " + endpoint.getHost(),
				"the post may or may not exist");
	}

	private ArrayNode facets(ChannelAccess channel, String text) {
		ArrayNode facets = this.json.createArrayNode();
		for (Facets.Span span : Facets.find(text)) {
			ObjectNode feature = this.json.createObjectNode();
			switch (span.kind()) {
				case LINK -> {
					feature.put("$type", "app.bsky.richtext.facet#link");
					feature.put("uri", span.value());
				}
				case TAG -> {
					feature.put("$type", "app.bsky.richtext.facet#tag");
					feature.put("tag", span.value());
				}
				case MENTION -> {
					Optional<String> did = resolveHandle(channel, span.value());
					if (did.isEmpty()) {
						// an unknown handle stays plain text, as in the Bluesky app
						continue;
					}
					feature.put("$type", "app.bsky.richtext.facet#mention");
					feature.put("did", did.get());
				}
			}
			ObjectNode facet = facets.addObject();
			ObjectNode index = facet.putObject("index");
			index.put("byteStart", span.byteStart());
			index.put("byteEnd", span.byteEnd());
			facet.putArray("features").add(feature);
		}
		return facets;
	}

	private Optional<String> resolveHandle(ChannelAccess channel, String handle) {
		try {
			ResponseEntity<byte[]> answer = PlatformHttp.exchange(this.http.get()
				.uri(xrpc(channel.endpoint(), "com.atproto.identity.resolveHandle").queryParam("handle", handle)
					.encode()
					.build()
					.toUri()));
			String did = (answer.getStatusCode().value() == 200)
					? PlatformHttp.text(PlatformHttp.jsonObject(this.json, answer.getBody()), "did") : null;
			return Optional.ofNullable(did).filter((value) -> value.startsWith("did:"));
		}
		catch (ResourceAccessException ex) {
			return Optional.empty();
		}
	}

	/** The first part that is not on Bluesky yet. */
	private static int nextPart(PublishRequest request) {
		int parts = request.content().parts().size();
		for (int part = 0; part < parts - 1; part++) {
			if (!request.state().containsKey(key("uri", part))) {
				return part;
			}
		}
		return parts - 1;
	}

	static String key(String name, int part) {
		return (part == 0) ? name : name + "." + part;
	}

	private static PublishResult pending(Map<String, String> state, Map<String, String> added) {
		Map<String, String> next = new HashMap<>(state);
		next.putAll(added);
		return new PublishResult.Pending(next, Duration.ZERO);
	}

	private static String did(ChannelAccess channel) {
		String did = channel.accountId();
		Assert.state(did != null && did.startsWith("did:"), "A Bluesky channel's account id must be its DID");
		return did;
	}

	private static UriComponentsBuilder xrpc(URI pds, String method) {
		return UriComponentsBuilder.fromUri(pds).replacePath("/xrpc/" + method).replaceQuery(null);
	}

	/** The XRPC error body, {@code {"error": "...", "message": "..."}}. */
	private record XrpcError(@Nullable String error, @Nullable String message) {

		static XrpcError of(@Nullable JsonNode body) {
			return new XrpcError(PlatformHttp.text(body, "error"), PlatformHttp.text(body, "message"));
		}

		String describe() {
			if (this.error == null && this.message == null) {
				return "";
			}
			return " (" + ((this.error != null) ? this.error : "")
					+ ((this.error != null && this.message != null) ? ": " : "")
					+ ((this.message != null) ? this.message : "") + ")";
		}

		String orDefault(String fallback) {
			return (this.message != null) ? this.message : (this.error != null) ? this.error : fallback;
		}

	}

}
