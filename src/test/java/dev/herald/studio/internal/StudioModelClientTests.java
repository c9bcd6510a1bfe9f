package dev.herald.studio.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import dev.herald.common.ApiError;
import dev.herald.common.ErrorCode;
import dev.herald.studio.FakeAnthropic;
import dev.herald.studio.FakeGemini;
import dev.herald.studio.FakeOpenAi;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.content.Media;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.util.MimeTypeUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The model client against the fakes of the three providers, without Spring: the provider
 * chosen, images sent, usage counted, and every failure of every SDK classified the same
 * way (a refused key naming the setting to fix and never the key, a missing model, a
 * refused request, a rate limit or busy provider retried as it advises, then given up
 * with Retry-After, a provider that does not answer in time retried); a workspace's own
 * key used, and its models made again when it changes.
 */
class StudioModelClientTests {

	private static final String OPENAI_KEY = "sk-openai-test-0123456789";

	private static final String ANTHROPIC_KEY = "sk-ant-api03-test-0123456789";

	private static final String GEMINI_KEY = "AIzaSyTest-0123456789abcdef";

	private static final byte[] PIXEL = java.util.Base64.getDecoder()
		.decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

	private final FakeOpenAi openai = new FakeOpenAi(OPENAI_KEY);

	private final FakeAnthropic anthropic = new FakeAnthropic(ANTHROPIC_KEY);

	private final FakeGemini gemini = new FakeGemini(GEMINI_KEY);

	private final UUID workspace = UUID.randomUUID();

	private final List<Message> messages = List.of(new SystemMessage("You write posts."),
			new UserMessage("Write a post about coffee"));

	@AfterEach
	void stop() {
		this.openai.close();
		this.anthropic.close();
		this.gemini.close();
	}

	@Test
	void choosesTheConfiguredProviderOrTheFirstWithAKey() {
		assertThat(client(null, null, ANTHROPIC_KEY, GEMINI_KEY).model(this.workspace, ModelClient.Task.CONTENT))
			.satisfies((model) -> {
				assertThat(model.provider()).isEqualTo("anthropic");
				assertThat(model.name()).isEqualTo("claude-haiku-4-5");
				assertThat(model.ownKey()).isFalse();
			});
		assertThat(
				client(null, OPENAI_KEY, ANTHROPIC_KEY, null).model(this.workspace, ModelClient.Task.STRATEGY).name())
			.isEqualTo("gpt-4o");
		assertThat(
				client("gemini", OPENAI_KEY, ANTHROPIC_KEY, GEMINI_KEY).model(this.workspace, ModelClient.Task.STRATEGY)
					.name())
			.isEqualTo("gemini-2.5-pro");
		// AI_CONTENT_MODEL overrides the chosen provider's model
		ModelClient overridden = new ModelClient(
				settings("anthropic", "claude-opus-4-5", "claude-sonnet-4-5", null, ANTHROPIC_KEY, null),
				(id) -> Optional.empty());
		assertThat(overridden.model(this.workspace, ModelClient.Task.CONTENT).name()).isEqualTo("claude-sonnet-4-5");
		assertThat(overridden.model(this.workspace, ModelClient.Task.STRATEGY).name()).isEqualTo("claude-opus-4-5");

		ApiError none = catchApiError(
				() -> client(null, null, null, null).model(this.workspace, ModelClient.Task.CONTENT));
		assertThat(none.code()).isEqualTo(ErrorCode.AI_NOT_CONFIGURED);
		assertThat(none.getMessage()).contains("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "AI_PROVIDER",
				"its own key");
		ApiError chosenWithoutKey = catchApiError(
				() -> client("gemini", OPENAI_KEY, null, null).model(this.workspace, ModelClient.Task.CONTENT));
		assertThat(chosenWithoutKey.code()).isEqualTo(ErrorCode.AI_NOT_CONFIGURED);
		assertThat(chosenWithoutKey.getMessage()).contains("AI_PROVIDER is gemini", "GEMINI_API_KEY");
		assertThatIllegalArgumentException().isThrownBy(() -> settings("mistral", null, null, null, null, null))
			.withMessageContaining("AI_PROVIDER");
	}

