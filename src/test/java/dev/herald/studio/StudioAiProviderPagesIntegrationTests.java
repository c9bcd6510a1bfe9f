package dev.herald.studio;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpSession;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The "AI provider" card of the workspace settings: loaded into the settings page by htmx
 * (a page of its own without scripts), showing the server's provider or the workspace's
 * own, with a form that sets the key (a password field, never filled back in) and one
 * that removes it; refused values shown by their field; only admins see it.
 */
class StudioAiProviderPagesIntegrationTests extends StudioAnthropicContext {

	@Test
	void showsTheProviderAndSetsAndRemovesTheWorkspacesOwnKey() throws Exception {
		Owner owner = owner("Pia");
		MockHttpSession session = dashboardSession(owner.session());

		this.mvc.perform(from(get("/app/settings")).session(session))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("hx-get=\"/app/settings/ai-provider\""),
					containsString("hx-trigger=\"load\""), containsString("AI provider"))));

		this.mvc.perform(from(get("/app/settings/ai-provider")).header("HX-Request", "true").session(session))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("id=\"ai-provider\""),
					containsString("uses the server's provider"), containsString("Anthropic"),
					containsString("claude-haiku-4-5"), containsString("type=\"password\""),
					containsString("name=\"_csrf\""), not(containsString("<html")))));
		// without scripts, the same address is a page
		this.mvc.perform(from(get("/app/settings/ai-provider")).session(session))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("<html"), containsString("id=\"ai-provider\""),
					containsString("Back to the workspace settings"))));

		// a refused address is shown by its field, the key not put back
		this.mvc
			.perform(from(post("/app/settings/ai-provider")).session(session)
				.with(csrf())
				.param("provider", "gemini")
				.param("apiKey", GEMINI_KEY)
				.param("baseUrl", "http://example.com/v1beta"))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("Must use https://"),
					containsString("value=\"http://example.com/v1beta\""), not(containsString(GEMINI_KEY)))));

		this.mvc
			.perform(from(post("/app/settings/ai-provider")).session(session)
				.with(csrf())
				.param("provider", "gemini")
				.param("apiKey", GEMINI_KEY)
				.param("baseUrl", GEMINI.url()))
			.andExpect(redirectedUrl("/app/settings"))
			.andExpect(flash().attribute("notice", containsString(
					"own Google Gemini key (ending in " + GEMINI_KEY.substring(GEMINI_KEY.length() - 4) + ")")));
		this.mvc.perform(from(get("/app/settings/ai-provider")).header("HX-Request", "true").session(session))
			.andExpect(status().isOk())
			.andExpect(content().string(allOf(containsString("uses its own <strong>Google Gemini</strong> key"),
					containsString("<code>" + GEMINI_KEY.substring(GEMINI_KEY.length() - 4) + "</code>"),
					containsString("gemini-2.5-flash"), containsString("Remove our key"),
					not(containsString(GEMINI_KEY)))));

		this.mvc.perform(from(post("/app/settings/ai-provider/remove")).session(session).with(csrf()))
			.andExpect(redirectedUrl("/app/settings"));
		this.mvc.perform(from(get("/app/settings/ai-provider")).header("HX-Request", "true").session(session))
			.andExpect(content()
				.string(allOf(containsString("uses the server's provider"), not(containsString("Remove our key")))));
		// forms without the CSRF token are refused
		this.mvc
			.perform(from(post("/app/settings/ai-provider")).session(session)
				.param("provider", "gemini")
				.param("apiKey", GEMINI_KEY))
			.andExpect(status().isForbidden());
	}

	@Test
	void isForAdminsOnly() throws Exception {
		Owner owner = owner("Quin");
		Session member = join(owner.session(), owner.workspace(), "Rae", "MEMBER");
		MockHttpSession session = dashboardSession(member);
		this.mvc.perform(from(get("/app/settings/ai-provider")).header("HX-Request", "true").session(session))
			.andExpect(status().isForbidden());
		this.mvc
			.perform(from(post("/app/settings/ai-provider")).session(session)
				.with(csrf())
				.param("provider", "gemini")
				.param("apiKey", "AIzaSy-member-" + UUID.randomUUID()))
			.andExpect(status().isForbidden());
	}

}
