package dev.herald.platform.mastodon;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.util.Assert;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Publishes statuses to a Mastodon instance ({@code POST /api/v1/statuses}) with the
 * account's access token, always under an {@code Idempotency-Key} that is stable per
 * target (and per part of a thread). A thread is published one part per step: each
 * accepted part is handed back in {@link PublishResult.Pending} state ({@code part.<i>} =
 * its status id) so that it is saved before the next part replies to it, and a resumed
 * thread never posts a saved part again. Limits come from the instance's
 * {@code GET /api/v2/instance}, cached for an hour per instance; a status's counts from
 * {@code GET /api/v1/statuses/:id}. Connecting an account is {@link MastodonAccounts}'s
 * work.
 * <p>
 * Media of the first part are uploaded first, one step each ({@code POST /api/v2/media}),
 * and each media id is handed back ({@code media.<i>}) before anything else; a medium the
 * instance is still processing (202) is polled ({@code GET /api/v1/media/:id}, 206 while
 * processing) in later steps until it is ready ({@code media.<i>.ready}). Only then is
 * the status posted, with {@code media_ids} in order.
 */
@Component
class MastodonPlatform implements Platform {

	/** State key of the status id of part {@code i}: {@code part.<i>}. */
	static final String PART = "part.";

	/** State key of the first status's URL, answered when the thread is complete. */
	static final String FIRST_URL = "url.0";

	/** State key of the media id of medium {@code i}: {@code media.<i>}. */
	static final String MEDIA = "media.";

	/**
	 * Suffix of the state key saying medium {@code i} is processed:
	 * {@code media.<i>.ready}.
	 */
	static final String READY = ".ready";

	/** How long to wait before asking again about a medium the instance is processing. */
	static final Duration PROCESSING_WAIT = Duration.ofSeconds(2);

	/** Mastodon's own defaults, in Rails' binary megabytes. */
	private static final long DEFAULT_IMAGE_BYTES = 16L * 1024 * 1024;

	private static final long DEFAULT_VIDEO_BYTES = 99L * 1024 * 1024;

	private static final int DEFAULT_MAX_CHARACTERS = 500;

	private static final int DEFAULT_MAX_MEDIA = 4;

	private static final int DEFAULT_URL_LENGTH = 23;

	private static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofMinutes(5);

	private final RestClient http;

	private final JsonMapper json;

	private final Clock clock;

	private final Cache<String, Capabilities> capabilities;

	MastodonPlatform(PlatformSettings settings, JsonMapper json, Clock clock) {
		this.http = PlatformHttp.client(settings).build();
		this.json = json;
		this.clock = clock;
		this.capabilities = Caffeine.newBuilder()
			// evictions on the caller's thread, never queued behind the 1-worker common
			// pool
			.executor(Runnable::run)
			.expireAfterWrite(Duration.ofHours(1))
			.maximumSize(10_000)
			.ticker(() -> {
				Instant now = clock.instant();
				return now.getEpochSecond() * 1_000_000_000L + now.getNano();
			})
			.build();
	}

	@Override
	public PlatformKind kind() {
		return PlatformKind.MASTODON;
	}

	/**
	 * The instance's limits, read from {@code GET /api/v2/instance} and cached for an
	 * hour per instance. Mastodon's defaults (500 characters, 4 media, 23 per link) fill
	 * in only what the instance's answer leaves out; an instance that cannot be read is
	 * an exception, never a silent default.
	 */
	@Override
	public Capabilities capabilities(ChannelAccess channel) {
		Assert.notNull(channel, "channel must not be null");
		String base = base(channel.endpoint());
		Capabilities cached = this.capabilities.getIfPresent(base);
		if (cached != null) {
			return cached;
		}
		// read outside the cache's lock: a slow instance must not block other look-ups
		Capabilities read = readInstance(base);
		this.capabilities.put(base, read);
		return read;
	}