	@Test
	void asksEachProviderAndCountsItsTokens() {
		this.openai.respond("coffee", (request) -> "{\"text\":\"OpenAI coffee\"}");
		this.anthropic.respond("coffee", (request) -> "{\"text\":\"Claude coffee\"}");
		this.gemini.respond("coffee", (request) -> "{\"text\":\"Gemini coffee\"}");
		this.gemini.thoughts(30);

		ModelClient.Reply viaOpenAi = ask(client("openai", OPENAI_KEY, ANTHROPIC_KEY, GEMINI_KEY));
		assertThat(viaOpenAi.text()).isEqualTo("{\"text\":\"OpenAI coffee\"}");

		ModelClient.Reply viaAnthropic = ask(client("anthropic", OPENAI_KEY, ANTHROPIC_KEY, GEMINI_KEY));
		assertThat(viaAnthropic.text()).isEqualTo("{\"text\":\"Claude coffee\"}");
		JsonNode sent = this.anthropic.requests().getLast();
		assertThat(sent.get("model").asString()).isEqualTo("claude-haiku-4-5");
		assertThat(sent.get("system").toString()).contains("You write posts.");
		assertThat(viaAnthropic.tokensIn()).isEqualTo(tokens(FakeAnthropic.texts(sent)));
		assertThat(viaAnthropic.tokensOut()).isEqualTo(tokens("{\"text\":\"Claude coffee\"}"));
		assertThat(viaAnthropic.attempts()).isEqualTo(1);

		ModelClient.Reply viaGemini = ask(client("gemini", OPENAI_KEY, ANTHROPIC_KEY, GEMINI_KEY));
		assertThat(viaGemini.text()).isEqualTo("{\"text\":\"Gemini coffee\"}");
		assertThat(viaGemini.tokensIn()).isEqualTo(tokens(FakeGemini.texts(this.gemini.requests().getLast())));
		// a thinking model's thoughts are paid as output
		assertThat(viaGemini.tokensOut()).isEqualTo(tokens("{\"text\":\"Gemini coffee\"}") + 30);
	}

	@Test
	void sendsImagesToAnthropicAndGemini() {
		List<Message> withImage = List.of(new SystemMessage("You write captions."),
				UserMessage.builder()
					.text("Caption this picture")
					.media(new Media(MimeTypeUtils.IMAGE_PNG, new ByteArrayResource(PIXEL)))
					.build());
		for (String provider : List.of("anthropic", "gemini")) {
			ModelClient client = client(provider, null, ANTHROPIC_KEY, GEMINI_KEY);
			ModelClient.Model model = client.model(this.workspace, ModelClient.Task.CONTENT);
			assertThat(client.call(model, withImage).tokensIn()).as(provider)
				.isGreaterThan(provider.equals("anthropic") ? FakeAnthropic.IMAGE_TOKENS : FakeGemini.IMAGE_TOKENS);
		}
		assertThat(FakeAnthropic.images(this.anthropic.requests().getLast()).getFirst().get("media_type").asString())
			.isEqualTo("image/png");
		assertThat(FakeGemini.images(this.gemini.requests().getLast()).getFirst().get("mimeType").asString())
			.isEqualTo("image/png");
	}

