package dev.herald.identity;

import java.util.Map;

import dev.herald.IntegrationTestSupport;
import org.junit.jupiter.api.Test;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class SignUpIntegrationTests extends IntegrationTestSupport {

	@Test
	void signsUpVerifiesByEmailAndLogsIn() throws Exception {
		Session ann = signUp("Ann");
		this.mvc.perform(as(ann.accessToken(), get("/api/v1/users/me")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.data.email").value(ann.email()))
			.andExpect(jsonPath("$.data.emailVerifiedAt").isNotEmpty())
			.andExpect(jsonPath("$.meta.requestId").isNotEmpty());
	}

	@Test
	void refusesLoginBeforeVerification() throws Exception {
		String email = uniqueEmail("bob");
		this.mvc
			.perform(json(post("/api/v1/auth/register"), Map.of("email", email, "password", PASSWORD, "name", "Bob")))
			.andExpect(status().isCreated());
		this.mvc.perform(json(post("/api/v1/auth/login"), Map.of("email", email, "password", PASSWORD)))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.error.code").value("FORBIDDEN"))
			.andExpect(jsonPath("$.error.message").value(org.hamcrest.Matchers.containsString("Verify your email")));
	}

}