	private Capabilities readInstance(String base) {
		byte[] body = this.http.get()
			.uri(URI.create(base + "/api/v2/instance"))
			.accept(MediaType.APPLICATION_JSON)
			.retrieve()
			.body(byte[].class);
		JsonNode instance = (body != null) ? this.json.readTree(body) : null;
		if (instance == null || !instance.isObject()) {
			throw new IllegalStateException("The Mastodon instance at " + base + " did not describe itself");
		}
		JsonNode statuses = instance.path("configuration").path("statuses");
		JsonNode media = instance.path("configuration").path("media_attachments");
		Set<String> types = new HashSet<>();
		media.path("supported_mime_types").forEach((type) -> {
			if (type.isString()) {
				types.add(type.asString());
			}
		});
		MediaLimits limits = new MediaLimits(positive(media, "image_size_limit", DEFAULT_IMAGE_BYTES),
				positive(media, "video_size_limit", DEFAULT_VIDEO_BYTES), types);
		return new Capabilities(positive(statuses, "max_characters", DEFAULT_MAX_CHARACTERS), TextCounting.CODE_POINTS,
				null, positive(statuses, "max_media_attachments", DEFAULT_MAX_MEDIA), true, false,
				positive(statuses, "characters_reserved_per_url", DEFAULT_URL_LENGTH), limits);
	}

	private static int positive(JsonNode node, String field, int fallback) {
		JsonNode value = node.get(field);
		return (value != null && value.isIntegralNumber() && value.asInt() > 0) ? value.asInt() : fallback;
	}

	private static long positive(JsonNode node, String field, long fallback) {
		JsonNode value = node.get(field);
		return (value != null && value.isIntegralNumber() && value.asLong() > 0) ? value.asLong() : fallback;
	}