	@Test
	void classifiesAnthropicsErrors() {
		ApiError wrongKey = catchApiError(() -> ask(client("anthropic", null, "sk-ant-wrong-0123456789", null)));
		assertThat(wrongKey.code()).isEqualTo(ErrorCode.AI_PROVIDER_ERROR);
		assertThat(wrongKey.getMessage()).contains("refused the API key (HTTP 401)", "ANTHROPIC_API_KEY", "127.0.0.1")
			.doesNotContain("sk-ant-wrong");

		ModelClient client = client("anthropic", null, ANTHROPIC_KEY, null);
		this.anthropic.failNext(500, 1);
		this.anthropic.failNext(529, 1);
		assertThat(ask(client).attempts()).as("a 500 and a 529, then an answer").isEqualTo(3);

		this.anthropic.rateLimitNext(Duration.ofSeconds(1));
		long started = System.nanoTime();
		assertThat(ask(client).attempts()).isEqualTo(2);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("retry-after followed, not the 10 ms backoff")
			.isGreaterThanOrEqualTo(Duration.ofMillis(950));

		this.anthropic.failNext(529, 3);
		ApiError overloaded = catchApiError(() -> ask(client));
		assertThat(overloaded.code()).isEqualTo(ErrorCode.AI_PROVIDER_UNAVAILABLE);
		assertThat(overloaded.getMessage()).contains("is overloaded (3 attempts)");
		assertThat(overloaded.retryAfter()).isEqualTo(Duration.ofMinutes(1));

		this.anthropic.failNext(400, 1);
		ApiError refused = catchApiError(() -> ask(client));
		assertThat(refused.getMessage()).isEqualTo("The AI provider refused the request (HTTP 400): Invalid request");

		this.anthropic.delayNext(Duration.ofSeconds(3));
		assertThat(ask(client).attempts()).as("no answer in time, then an answer").isEqualTo(2);

		this.anthropic.withdrawModel("claude-haiku-4-5");
		ApiError missing = catchApiError(() -> ask(client));
		assertThat(missing.getMessage()).contains("no model claude-haiku-4-5 (HTTP 404)", "AI_CONTENT_MODEL");
	}

	@Test
	void classifiesGeminisErrors() {
		ApiError wrongKey = catchApiError(() -> ask(client("gemini", null, null, "AIza-wrong-0123456789")));
		assertThat(wrongKey.code()).isEqualTo(ErrorCode.AI_PROVIDER_ERROR);
		assertThat(wrongKey.getMessage()).contains("refused the API key (HTTP 400)", "GEMINI_API_KEY")
			.doesNotContain("AIza-wrong");

		ModelClient client = client("gemini", null, null, GEMINI_KEY);
		this.gemini.failNext(403, 1);
		ApiError suspended = catchApiError(() -> ask(client));
		assertThat(suspended.getMessage()).contains("HTTP 403", "GEMINI_API_KEY").doesNotContain(GEMINI_KEY);

		this.gemini.failNext(500, 1);
		this.gemini.failNext(503, 1);
		assertThat(ask(client).attempts()).isEqualTo(3);

		this.gemini.rateLimitNext(Duration.ofSeconds(1));
		long started = System.nanoTime();
		assertThat(ask(client).attempts()).isEqualTo(2);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).as("RetryInfo followed, not the 10 ms backoff")
			.isGreaterThanOrEqualTo(Duration.ofMillis(950));

		this.gemini.rateLimitNext(Duration.ofSeconds(60));
		ApiError quota = catchApiError(() -> ask(client));
		assertThat(quota.code()).as("a wait past the cap is not waited").isEqualTo(ErrorCode.AI_PROVIDER_UNAVAILABLE);
		assertThat(quota.getMessage()).contains("rate limiting Herald (1 attempts)");
		assertThat(quota.retryAfter()).isEqualTo(Duration.ofSeconds(60));

		this.gemini.failNext(503, 3);
		ApiError down = catchApiError(() -> ask(client));
		assertThat(down.code()).isEqualTo(ErrorCode.AI_PROVIDER_UNAVAILABLE);
		assertThat(down.getMessage()).contains("failed (3 attempts)");

		this.gemini.delayNext(Duration.ofSeconds(3));
		assertThat(ask(client).attempts()).as("no answer in time, then an answer").isEqualTo(2);

