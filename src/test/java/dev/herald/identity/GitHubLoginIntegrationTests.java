package dev.herald.identity;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.herald.common.SecretTokens;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

class GitHubLoginIntegrationTests extends SocialLoginTestSupport {

	private static final AtomicLong IDS = new AtomicLong(583_231);

	@Autowired
	JdbcClient jdbc;

	@Test
	void redirectsToGitHubWithStateAndPkce() throws Exception {
		MvcResult start = this.mvc.perform(from(get("/api/v1/auth/oauth/github"))).andReturn();
		assertThat(start.getResponse().getStatus()).isEqualTo(302);
		String location = start.getResponse().getRedirectedUrl();
		assertThat(location).startsWith(GITHUB.url("/login/oauth/authorize?"));
		Map<String, String> params = query(URI.create(location).getRawQuery());
		assertThat(params).containsEntry("client_id", FakeGitHub.CLIENT_ID)
			.containsEntry("code_challenge_method", "S256")
			.containsKeys("state", "code_challenge")
			.doesNotContainKey("nonce");
		assertThat(params.get("scope")).contains("user:email");
		assertThat(params.get("redirect_uri")).endsWith("/api/v1/auth/oauth/github/callback");
	}

	@Test
	void createsAnAccountForThePrimaryVerifiedEmail() throws Exception {
		String primary = uniqueEmail("octo");
		FakeGitHub.User octo = new FakeGitHub.User(IDS.incrementAndGet(), "octocat", "The Octocat", List
			.of(new FakeGitHub.Email(uniqueEmail("octo-old"), false, true), new FakeGitHub.Email(primary, true, true)));
		JsonNode data = callback(signInAtGitHub(octo), 200).get("data");

		assertThat(data.get("user").get("email").asString()).isEqualTo(primary);
		assertThat(data.get("user").get("name").asString()).isEqualTo("The Octocat");
		assertThat(data.get("user").get("emailVerifiedAt").isNull()).isFalse();
		assertThat(data.get("tokens").get("accessToken").asString()).isNotBlank();
		assertThat(identityOf(Long.toString(octo.id())))
			.contains(UUID.fromString(data.get("user").get("id").asString()));

		// the next sign-in finds the same user by GitHub's id
		JsonNode again = callback(signInAtGitHub(octo), 200).get("data");
		assertThat(again.get("user").get("id").asString()).isEqualTo(data.get("user").get("id").asString());
	}

	@Test
	void linksAnExistingAccountByThePrimaryVerifiedEmail() throws Exception {
		Session olga = signUp("Olga");
		FakeGitHub.User github = new FakeGitHub.User(IDS.incrementAndGet(), "olga", null,
				List.of(new FakeGitHub.Email(olga.email(), true, true)));
		JsonNode data = callback(signInAtGitHub(github), 200).get("data");

		assertThat(data.get("user").get("id").asString()).isEqualTo(olga.userId().toString());
		assertThat(identityOf(Long.toString(github.id()))).contains(olga.userId());
	}

	@Test
	void neverLinksByAnUnverifiedEmail() throws Exception {
		Session pat = signUp("Pat");
		FakeGitHub.User github = new FakeGitHub.User(IDS.incrementAndGet(), "not-pat", "Not Pat",
				List.of(new FakeGitHub.Email(pat.email(), true, false)));
		JsonNode error = callback(signInAtGitHub(github), 409).get("error");

		assertThat(error.get("message").asString()).contains("GitHub has not verified that address");
		assertThat(identityOf(Long.toString(github.id()))).isEmpty();
	}

	@Test
	void createsNoAccountWithoutAVerifiedPrimaryEmail() throws Exception {
		String email = uniqueEmail("quinn");
		FakeGitHub.User github = new FakeGitHub.User(IDS.incrementAndGet(), "quinn", "Quinn", List
			.of(new FakeGitHub.Email(email, true, false), new FakeGitHub.Email(uniqueEmail("q2"), false, true)));
		JsonNode error = callback(signInAtGitHub(github), 403).get("error");

		assertThat(error.get("message").asString()).contains("verify your primary email at GitHub");
		assertThat(identityOf(Long.toString(github.id()))).isEmpty();
		assertThat(this.jdbc.sql("SELECT count(*) FROM users WHERE lower(email) = lower(?)")
			.param(email)
			.query(Integer.class)
			.single()).isZero();
	}

	@Test
	void sendsThePkceVerifierThatGitHubChecks() throws Exception {
		FakeGitHub.User github = new FakeGitHub.User(IDS.incrementAndGet(), "rae", "Rae",
				List.of(new FakeGitHub.Email(uniqueEmail("rae"), true, true)));
		Map<String, String> back = signInAtGitHub(github);
		this.jdbc.sql("UPDATE social_login_states SET code_verifier = ? WHERE state_hash = ?")
			.params(new CodeVerifier().getValue(), SecretTokens.hash(back.get("state")))
			.update();

		JsonNode error = callback(back, 401).get("error");
		assertThat(error.get("message").asString())
			.isEqualTo("GitHub did not accept the sign-in (bad_verification_code): start again");
	}

	private Map<String, String> signInAtGitHub(FakeGitHub.User user) throws Exception {
		GITHUB.signInAs(user);
		MvcResult start = this.mvc.perform(from(get("/api/v1/auth/oauth/github"))).andReturn();
		assertThat(start.getResponse().getStatus()).isEqualTo(302);
		return followToCallback(start.getResponse().getRedirectedUrl());
	}

	private JsonNode callback(Map<String, String> params, int status) throws Exception {
		var request = get("/api/v1/auth/oauth/github/callback");
		params.forEach(request::param);
		MvcResult result = this.mvc.perform(from(request)).andReturn();
		assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(status);
		assertThat(result.getResponse().getContentAsString()).doesNotContain(FakeGitHub.CLIENT_SECRET);
		return body(result);
	}

	private Optional<UUID> identityOf(String subject) {
		return this.jdbc.sql("SELECT user_id FROM user_identities WHERE provider = 'github' AND subject = ?")
			.param(subject)
			.query(UUID.class)
			.optional();
	}

}
