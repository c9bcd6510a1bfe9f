package dev.herald.platform;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.ResponseEntity;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * What the adapters share about HTTP: one way to build their client from
 * {@link PlatformSettings}, one reading of a request that got no answer, and one careful
 * reading of the bodies platforms answer (which may be an HTML error page from a proxy).
 */
public final class PlatformHttp {

	/**
	 * Connections to one host at once; the dispatcher's per-platform cap stays below it.
	 */
	private static final int MAX_CONNECTIONS = 512;

	private PlatformHttp() {
	}

	/**
	 * A client builder with the settings' timeouts that never follows redirects and never
	 * repeats a request by itself (a repeated POST could publish twice). Apache
	 * HttpClient, blocking on the caller's virtual thread: a burst of publishes costs
	 * Herald about a fifth less CPU than with the JDK's asynchronous client
	 * (bench/publish-burst.sh). A pooled connection is checked before every use (a
	 * millisecond's wait for an end of stream), so that a post is not sent into a
	 * connection the platform has closed, which would leave its outcome unknown.
	 */
	public static RestClient.Builder client(PlatformSettings settings) {
		ConnectionConfig connections = ConnectionConfig.custom()
			.setConnectTimeout(Timeout.of(settings.connectTimeout()))
			.setSocketTimeout(Timeout.of(settings.readTimeout()))
			.setValidateAfterInactivity(TimeValue.ZERO_MILLISECONDS)
			.build();
		CloseableHttpClient client = HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setDefaultConnectionConfig(connections)
				.setMaxConnPerRoute(MAX_CONNECTIONS)
				.setMaxConnTotal(MAX_CONNECTIONS * 4)
				.build())
			.setDefaultRequestConfig(RequestConfig.custom()
				.setConnectionRequestTimeout(Timeout.of(settings.connectTimeout()))
				.setResponseTimeout(Timeout.of(settings.readTimeout()))
				.build())
			.disableRedirectHandling()
			.disableAutomaticRetries()
			.disableCookieManagement()
			.disableAuthCaching()
			.build();
		return RestClient.builder().requestFactory(new HttpComponentsClientHttpRequestFactory(client));
	}

	/**
	 * Sends the request and answers the platform's status, headers and body, whatever the
	 * status: an error status is the adapter's to classify, never an exception. The body
	 * is read as bytes straight from the response, without {@code retrieve()}'s message
	 * converters and copies of the headers (in a profile of bench/publish-burst.sh,
	 * RestClient's own layer around the HTTP client took a quarter of a platform call's
	 * samples). A request without an answer throws {@link ResourceAccessException}, as
	 * {@code retrieve()} does.
	 */
	public static ResponseEntity<byte[]> exchange(RestClient.RequestHeadersSpec<?> request) {
		return request.exchange((sent, answer) -> new ResponseEntity<>(answer.getBody().readAllBytes(),
				answer.getHeaders(), answer.getStatusCode()));
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
				|| cause instanceof ConnectTimeoutException || cause instanceof ConnectionRequestTimeoutException
				|| !(cause instanceof IOException);
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
