package dev.herald.platform;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.util.concurrent.Executors;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * What the adapters share about HTTP: one way to build their client from
 * {@link PlatformSettings}, one reading of a request that got no answer, and one careful
 * reading of the bodies platforms answer (which may be an HTML error page from a proxy).
 */
public final class PlatformHttp {

	private PlatformHttp() {
	}

	/**
	 * A client builder with the settings' timeouts that never follows redirects. The
	 * client's own tasks (handing each answer back to the caller) run on virtual threads:
	 * a burst of publishes costs about a sixth less CPU than on the client's default pool
	 * of platform threads (bench/publish-burst.sh).
	 */
	public static RestClient.Builder client(PlatformSettings settings) {
		HttpClient client = HttpClient.newBuilder()
			.connectTimeout(settings.connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.executor(Executors.newVirtualThreadPerTaskExecutor())
			.build();
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(client);
		factory.setReadTimeout(settings.readTimeout());
		return RestClient.builder().requestFactory(factory);
	}

	/**
	 * A request without an answer: never connected is {@link PublishResult.Transient}
	 * (nothing was sent); sent but not answered in time is {@link PublishResult.Unknown}.
	 * @param ex what the client threw
	 * @param peer who was called, for example
	 * {@code "the Mastodon instance at mastodon.social"}
	 * @param uncertainty what may or may not have happened, for example
	 * {@code "the status may
	 * or may not have been posted"}
	 */
	public static PublishResult notAnswered(ResourceAccessException ex, String peer, String uncertainty) {
		if (!neverConnected(ex)) {
			return new PublishResult.Unknown(Character.toUpperCase(peer.charAt(0)) + peer.substring(1)
					+ " did not answer in time: " + uncertainty);
		}
		return new PublishResult.Transient("Cannot reach " + peer);
	}

	/**
	 * Whether a request without an answer surely never reached the peer (no connection:
	 * nothing was sent), as opposed to sent but not answered in time.
	 */
	public static boolean neverConnected(ResourceAccessException ex) {
		Throwable cause = ex.getCause();
		return cause instanceof ConnectException || cause instanceof UnknownHostException
				|| cause instanceof HttpConnectTimeoutException || !(cause instanceof IOException);
	}

	/**
	 * The body as a JSON object, or {@code null} when it is empty or anything else (an
	 * HTML page, a JSON array, garbage).
	 */
	public static @Nullable JsonNode jsonObject(JsonMapper json, byte @Nullable [] body) {
		if (body == null || body.length == 0) {
			return null;
		}
		try {
			JsonNode node = json.readTree(body);
			return (node != null && node.isObject()) ? node : null;
		}
		catch (RuntimeException notJson) {
			return null;
		}
	}

	/** A field's text, or {@code null} when it is absent, not a string, or blank. */
	public static @Nullable String text(@Nullable JsonNode node, String field) {
		JsonNode value = (node != null) ? node.get(field) : null;
		return (value != null && value.isString() && !value.asString().isBlank()) ? value.asString() : null;
	}

	/**
	 * An http(s) URL from a platform's answer, or {@code null} for anything else, so that
	 * a {@code javascript:} link can never reach a page.
	 */
	public static @Nullable URI webUrl(@Nullable String text) {
		if (text == null) {
			return null;
		}
		try {
			URI uri = URI.create(text);
			return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) ? uri : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
