package dev.herald.studio;

import java.util.Map;

import dev.herald.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Without a provider the studio's generative endpoints say how to configure any of the
 * three (or a workspace's own key).
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
	}

}
