package dev.herald.studio;

import java.util.Map;

import dev.herald.IntegrationTestSupport;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpSession;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Without a provider the studio's generative endpoints say how to configure any of the
 * three (or a workspace's own key), and so do the studio's page and the composer's AI
 * card where their buttons would be; templates still work.
 */
class StudioNotConfiguredIntegrationTests extends IntegrationTestSupport {

	@Test
	void generativeEndpointsSayHowToConfigureAProvider() throws Exception {
		Session owner = signUp("Noa");
		createWorkspace(owner, "Noa's");
		String brand = data(expect(201, as(owner.accessToken(), post("/api/v1/brands"), Map.of("name", "Noa"))))
			.get("id")
			.asString();
		JsonNode error = body(expect(503, as(owner.accessToken(), post("/api/v1/ai/generate-content"),
				Map.of("brandId", brand, "platform", "MASTODON"))))
			.get("error");
		assertThat(error.get("code").asString()).isEqualTo("AI_NOT_CONFIGURED");
		assertThat(error.get("message").asString()).contains("OPENAI_API_KEY", "OPENAI_BASE_URL", "ANTHROPIC_API_KEY",
				"GEMINI_API_KEY", "AI_PROVIDER", "its own key");
		assertThat(body(expect(503, as(owner.accessToken(), post("/api/v1/ai/strategy"), Map.of("brandId", brand))))
			.at("/error/code")
			.asString()).isEqualTo("AI_NOT_CONFIGURED");

		// templates need no provider
		expect(201, as(owner.accessToken(), post("/api/v1/brands/" + brand + "/templates"),
				Map.of("name", "Tip", "body", "Tip of the week: {tip}")));

		// the studio page says the same where its buttons would be
		MockHttpSession session = dashboardSession(owner);
		String page = this.mvc.perform(from(get("/studio")).session(session))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("data-testid=\"ai-not-configured\"", "OPENAI_API_KEY", "Tip of the week")
			.doesNotContain("data-testid=\"write-strategy\"");
		String card = this.mvc.perform(from(get("/studio/compose/assistant").param("brandId", brand)).session(session))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(card).contains("OPENAI_API_KEY").doesNotContain("data-testid=\"ai-write\"");
	}

}