		this.gemini.withdrawModel("gemini-2.5-flash");
		ApiError missing = catchApiError(() -> ask(client));
		assertThat(missing.getMessage()).contains("no model gemini-2.5-flash (HTTP 404)", "AI_CONTENT_MODEL");
	}

	@Test
	void usesAWorkspacesOwnKeyAndMakesItsModelsAgainWhenTheKeyChanges() {
		AtomicReference<WorkspaceAiProviders.@Nullable Own> own = new AtomicReference<>(new WorkspaceAiProviders.Own(
				AiProvider.GEMINI, "AIza-revoked-0123456789", this.gemini.url(), null, "gemini-2.5-flash-lite"));
		ModelClient client = new ModelClient(settings(null, null, null, OPENAI_KEY, null, null),
				(id) -> id.equals(this.workspace) ? Optional.ofNullable(own.get()) : Optional.empty());
		ModelClient.Model model = client.model(this.workspace, ModelClient.Task.CONTENT);
		assertThat(model.ownKey()).isTrue();
		assertThat(model.provider()).isEqualTo("gemini");
		assertThat(model.name()).isEqualTo("gemini-2.5-flash-lite");
		assertThat(client.model(this.workspace, ModelClient.Task.STRATEGY).name()).isEqualTo("gemini-2.5-pro");
		assertThat(model.toString()).doesNotContain("AIza-revoked");
		ApiError refused = catchApiError(() -> client.call(model, this.messages));
		assertThat(refused.getMessage()).contains("this workspace's own API key", "Settings, AI provider")
			.doesNotContain("GEMINI_API_KEY")
			.doesNotContain("AIza-revoked");

		own.set(new WorkspaceAiProviders.Own(AiProvider.GEMINI, GEMINI_KEY, this.gemini.url(), null, null));
		ModelClient.Model replaced = client.model(this.workspace, ModelClient.Task.CONTENT);
		assertThat(client.call(replaced, this.messages).text()).startsWith("A post from the fake Gemini");

		own.set(null);
		ModelClient.Model server = client.model(this.workspace, ModelClient.Task.CONTENT);
		assertThat(server.ownKey()).isFalse();
		assertThat(server.provider()).isEqualTo("openai");
		assertThat(UUID.randomUUID()).isNotEqualTo(this.workspace);
	}

	private ModelClient.Reply ask(ModelClient client) {
		return client.call(client.model(this.workspace, ModelClient.Task.CONTENT), this.messages);
	}

	private ModelClient client(@Nullable String provider, @Nullable String openaiKey, @Nullable String anthropicKey,
			@Nullable String geminiKey) {
		return new ModelClient(settings(provider, null, null, openaiKey, anthropicKey, geminiKey),
				(id) -> Optional.empty());
	}

	private StudioSettings settings(@Nullable String provider, @Nullable String strongModel, @Nullable String fastModel,
			@Nullable String openaiKey, @Nullable String anthropicKey, @Nullable String geminiKey) {
		return new StudioSettings(provider, strongModel, fastModel,
				new StudioSettings.OpenAiSettings(openaiKey, this.openai.url() + "/v1", "gpt-4o", "gpt-4o-mini"),
				new StudioSettings.AnthropicSettings(anthropicKey, this.anthropic.url(), "claude-sonnet-4-6",
						"claude-haiku-4-5"),
				new StudioSettings.GeminiSettings(geminiKey, this.gemini.url(), "gemini-2.5-pro", "gemini-2.5-flash"),
				Duration.ofSeconds(1), 3, Duration.ofMillis(10), Duration.ofSeconds(10), Duration.ofHours(24), Map.of(),
				Map.of(), 16, new OfflineSettings(5, 7, 0.25, 5000, 2000, 6, Duration.ofMinutes(10), 500, 50, 0.25,
						Duration.ofMinutes(10)));
	}

	private static ApiError catchApiError(Runnable action) {
		return assertThatExceptionOfType(ApiError.class).isThrownBy(action::run).actual();
	}

	private static int tokens(String text) {
		return Math.max(1, text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length / 4);
	}

}
