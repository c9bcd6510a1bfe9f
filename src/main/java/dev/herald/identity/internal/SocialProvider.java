package dev.herald.identity.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * A provider users sign in with (Google, GitHub): where to send them, and how to turn the
 * code they come back with into who they are. Stateless: the sign-in in flight (state,
 * PKCE verifier, nonce) is kept by {@link SocialLogins}.
 */
interface SocialProvider {

	/**
	 * The provider's id in URLs and in user_identities: {@code google}, {@code github}.
	 */
	String id();

	/** The name users know it by. */
	String displayName();

	/** Whether its client id and secret are set. */
	boolean configured();

	/** The environment variables that configure it, for error messages. */
	String environmentVariables();

	/** Whether it speaks OpenID Connect (so that a nonce is sent and checked). */
	boolean openIdConnect();

	/** Where to send the user to sign in and authorize Herald. */
	URI authorizationUri(AuthorizationRequest request);

	/**
	 * Exchanges the code (with the PKCE verifier) and answers the provider's account.
	 * Throws an {@link dev.herald.common.ApiError} that says what to do when the provider
	 * refuses or cannot be reached.
	 */
	ProviderIdentity identify(String code, String redirectUri, SocialLoginStates.Pending pending);

	/**
	 * What goes into the authorization request.
	 *
	 * @param redirectUri where the provider sends the user back
	 * @param state the value that ties the callback to this request
	 * @param codeChallenge the PKCE challenge (S256)
	 * @param nonce the value the ID token must carry, for OpenID Connect
	 */
	record AuthorizationRequest(String redirectUri, String state, String codeChallenge, @Nullable String nonce) {
	}

	/**
	 * The account at the provider.
	 *
	 * @param provider the provider's id
	 * @param subject the provider's stable id of the account
	 * @param email the account's email address, if it has one
	 * @param emailVerified whether the provider vouches that the account owns it
	 * @param name a display name
	 */
	record ProviderIdentity(String provider, String subject, @Nullable String email, boolean emailVerified,
			String name) {
	}

	/**
	 * A provider's answer, read whatever its status, so that errors are classified from
	 * the status and the parsed body.
	 *
	 * @param status the HTTP status
	 * @param body the body, parsed as JSON (a missing node if it was not JSON)
	 */
	record Answer(int status, JsonNode body) {

		boolean ok() {
			return this.status >= 200 && this.status < 300;
		}

		@Nullable String text(String field) {
			return text(this.body, field);
		}

		static @Nullable String text(JsonNode node, String field) {
			JsonNode value = node.get(field);
			return (value == null || value.isNull() || value.isContainer()) ? null : value.asString();
		}

		static Answer read(int status, byte[] body, JsonMapper json) {
			try {
				return new Answer(status, json.readTree(new String(body, StandardCharsets.UTF_8)));
			}
			catch (JacksonException ex) {
				return new Answer(status, MissingNode.getInstance());
			}
		}

	}

	/** An HTTP client with the connect and read timeouts of the settings. */
	static RestClient http(Duration timeout) {
		HttpClient client = HttpClient.newBuilder()
			.connectTimeout(timeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(client);
		factory.setReadTimeout(timeout);
		return RestClient.builder().requestFactory(factory).build();
	}

	/** Reads a response whatever its status. */
	static Answer exchange(RestClient.RequestHeadersSpec<?> request, JsonMapper json) {
		return request.exchange((req, res) -> Answer.read(res.getStatusCode().value(), readAll(res.getBody()), json));
	}

	private static byte[] readAll(java.io.InputStream body) throws IOException {
		return body.readNBytes(1024 * 1024);
	}

}
