package dev.herald.identity;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.herald.common.SecretTokens;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

class GoogleLoginIntegrationTests extends SocialLoginTestSupport {

	@Autowired
	JdbcClient jdbc;

	@Test
	void redirectsToTheProviderWithStatePkceAndNonce() throws Exception {
		MvcResult start = this.mvc.perform(from(get("/api/v1/auth/oauth/google"))).andReturn();
		assertThat(start.getResponse().getStatus()).isEqualTo(302);
		Map<String, String> params = query(java.net.URI.create(start.getResponse().getRedirectedUrl()).getRawQuery());
		assertThat(start.getResponse().getRedirectedUrl())
			.startsWith(GOOGLE.authorizationEndpointUrl("google").toString());
		assertThat(params).containsEntry("response_type", "code")
			.containsEntry("client_id", GOOGLE_CLIENT_ID)
			.containsEntry("code_challenge_method", "S256")
			.containsKeys("state", "nonce", "code_challenge");
		assertThat(params.get("redirect_uri")).endsWith("/api/v1/auth/oauth/google/callback");
		assertThat(params.get("scope")).contains("openid").contains("email");
		assertThat(params.get("code_challenge")).hasSize(43);
		assertThat(start.getResponse().getRedirectedUrl()).doesNotContain("google-test-secret");
	}

