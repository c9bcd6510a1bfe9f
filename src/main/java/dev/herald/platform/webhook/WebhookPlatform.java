package dev.herald.platform.webhook;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.herald.platform.Capabilities;
import dev.herald.platform.ChannelAccess;
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

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Publishes a post by POSTing it as JSON to the channel's URL, signed so that the
 * receiver can trust it:
 * {@code Herald-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">} with the
 * channel's secret, and an {@code Idempotency-Key} that is the same on every attempt of a
 * target, so that a receiver that honours it never acts twice. A 2xx answer means
 * published. A webhook has no metrics.
 */
@Component
class WebhookPlatform implements Platform {

	static final String SIGNATURE_HEADER = "Herald-Signature";

	private static final Capabilities CAPABILITIES = new Capabilities(10_000, TextCounting.CODE_POINTS, null, 0, true,
			false);

	private final RestClient http;

	private final JsonMapper json;

	private final Clock clock;

	WebhookPlatform(PlatformSettings settings, JsonMapper json, Clock clock) {
		this.http = PlatformHttp.client(settings).build();
		this.json = json;
		this.clock = clock;
	}

	@Override
	public PlatformKind kind() {
		return PlatformKind.WEBHOOK;
	}

	@Override
	public Capabilities capabilities(ChannelAccess channel) {
		return CAPABILITIES;
	}

	/**
	 * The JSON a receiver gets.
	 *
	 * @param id the target's idempotency key, the same on every attempt
	 * @param text the post's text
	 * @param parts every part, for a thread
	 * @param sentAt when this attempt was sent
	 */
	record Payload(String id, String text, List<String> parts, Instant sentAt) {
	}

	@Override
	public PublishResult publish(PublishRequest request) {
		Instant now = Instant.now(this.clock);
		byte[] body = this.json.writeValueAsBytes(
				new Payload(request.idempotencyKey(), request.content().text(), request.content().parts(), now));
		String timestamp = Long.toString(now.getEpochSecond());
		ResponseEntity<byte[]> answer;
		try {
			answer = PlatformHttp.exchange(this.http.post()
				.uri(request.channel().endpoint())
				.contentType(MediaType.APPLICATION_JSON)
				.header("Idempotency-Key", request.idempotencyKey())
				.header(SIGNATURE_HEADER, signature(request.channel().secret(), timestamp, body))
				.header(HttpHeaders.USER_AGENT, "Herald-Webhook/1")
				.body(body));
		}
		catch (ResourceAccessException ex) {
			return notAnswered(ex, request.channel().endpoint());
		}
		return classify(answer, request);
	}

	/**
	 * A receiver acts once per {@code Idempotency-Key}: sending the same delivery again
	 * is how a webhook is reconciled.
	 */
	@Override
	public PublishResult reconcile(PublishRequest request) {
		return publish(request);
	}

	/**
	 * Always empty: a webhook receiver is told about a post, and nothing comes back about
	 * how it fared.
	 */
	@Override
	public Optional<PostMetrics> metrics(ChannelAccess channel, String platformPostId) {
		return Optional.empty();
	}

	private PublishResult classify(ResponseEntity<byte[]> answer, PublishRequest request) {
		int status = answer.getStatusCode().value();
		String host = request.channel().endpoint().getHost();
		if (status >= 200 && status < 300) {
			JsonNode reply = PlatformHttp.jsonObject(this.json, answer.getBody());
			String id = (reply != null && reply.hasNonNull("id")) ? reply.get("id").asString()
					: request.idempotencyKey();
			return new PublishResult.Published(id, PlatformHttp.webUrl(PlatformHttp.text(reply, "url")));
		}
		if (status == 429) {
			return new PublishResult.RateLimited(
					RateLimitHeaders.waitFrom(answer.getHeaders(), this.clock).orElse(Duration.ofMinutes(1)));
		}
		if (status == 408 || status >= 500) {
			return new PublishResult.Transient("The webhook at " + host + " answered " + status);
		}
		return new PublishResult.Rejected("The webhook at " + host + " refused the post with " + status
				+ excerpt(answer.getBody()) + ": check its URL and what it accepts");
	}

	private static PublishResult notAnswered(ResourceAccessException ex, URI endpoint) {
		return PlatformHttp.notAnswered(ex, "the webhook at " + endpoint.getHost(),
				"the post may or may not have arrived");
	}

	/**
	 * The signature a receiver recomputes: HMAC-SHA256 of {@code "<t>.<body>"} with the
	 * secret.
	 */
	static String signature(String secret, String timestamp, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
			return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

	private static String excerpt(byte @Nullable [] body) {
		if (body == null || body.length == 0) {
			return "";
		}
		String text = new String(body, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
		return " (" + ((text.length() > 200) ? text.substring(0, 200) + "…" : text) + ")";
	}

}
