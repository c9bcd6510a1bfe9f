package dev.herald.studio;

import java.util.UUID;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * One Herald whose server provider is Anthropic (a fake), shared by the test classes that
 * extend this one: the Anthropic provider's tests, and those of a workspace's own key
 * (which goes to a fake Gemini). The fakes live as long as the test run.
 */
// request bodies are logged (set before logging starts, which dynamic properties are
// not):
// the own-key tests check that the key never is
@TestPropertySource(properties = "logging.level.org.springframework.web.servlet.mvc.method.annotation."
		+ "RequestResponseBodyMethodProcessor=DEBUG")
abstract class StudioAnthropicContext extends StudioProviderTestSupport {

	static final String ANTHROPIC_KEY = "sk-ant-api03-studio-" + UUID.randomUUID();

	static final FakeAnthropic ANTHROPIC = new FakeAnthropic(ANTHROPIC_KEY);

	static final String GEMINI_KEY = "AIzaSy-studio-own-" + UUID.randomUUID();

	static final FakeGemini GEMINI = new FakeGemini(GEMINI_KEY);

	/** Closes the fakes when the whole run ends, whichever class used them last. */
	@RegisterExtension
	static final BeforeAllCallback FAKES = (context) -> context.getRoot()
		.getStore(ExtensionContext.Namespace.create(StudioAnthropicContext.class))
		.computeIfAbsent("fakes", (key) -> (AutoCloseable) () -> {
			ANTHROPIC.close();
			GEMINI.close();
		});

	@DynamicPropertySource
	static void anthropic(DynamicPropertyRegistry registry) {
		registry.add("herald.studio.provider", () -> "anthropic");
		registry.add("herald.studio.anthropic.api-key", () -> ANTHROPIC_KEY);
		registry.add("herald.studio.anthropic.base-url", () -> ANTHROPIC.url());
		registry.add("herald.studio.credits.FREE", () -> 4);
		registry.add("herald.studio.retry-base", () -> "50ms");
	}

}