	@Test
	void createsAVerifiedAccountForANewUser() throws Exception {
		String email = uniqueEmail("gina");
		JsonNode data = callback(signInAtGoogle("google-" + UUID.randomUUID(), email, true, "Gina Google"), 200)
			.get("data");

		assertThat(data.get("twoFactorRequired").asBoolean()).isFalse();
		assertThat(data.get("user").get("email").asString()).isEqualTo(email);
		assertThat(data.get("user").get("name").asString()).isEqualTo("Gina Google");
		assertThat(data.get("user").get("emailVerifiedAt").isNull()).isFalse();
		String accessToken = data.get("tokens").get("accessToken").asString();
		assertThat(data.get("tokens").get("refreshToken").asString()).isNotBlank();
		MvcResult me = this.mvc.perform(as(accessToken, get("/api/v1/users/me"))).andReturn();
		assertThat(me.getResponse().getStatus()).isEqualTo(200);
		assertThat(body(me).get("data").get("email").asString()).isEqualTo(email);

		UUID userId = UUID.fromString(data.get("user").get("id").asString());
		assertThat(this.jdbc.sql("SELECT password_hash FROM users WHERE id = ?")
			.param(userId)
			.query(String.class)
			.optional()).isEmpty();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(auditActions(userId)).contains("user.registered", "user.login"));
		assertThat(this.jdbc.sql("SELECT details->>'method' FROM audit_log WHERE actor_id = ? AND action = ?")
			.params(userId, "user.login")
			.query(String.class)
			.single()).isEqualTo("google");
	}

	@Test
	void signsTheSameGoogleAccountInAsTheSameUser() throws Exception {
		String subject = "google-" + UUID.randomUUID();
		String email = uniqueEmail("gus");
		String first = callback(signInAtGoogle(subject, email, true, "Gus"), 200).get("data")
			.get("user")
			.get("id")
			.asString();
		// the address changed at Google: the link is by subject, not by email
		String second = callback(signInAtGoogle(subject, uniqueEmail("gus-new"), true, "Gus"), 200).get("data")
			.get("user")
			.get("id")
			.asString();
		assertThat(second).isEqualTo(first);
	}

	@Test
	void linksAnExistingAccountByVerifiedEmail() throws Exception {
		Session carl = signUp("Carl");
		String subject = "google-" + UUID.randomUUID();
		JsonNode data = callback(signInAtGoogle(subject, carl.email().toUpperCase(), true, "Carl at Google"), 200)
			.get("data");

		assertThat(data.get("user").get("id").asString()).isEqualTo(carl.userId().toString());
		assertThat(data.get("user").get("name").asString()).isEqualTo("Carl");
		assertThat(identityOf("google", subject)).contains(carl.userId());
		// the password still works
		login(carl.email(), PASSWORD);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(auditActions(carl.userId())).contains("user.identity_linked"));
	}

	@Test
	void verifiesAnUnverifiedAccountAndDropsItsUnprovenPassword() throws Exception {
		String email = uniqueEmail("dora");
		// someone signed up with Dora's address and never verified it
		this.mvc
			.perform(json(post("/api/v1/auth/register"), Map.of("email", email, "password", PASSWORD, "name", "Dora")))
			.andExpect((r) -> assertThat(r.getResponse().getStatus()).isEqualTo(201));
		JsonNode user = callback(signInAtGoogle("google-" + UUID.randomUUID(), email, true, "Dora"), 200).get("data")
			.get("user");

		assertThat(user.get("email").asString()).isEqualTo(email);
		assertThat(user.get("emailVerifiedAt").isNull()).isFalse();
		MvcResult passwordLogin = this.mvc
			.perform(json(post("/api/v1/auth/login"), Map.of("email", email, "password", PASSWORD)))
			.andReturn();
		assertThat(passwordLogin.getResponse().getStatus()).isEqualTo(401);
	}

	@Test
	void neverLinksByAnUnverifiedProviderEmail() throws Exception {
		Session erin = signUp("Erin");
		String subject = "google-" + UUID.randomUUID();
		JsonNode error = callback(signInAtGoogle(subject, erin.email(), false, "Not Erin"), 409).get("error");

		assertThat(error.get("code").asString()).isEqualTo("CONFLICT");
		assertThat(error.get("message").asString()).contains("has not verified").contains("log in with your password");
		assertThat(identityOf("google", subject)).isEmpty();
	}

	@Test
	void createsNoAccountForAnUnverifiedProviderEmail() throws Exception {
		String email = uniqueEmail("fay");
		JsonNode error = callback(signInAtGoogle("google-" + UUID.randomUUID(), email, false, "Fay"), 403).get("error");

		assertThat(error.get("message").asString()).contains("verified email");
		assertThat(this.jdbc.sql("SELECT count(*) FROM users WHERE lower(email) = lower(?)")
			.param(email)
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void keepsTheSecondFactorOfAnAccountWithTwoFactorOn() throws Exception {
		Session tess = signUp("Tess");
		MvcResult setup = this.mvc.perform(as(tess.accessToken(), post("/api/v1/auth/2fa/setup"))).andReturn();
		String secret = body(setup).get("data").get("secret").asString();
		MvcResult enable = this.mvc
			.perform(as(tess.accessToken(), post("/api/v1/auth/2fa/enable"), Map.of("code", totp(secret))))
			.andReturn();
		assertThat(enable.getResponse().getStatus()).as(enable.getResponse().getContentAsString()).isEqualTo(200);

		JsonNode data = callback(signInAtGoogle("google-" + UUID.randomUUID(), tess.email(), true, "Tess"), 200)
			.get("data");
		assertThat(data.get("twoFactorRequired").asBoolean()).isTrue();
		assertThat(data.get("tokens").isNull()).isTrue();

		this.clock.advance(Duration.ofSeconds(30));
		MvcResult second = this.mvc
			.perform(json(post("/api/v1/auth/login/2fa"),
					Map.of("challengeToken", data.get("challengeToken").asString(), "code", totp(secret))))
			.andReturn();
		assertThat(second.getResponse().getStatus()).as(second.getResponse().getContentAsString()).isEqualTo(200);
		assertThat(body(second).get("data").get("user").get("id").asString()).isEqualTo(tess.userId().toString());
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(
					this.jdbc.sql("SELECT details->>'method' FROM audit_log WHERE actor_id = ? AND action = ?")
						.params(tess.userId(), "user.login")
						.query(String.class)
						.list())
				.contains("google+totp"));
	}

	private String totp(String secret) throws Exception {
		return new DefaultCodeGenerator().generate(secret, this.clock.instant().getEpochSecond() / 30);
	}

	@Test
	void refusesAReplayedState() throws Exception {
		Map<String, String> back = signInAtGoogle("google-" + UUID.randomUUID(), uniqueEmail("hal"), true, "Hal");
		callback(back, 200);

		JsonNode error = callback(back, 401).get("error");
		assertThat(error.get("code").asString()).isEqualTo("UNAUTHORIZED");
		assertThat(error.get("message").asString()).contains("already used").contains("start it again");
	}

	@Test
	void refusesAnUnknownState() throws Exception {
		JsonNode error = callback(Map.of("code", "anything", "state", SecretTokens.generate()), 401).get("error");
		assertThat(error.get("message").asString()).contains("unknown");
	}

	@Test
	void refusesAStateOlderThanTenMinutes() throws Exception {
		Map<String, String> back = signInAtGoogle("google-" + UUID.randomUUID(), uniqueEmail("ida"), true, "Ida");
		this.clock.advance(Duration.ofMinutes(11));

		assertThat(callback(back, 401).get("error").get("message").asString()).contains("older than ten minutes");
	}

	@Test
	void sendsThePkceVerifierThatTheProviderChecks() throws Exception {
		Map<String, String> back = signInAtGoogle("google-" + UUID.randomUUID(), uniqueEmail("jay"), true, "Jay");
		// the stored verifier no longer matches the challenge sent to the provider
		this.jdbc.sql("UPDATE social_login_states SET code_verifier = ? WHERE state_hash = ?")
			.params(new CodeVerifier().getValue(), SecretTokens.hash(back.get("state")))
			.update();

		JsonNode error = callback(back, 401).get("error");
		assertThat(error.get("message").asString()).contains("Google did not accept the sign-in (invalid_grant)");
	}

	@Test
	void refusesAnIdTokenWithAnotherNonce() throws Exception {
		Map<String, String> back = signInAtGoogle("google-" + UUID.randomUUID(), uniqueEmail("kim"), true, "Kim");
		this.jdbc.sql("UPDATE social_login_states SET nonce = ? WHERE state_hash = ?")
			.params(SecretTokens.generate(), SecretTokens.hash(back.get("state")))
			.update();

		assertThat(callback(back, 401).get("error").get("message").asString())
			.contains("does not belong to this sign-in");
	}

	@Test
	void refusesAnIdTokenForAnotherClient() throws Exception {
		Map<String, String> back = signInAtGoogle("google-" + UUID.randomUUID(),
				Map.of("email", uniqueEmail("lou"), "email_verified", true, "aud", "some-other-client"));

		assertThat(callback(back, 401).get("error").get("message").asString()).contains("could not be verified");
	}

	@Test
	void reportsTheProvidersRefusal() throws Exception {
		MvcResult start = this.mvc.perform(from(get("/api/v1/auth/oauth/google"))).andReturn();
		String state = query(java.net.URI.create(start.getResponse().getRedirectedUrl()).getRawQuery()).get("state");

		JsonNode error = callback(Map.of("error", "access_denied", "state", state), 401).get("error");
		assertThat(error.get("message").asString()).contains("Google did not complete the sign-in (access_denied)");
		// the state is spent
		assertThat(this.jdbc.sql("SELECT count(*) FROM social_login_states WHERE state_hash = ?")
			.param(SecretTokens.hash(state))
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void signsTheDashboardInWithANewSessionCookie() throws Exception {
		String email = uniqueEmail("mia");
		MockHttpSession session = new MockHttpSession();
		MvcResult start = this.mvc.perform(from(get("/login/oauth/google")).session(session)).andReturn();
		assertThat(start.getResponse().getStatus()).isEqualTo(302);
		Map<String, String> back = loginAtGoogle(start.getResponse().getRedirectedUrl(), "google-" + UUID.randomUUID(),
				Map.of("email", email, "email_verified", true, "name", "Mia"));
		String idBefore = session.getId();

		MvcResult done = this.mvc
			.perform(from(get("/login/oauth/google/callback")).session(session)
				.param("code", back.get("code"))
				.param("state", back.get("state")))
			.andReturn();

		assertThat(done.getResponse().getStatus()).isEqualTo(302);
		assertThat(done.getResponse().getRedirectedUrl()).isEqualTo("/app");
		assertThat(session.getId()).isNotEqualTo(idBefore);
		SecurityContext context = (SecurityContext) session
			.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
		assertThat(context.getAuthentication()).isInstanceOf(HeraldAuthentication.class);
		AuthenticatedUser user = ((HeraldAuthentication) context.getAuthentication()).getPrincipal();
		assertThat(user.sessionId()).isNotNull();
		assertThat(
				this.jdbc.sql("SELECT email FROM users WHERE id = ?").param(user.userId()).query(String.class).single())
			.isEqualTo(email);
	}

	@Test
	void theDashboardAsksForTheSecondFactorAfterGoogle() throws Exception {
		Session tia = signUp("Tia");
		String secret = body(this.mvc.perform(as(tia.accessToken(), post("/api/v1/auth/2fa/setup"))).andReturn())
			.get("data")
			.get("secret")
			.asString();
		this.mvc.perform(as(tia.accessToken(), post("/api/v1/auth/2fa/enable"), Map.of("code", totp(secret))))
			.andExpect(status().isOk());
		MockHttpSession session = new MockHttpSession();
		MvcResult start = this.mvc.perform(from(get("/login/oauth/google")).session(session)).andReturn();
		Map<String, String> back = loginAtGoogle(start.getResponse().getRedirectedUrl(), "google-" + UUID.randomUUID(),
				Map.of("email", tia.email(), "email_verified", true, "name", "Tia"));
		MvcResult done = this.mvc
			.perform(from(get("/login/oauth/google/callback")).session(session)
				.param("code", back.get("code"))
				.param("state", back.get("state")))
			.andReturn();
		assertThat(done.getResponse().getRedirectedUrl()).isEqualTo("/login/2fa");
		assertThat(session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY)).isNull();

		this.clock.advance(Duration.ofSeconds(30));
		MvcResult second = this.mvc
			.perform(from(post("/login/2fa")).session(session).with(csrf()).param("code", totp(secret)))
			.andReturn();
		assertThat(second.getResponse().getRedirectedUrl()).isEqualTo("/app");
		SecurityContext context = (SecurityContext) session
			.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
		assertThat(((HeraldAuthentication) context.getAuthentication()).getPrincipal().userId())
			.isEqualTo(tia.userId());
	}

	@Test
	void limitsTheSignInsOneAddressMayStart() throws Exception {
		for (int i = 0; i < 30; i++) {
			this.mvc.perform(from(get("/api/v1/auth/oauth/google"))).andExpect(status().isFound());
		}
		this.mvc.perform(from(get("/api/v1/auth/oauth/google")))
			.andExpect(status().isTooManyRequests())
			.andExpect(header().exists("Retry-After"));
	}

	@Test
	void refusesADashboardCallbackFromAnotherBrowser() throws Exception {
		MvcResult start = this.mvc.perform(from(get("/login/oauth/google")).session(new MockHttpSession())).andReturn();
		Map<String, String> back = loginAtGoogle(start.getResponse().getRedirectedUrl(), "google-" + UUID.randomUUID(),
				Map.of("email", uniqueEmail("ned"), "email_verified", true));

		MvcResult done = this.mvc
			.perform(from(get("/login/oauth/google/callback")).session(new MockHttpSession())
				.param("code", back.get("code"))
				.param("state", back.get("state")))
			.andReturn();

		assertThat(done.getResponse().getStatus()).isEqualTo(302);
		String location = done.getResponse().getRedirectedUrl();
		assertThat(location).startsWith("/login?oauthError=");
		assertThat(UriComponentsBuilder.fromUriString(location).build().getQueryParams().getFirst("oauthError"))
			.isNotBlank();
		assertThat(java.net.URLDecoder.decode(location, java.nio.charset.StandardCharsets.UTF_8))
			.contains("started in another browser");
	}

	private JsonNode callback(Map<String, String> params, int status) throws Exception {
		var request = get("/api/v1/auth/oauth/google/callback");
		params.forEach(request::param);
		MvcResult result = this.mvc.perform(from(request)).andReturn();
		assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(status);
		return body(result);
	}

	private java.util.Optional<UUID> identityOf(String provider, String subject) {
		return this.jdbc.sql("SELECT user_id FROM user_identities WHERE provider = ? AND subject = ?")
			.params(provider, subject)
			.query(UUID.class)
			.optional();
	}

	private List<String> auditActions(UUID userId) {
		return this.jdbc.sql("SELECT action FROM audit_log WHERE actor_id = ?")
			.param(userId)
			.query(String.class)
			.list();
	}

}
