package dev.herald.identity;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import dev.herald.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * Social login on a Herald whose operator set no provider (the common test context has
 * none): every entry point says which environment variables to set.
 */
class SocialLoginNotConfiguredIntegrationTests extends IntegrationTestSupport {

	@Test
	void answersNotFoundNamingTheVariablesToSet() throws Exception {
		MvcResult result = this.mvc.perform(from(get("/api/v1/auth/oauth/google"))).andReturn();

		assertThat(result.getResponse().getStatus()).isEqualTo(404);
		JsonNode error = body(result).get("error");
		assertThat(error.get("code").asString()).isEqualTo("NOT_FOUND");
		assertThat(error.get("message").asString()).contains("Sign-in with Google is not set up")
			.contains("GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET")
			.contains("/api/v1/auth/oauth/google/callback");
	}

	@Test
	void refusesACallbackOfAProviderThatIsNotSetUp() throws Exception {
		MvcResult result = this.mvc
			.perform(from(get("/api/v1/auth/oauth/github/callback")).param("code", "c").param("state", "s"))
			.andReturn();

		assertThat(result.getResponse().getStatus()).isEqualTo(404);
		assertThat(body(result).get("error").get("message").asString())
			.contains("GITHUB_CLIENT_ID and GITHUB_CLIENT_SECRET");
	}

	@Test
	void answersNotFoundForAnUnknownProvider() throws Exception {
		MvcResult result = this.mvc.perform(from(get("/api/v1/auth/oauth/myspace"))).andReturn();

		assertThat(result.getResponse().getStatus()).isEqualTo(404);
		assertThat(body(result).get("error").get("message").asString()).contains("'myspace'")
			.contains("google")
			.contains("github");
	}

	@Test
	void sendsTheDashboardBackToTheLoginPageWithTheReason() throws Exception {
		MvcResult result = this.mvc.perform(from(get("/login/oauth/google"))).andReturn();

		assertThat(result.getResponse().getStatus()).isEqualTo(302);
		String location = result.getResponse().getRedirectedUrl();
		assertThat(location).startsWith("/login?oauthError=");
		assertThat(URLDecoder.decode(location, StandardCharsets.UTF_8)).contains("GOOGLE_CLIENT_ID");
	}

}
