package dev.herald.platform;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * What the adapters share about HTTP: one way to build their client from
 * {@link PlatformSettings}, and one reading of a request that got no answer.
 */
public final class PlatformHttp {

	private PlatformHttp() {
	}

	/** A client builder with the settings' timeouts that never follows redirects. */
	public static RestClient.Builder client(PlatformSettings settings) {
		HttpClient client = HttpClient.newBuilder()
			.connectTimeout(settings.connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
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
		Throwable cause = ex.getCause();
		boolean neverConnected = cause instanceof ConnectException || cause instanceof UnknownHostException
				|| cause instanceof HttpConnectTimeoutException;
		if (!neverConnected && cause instanceof IOException) {
			return new PublishResult.Unknown(Character.toUpperCase(peer.charAt(0)) + peer.substring(1)
					+ " did not answer in time: " + uncertainty);
		}
		return new PublishResult.Transient("Cannot reach " + peer);
	}

}
