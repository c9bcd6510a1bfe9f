package dev.herald.studio.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.prompt.PromptTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The prompts, compiled once: every rendering is the one Spring AI's PromptTemplate
 * gives, whoever asks and however often, and a variable the values lack is refused.
 */
class PromptsTests {

	private final Prompts prompts = new Prompts();

	@Test
	void rendersAsPromptTemplateDoesTheFirstTimeAndEveryTimeAfter() throws Exception {
		String template = new org.springframework.core.io.ClassPathResource("prompts/hashtags/v1-user.st")
			.getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
		for (int i = 0; i < 3; i++) {
			Map<String, Object> values = values("Post number " + i + " about {braces} & <tags>", 5 + i);
			assertThat(this.prompts.render("hashtags/v1-user", values))
				.isEqualTo(PromptTemplate.builder().template(template).variables(values).build().render())
				.contains("Post number " + i, "up to " + (5 + i) + " hashtags", "for this Mastodon post");
		}
	}

	@Test
	void refusesValuesThatLackAVariable() {
		Map<String, Object> values = values("A post", 5);
		values.remove("hashtags");
		assertThatIllegalStateException().isThrownBy(() -> this.prompts.render("hashtags/v1-user", values))
			.withMessageContaining("hashtags");
		// and after a rendering with every value, still
		this.prompts.render("hashtags/v1-user", values("A post", 5));
		assertThatIllegalStateException().isThrownBy(() -> this.prompts.render("hashtags/v1-user", values));
	}

	private static Map<String, Object> values(String text, int count) {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("count", count);
		values.put("platform", "Mastodon");
		values.put("hashtags", "coffee, lyon");
		values.put("text", text);
		return values;
	}

}
