package dev.herald.identity;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.herald.IntegrationTestSupport;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * Integration tests of social login, against a real OpenID Connect provider standing in
 * for Google (mock-oauth2-server, which checks the PKCE verifier against the challenge)
 * and a fake GitHub. Both are reached by a real HTTP client, as the browser would.
 * <p>
 * The providers must be configured before Herald starts, so these tests share an
 * application context of their own; the unconfigured case is tested in the common
 * context.
 */
abstract class SocialLoginTestSupport extends IntegrationTestSupport {

	static final String GOOGLE_CLIENT_ID = "herald-test.apps.googleusercontent.com";

	/**
	 * With interactive login, the account is chosen on the provider's login form, per
	 * sign-in, as a user would: no queue of canned tokens to leak between tests.
	 */
	static final MockOAuth2Server GOOGLE = new MockOAuth2Server(
			OAuth2Config.Companion.fromJson("{\"interactiveLogin\": true}"));

	static final FakeGitHub GITHUB = new FakeGitHub();

	private static final HttpClient BROWSER = HttpClient.newBuilder()
		.followRedirects(HttpClient.Redirect.NEVER)
		.connectTimeout(Duration.ofSeconds(10))
		.build();

	static {
		GOOGLE.start();
	}

	@DynamicPropertySource
	static void socialLoginProviders(DynamicPropertyRegistry registry) {
		registry.add("herald.identity.oauth.google.client-id", () -> GOOGLE_CLIENT_ID);
		registry.add("herald.identity.oauth.google.client-secret", () -> "google-test-secret");
		registry.add("herald.identity.oauth.google.issuer", () -> GOOGLE.issuerUrl("google").toString());
		registry.add("herald.identity.oauth.github.client-id", () -> FakeGitHub.CLIENT_ID);
		registry.add("herald.identity.oauth.github.client-secret", () -> FakeGitHub.CLIENT_SECRET);
		registry.add("herald.identity.oauth.github.authorization-uri", () -> GITHUB.url("/login/oauth/authorize"));
		registry.add("herald.identity.oauth.github.token-uri", () -> GITHUB.url("/login/oauth/access_token"));
		registry.add("herald.identity.oauth.github.user-uri", () -> GITHUB.url("/user"));
		registry.add("herald.identity.oauth.github.emails-uri", () -> GITHUB.url("/user/emails"));
	}

	/**
	 * Starts a sign-in at Herald, follows the redirect to Google and signs in there as
	 * this account; answers the query Google sends back to the callback.
	 */
	protected Map<String, String> signInAtGoogle(String subject, String email, boolean emailVerified, String name)
			throws Exception {
		return signInAtGoogle(subject, Map.of("email", email, "email_verified", emailVerified, "name", name));
	}

	protected Map<String, String> signInAtGoogle(String subject, Map<String, Object> claims) throws Exception {
		MvcResult start = this.mvc.perform(from(get("/api/v1/auth/oauth/google"))).andReturn();
		assertThat(start.getResponse().getStatus()).as(start.getResponse().getContentAsString()).isEqualTo(302);
		return loginAtGoogle(start.getResponse().getRedirectedUrl(), subject, claims);
	}

	/**
	 * Opens Google's login form at the authorization URL and submits it; answers the
	 * query of the redirect to the callback.
	 */
	protected Map<String, String> loginAtGoogle(String authorizationUrl, String subject, Map<String, Object> claims)
			throws Exception {
		HttpResponse<String> form = BROWSER.send(HttpRequest.newBuilder(URI.create(authorizationUrl)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(form.statusCode()).isEqualTo(200);
		assertThat(form.body()).contains("name=\"username\"");
		String body = "username=" + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "&claims="
				+ URLEncoder.encode(this.json.writeValueAsString(claims), StandardCharsets.UTF_8);
		HttpResponse<String> answer = BROWSER.send(HttpRequest.newBuilder(URI.create(authorizationUrl))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
		return callbackQuery(answer);
	}

	/** Visits the provider's authorization endpoint; answers the callback's query. */
	protected static Map<String, String> followToCallback(String authorizationUrl) throws Exception {
		HttpResponse<String> answer = BROWSER.send(HttpRequest.newBuilder(URI.create(authorizationUrl)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		return callbackQuery(answer);
	}

	private static Map<String, String> callbackQuery(HttpResponse<String> answer) {
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(302);
		URI callback = URI.create(answer.headers().firstValue("Location").orElseThrow());
		return query(callback.getRawQuery());
	}

	protected static Map<String, String> query(String raw) {
		Map<String, String> params = new LinkedHashMap<>();
		for (String pair : raw.split("&")) {
			int eq = pair.indexOf('=');
			params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
					URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
		}
		return params;
	}

}