	@Override
	public PublishResult publish(PublishRequest request) {
		Assert.notNull(request, "request must not be null");
		List<String> parts = request.content().parts();
		Map<String, String> state = new HashMap<>(request.state());
		int next = 0;
		while (state.containsKey(PART + next)) {
			next++;
		}
		if (next >= parts.size()) {
			// every part was accepted and saved earlier: nothing left to post
			return published(state);
		}
		if (next == 0) {
			PublishResult mediaStep = nextMediaStep(request, state);
			if (mediaStep != null) {
				return mediaStep;
			}
		}
		boolean thread = parts.size() > 1;
		String key = thread ? request.idempotencyKey() + "-" + next : request.idempotencyKey();
		ObjectNode status = this.json.createObjectNode();
		status.put("status", parts.get(next));
		status.put("visibility", "public");
		if (next > 0) {
			status.put("in_reply_to_id", state.get(PART + (next - 1)));
		}
		else if (!request.content().media().isEmpty()) {
			ArrayNode mediaIds = status.putArray("media_ids");
			for (int i = 0; i < request.content().media().size(); i++) {
				mediaIds.add(state.get(MEDIA + i));
			}
		}
		ResponseEntity<byte[]> answer;
		try {
			answer = PlatformHttp.exchange(this.http.post()
				.uri(URI.create(base(request.channel().endpoint()) + "/api/v1/statuses"))
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.APPLICATION_JSON)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + request.channel().secret())
				.header("Idempotency-Key", key)
				.header(HttpHeaders.USER_AGENT, "Herald/1")
				.body(this.json.writeValueAsBytes(status)));
		}
		catch (ResourceAccessException ex) {
			return notAnswered(ex, request.channel().endpoint());
		}
		int code = answer.getStatusCode().value();
		if (code >= 200 && code < 300) {
			JsonNode accepted = PlatformHttp.jsonObject(this.json, answer.getBody());
			if (accepted == null || !accepted.hasNonNull("id")) {
				return new PublishResult.Unknown("The Mastodon instance at " + request.channel().endpoint().getHost()
						+ " answered " + code + " without a status");
			}
			state.put(PART + next, accepted.get("id").asString());
			if (next == 0) {
				String url = PlatformHttp.text(accepted, "url");
				state.put(FIRST_URL,
						(url != null) ? url : Objects.requireNonNullElse(PlatformHttp.text(accepted, "uri"), ""));
			}
			return (next == parts.size() - 1) ? published(state) : new PublishResult.Pending(state, Duration.ZERO);
		}
		return failed(answer, request.channel().endpoint());
	}

	/**
	 * The step a medium of the first part still needs (its upload, or a look at whether
	 * the instance has processed it), or {@code null} when every medium is ready.
	 */
	private @Nullable PublishResult nextMediaStep(PublishRequest request, Map<String, String> state) {
		List<Media> media = request.content().media();
		for (int i = 0; i < media.size(); i++) {
			String id = state.get(MEDIA + i);
			if (id == null) {
				return upload(request, state, i);
			}
			if (!state.containsKey(MEDIA + i + READY)) {
				return poll(request, state, i, id);
			}
		}
		return null;
	}

	private PublishResult upload(PublishRequest request, Map<String, String> state, int index) {
		Media medium = request.content().media().get(index);
		java.nio.file.Path file;
		try {
			file = medium.file();
		}
		catch (java.io.IOException ex) {
			return PublishResult.Transient.unreadable(medium, ex);
		}
		// a plain form, not MultipartBodyBuilder, which needs Reactive Streams
		HttpHeaders fileHeaders = new HttpHeaders();
		fileHeaders.setContentType(MediaType.parseMediaType(medium.mimeType()));
		MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
		form.add("file", new HttpEntity<>(new FileSystemResource(file), fileHeaders));
		if (medium.altText() != null && !medium.altText().isBlank()) {
			form.add("description", medium.altText());
		}
		ResponseEntity<byte[]> answer;
		try {
			answer = PlatformHttp.exchange(this.http.post()
				.uri(URI.create(base(request.channel().endpoint()) + "/api/v2/media"))
				.contentType(MediaType.MULTIPART_FORM_DATA)
				.accept(MediaType.APPLICATION_JSON)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + request.channel().secret())
				.header(HttpHeaders.USER_AGENT, "Herald/1")
				.body(form));
		}
		catch (ResourceAccessException ex) {
			// unlike a status, an upload is safe to send again whatever happened: a
			// medium that was stored but never attached is only an orphan the instance
			// deletes after a day, never a second post
			return new PublishResult.Transient("The Mastodon instance at " + request.channel().endpoint().getHost()
					+ " did not answer the upload of " + medium.id());
		}
		int code = answer.getStatusCode().value();
		if (code == 200 || code == 202) {
			JsonNode uploaded = PlatformHttp.jsonObject(this.json, answer.getBody());
			String id = PlatformHttp.text(uploaded, "id");
			if (id == null) {
				return new PublishResult.Transient("The Mastodon instance at " + request.channel().endpoint().getHost()
						+ " answered the upload of " + medium.id() + " without a media id");
			}
			Map<String, String> next = new HashMap<>(state);
			next.put(MEDIA + index, id);
			if (code == 200) {
				next.put(MEDIA + index + READY, "true");
				return new PublishResult.Pending(next, Duration.ZERO);
			}
			return new PublishResult.Pending(next, PROCESSING_WAIT);
		}
		return aboutMedium(failed(answer, request.channel().endpoint()), medium);
	}

	private PublishResult poll(PublishRequest request, Map<String, String> state, int index, String id) {
		Media medium = request.content().media().get(index);
		ResponseEntity<byte[]> answer;
		try {
			answer = PlatformHttp.exchange(this.http.get()
				.uri(base(request.channel().endpoint()) + "/api/v1/media/{id}", id)
				.accept(MediaType.APPLICATION_JSON)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + request.channel().secret())
				.header(HttpHeaders.USER_AGENT, "Herald/1"));
		}
		catch (ResourceAccessException ex) {
			// a read: asking again is always safe
			return new PublishResult.Transient("The Mastodon instance at " + request.channel().endpoint().getHost()
					+ " did not answer about " + medium.id());
		}
		int code = answer.getStatusCode().value();
		if (code == 206) {
			return new PublishResult.Pending(state, PROCESSING_WAIT);
		}
		if (code == 200) {
			Map<String, String> next = new HashMap<>(state);
			next.put(MEDIA + index + READY, "true");
			return new PublishResult.Pending(next, Duration.ZERO);
		}
		if (code == 404) {
			// unattached media are deleted after a day: the upload cannot be used any
			// more
			return new PublishResult.Rejected(medium.id() + ": the Mastodon instance at "
					+ request.channel().endpoint().getHost() + " no longer has the uploaded file");
		}
		return aboutMedium(failed(answer, request.channel().endpoint()), medium);
	}

	/** A refusal names the file, so that the user knows which one to fix. */
	private static PublishResult aboutMedium(PublishResult result, Media medium) {
		return (result instanceof PublishResult.Rejected rejected)
				? new PublishResult.Rejected(medium.id() + ": " + rejected.reason()) : result;
	}

	/**
	 * Mastodon answers a repeated {@code Idempotency-Key} with the status it already
	 * created, so the same step is sent again under the same key. This holds for
	 * <strong>one hour</strong> after the first attempt only (Mastodon forgets the key
	 * then): reconciling later than that may post a second time. For a part of a thread
	 * that is not the last, the answer is the {@link PublishResult.Pending} state of that
	 * part, to be saved like any other step's.
	 */
	@Override
	public PublishResult reconcile(PublishRequest request) {
		return publish(request);
	}

	/**
	 * A status's counts from {@code GET /api/v1/statuses/:id}: favourites, boosts,
	 * replies, and quotes where the instance counts them (Mastodon 4.5 and later);
	 * Mastodon counts no views. A status the instance no longer has (404: deleted, or no
	 * longer visible to the account) has no metrics.
	 */
	@Override
	public Optional<PostMetrics> metrics(ChannelAccess channel, String platformPostId) {
		Assert.notNull(channel, "channel must not be null");
		Assert.hasText(platformPostId, "platformPostId must not be empty");
		String host = channel.endpoint().getHost();
		ResponseEntity<byte[]> answer;
		try {
			answer = PlatformHttp.exchange(this.http.get()
				.uri(base(channel.endpoint()) + "/api/v1/statuses/{id}", platformPostId)
				.accept(MediaType.APPLICATION_JSON)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + channel.secret()));
		}
		catch (ResourceAccessException ex) {
			throw new MetricsUnavailable(ErrorClass.TRANSIENT,
					"Cannot reach the Mastodon instance at " + host + " to read the status's counts");
		}
		int code = answer.getStatusCode().value();
		JsonNode body = PlatformHttp.jsonObject(this.json, answer.getBody());
		if (code >= 200 && code < 300) {
			if (body == null || !body.hasNonNull("id")) {
				throw new MetricsUnavailable(ErrorClass.TRANSIENT,
						"The Mastodon instance at " + host + " answered " + code + " without a status");
			}
			return Optional.of(new PostMetrics(body.path("favourites_count").asLong(0),
					body.path("reblogs_count").asLong(0), body.path("replies_count").asLong(0),
					body.hasNonNull("quotes_count") ? body.get("quotes_count").asLong() : null, null,
					this.clock.instant()));
		}
		if (code == 404) {
			return Optional.empty();
		}
		String error = PlatformHttp.text(body, "error");
		String said = (error != null) ? ": " + error : "";
		if (code == 401 || code == 403) {
			throw new MetricsUnavailable(ErrorClass.AUTH_EXPIRED,
					"The Mastodon instance at " + host + " refused the access token" + said);
		}
		if (code == 429) {
			throw new MetricsUnavailable(ErrorClass.RATE_LIMITED,
					"The Mastodon instance at " + host + " asks to wait before reading counts again",
					RateLimitHeaders.waitFrom(answer.getHeaders(), this.clock).orElse(DEFAULT_RATE_LIMIT_WAIT));
		}
		if (code == 408 || code >= 500) {
			throw new MetricsUnavailable(ErrorClass.TRANSIENT,
					"The Mastodon instance at " + host + " answered " + code + said);
		}
		throw new MetricsUnavailable(ErrorClass.INVALID_CONTENT,
				"The Mastodon instance at " + host + " refused to show status " + platformPostId + said);
	}

	private static PublishResult published(Map<String, String> state) {
		String url = state.get(FIRST_URL);
		return new PublishResult.Published(state.get(PART + 0), PlatformHttp.webUrl(url));
	}

	private PublishResult failed(ResponseEntity<byte[]> answer, URI endpoint) {
		int code = answer.getStatusCode().value();
		String host = endpoint.getHost();
		String error = PlatformHttp.text(PlatformHttp.jsonObject(this.json, answer.getBody()), "error");
		if (code == 401 || code == 403) {
			// 403: the token lacks write:statuses, or the account is disabled; either way
			// the user must connect again
			return new PublishResult.NeedsReauth(
					(error != null) ? error : "The Mastodon instance at " + host + " refused the access token");
		}
		if (code == 429) {
			return new PublishResult.RateLimited(
					RateLimitHeaders.waitFrom(answer.getHeaders(), this.clock).orElse(DEFAULT_RATE_LIMIT_WAIT));
		}
		if (code == 408 || code >= 500) {
			return new PublishResult.Transient(
					"The Mastodon instance at " + host + " answered " + code + ((error != null) ? ": " + error : ""));
		}
		return new PublishResult.Rejected(
				(error != null) ? error : "The Mastodon instance at " + host + " refused the post with " + code);
	}

	private static PublishResult notAnswered(ResourceAccessException ex, URI endpoint) {
		return PlatformHttp.notAnswered(ex, "the Mastodon instance at " + endpoint.getHost(),
				"the status may or may not have been posted");
	}

	private static String base(URI endpoint) {
		return endpoint.toString().replaceAll("/+$", "");
	}

}
