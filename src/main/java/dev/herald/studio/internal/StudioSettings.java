package dev.herald.studio.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which generative models the studio uses and what they may cost. Mapped from
 * {@code AI_PROVIDER}, {@code OPENAI_API_KEY}, {@code OPENAI_BASE_URL},
 * {@code ANTHROPIC_API_KEY}, {@code ANTHROPIC_BASE_URL}, {@code GEMINI_API_KEY},
 * {@code GEMINI_BASE_URL}, {@code AI_STRATEGY_MODEL} and {@code AI_CONTENT_MODEL}.
 *
 * @param provider the server's provider ({@code openai}, {@code anthropic} or
 * {@code gemini}); blank: the first of them with a key, in that order
 * @param strongModel the model of strategies, whatever the server's provider; blank: that
 * provider's own {@code strong-model}
 * @param fastModel the model of posts, captions, hashtags and rewrites, whatever the
 * server's provider; blank: that provider's own {@code fast-model}
 * @param openai an OpenAI-compatible endpoint (OpenAI, OpenRouter, Groq, vLLM, Ollama's
 * {@code /v1})
 * @param anthropic Anthropic's API
 * @param gemini Google's Gemini API
 * @param timeout how long one call may take
 * @param maxAttempts calls made at most for one generation when the provider is busy
 * (429, 529) or failing (5xx, no answer)
 * @param retryBase the wait before the second attempt, doubled after each (a provider's
 * {@code retry-after} is followed when it says more, up to {@code retryCap})
 * @param retryCap the longest wait between attempts
 * @param cacheTtl how long an answer is served again for the same request
 * @param credits AI credits a month, by plan
 * @param prices USD per million tokens in and out, by model; models not listed cost 0
 * @param batchConcurrency how many posts of a batch are written at once
 * @param offline the offline AI's thresholds (embeddings, no provider)
 */
// a setting misplaced under this prefix is a start-up error, not silently ignored
@ConfigurationProperties(prefix = "herald.studio", ignoreUnknownFields = false)
record StudioSettings(@Nullable String provider, @Nullable String strongModel, @Nullable String fastModel,
		@DefaultValue OpenAiSettings openai, @DefaultValue AnthropicSettings anthropic,
		@DefaultValue GeminiSettings gemini, @DefaultValue("30s") Duration timeout, @DefaultValue("3") int maxAttempts,
		@DefaultValue("1s") Duration retryBase, @DefaultValue("10s") Duration retryCap,
		@DefaultValue("24h") Duration cacheTtl, Map<String, Integer> credits, Map<String, Price> prices,
		@DefaultValue("16") int batchConcurrency, @DefaultValue OfflineSettings offline) {

	StudioSettings {
		if (!blank(provider) && AiProvider.of(provider).isEmpty()) {
			throw new IllegalArgumentException("herald.studio.provider (AI_PROVIDER) is '" + provider + "': it must be "
					+ AiProvider.names() + ", or left unset");
		}
		credits = (credits != null) ? Map.copyOf(credits) : Map.of();
		prices = (prices != null) ? Map.copyOf(prices) : Map.of();
	}

	/** A plan's credits a month; an unknown plan has the fewest configured. */
	int credits(String plan) {
		return this.credits.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().equalsIgnoreCase(plan))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElseGet(() -> this.credits.values().stream().min(Integer::compare).orElse(0));
	}

	/** The settings of one provider. */
	ProviderSettings of(AiProvider provider) {
		return switch (provider) {
			case OPENAI -> this.openai;
			case ANTHROPIC -> this.anthropic;
			case GEMINI -> this.gemini;
		};
	}

	/**
	 * The server's provider: the one {@code AI_PROVIDER} names (configured or not), else
	 * the first with a key; {@code null} when none has one.
	 */
	@Nullable AiProvider serverProvider() {
		if (!blank(this.provider)) {
			return AiProvider.of(this.provider).orElseThrow();
		}
		for (AiProvider candidate : AiProvider.values()) {
			if (of(candidate).configured()) {
				return candidate;
			}
		}
		return null;
	}

	/**
	 * The server's model of strategies (its provider's unless AI_STRATEGY_MODEL says).
	 */
	String serverStrongModel(AiProvider provider) {
		return blank(this.strongModel) ? of(provider).strongModel() : this.strongModel.strip();
	}

	/** The server's model of content (its provider's unless AI_CONTENT_MODEL says). */
	String serverFastModel(AiProvider provider) {
		return blank(this.fastModel) ? of(provider).fastModel() : this.fastModel.strip();
	}

	private static boolean blank(@Nullable String text) {
		return text == null || text.isBlank();
	}

	/** What every provider's settings say. */
	interface ProviderSettings {

		/** The key; blank: not configured. */
		@Nullable String apiKey();

		/** The API's address. */
		String baseUrl();

		/** The default model of strategies. */
		String strongModel();

		/** The default model of posts, captions, hashtags and rewrites. */
		String fastModel();

		default boolean configured() {
			return !blank(apiKey());
		}

		/**
		 * The settings as logs and errors may show them: whether a key is set, never the
		 * key.
		 */
		default String describe(String name) {
			return name + "[baseUrl=" + baseUrl() + ", strongModel=" + strongModel() + ", fastModel=" + fastModel()
					+ ", apiKey=" + (configured() ? "(set)" : "(none)") + "]";
		}

	}

	/**
	 * An OpenAI-compatible endpoint.
	 *
	 * @param apiKey the key; blank: not configured
	 * @param baseUrl the API's address, with its version path
	 * ({@code https://api.openai.com/v1}, {@code https://openrouter.ai/api/v1},
	 * {@code http://localhost:11434/v1})
	 * @param strongModel the model of strategies
	 * @param fastModel the model of posts, captions, hashtags and rewrites
	 */
	record OpenAiSettings(@Nullable String apiKey, @DefaultValue("https://api.openai.com/v1") String baseUrl,
			@DefaultValue("gpt-4o") String strongModel,
			@DefaultValue("gpt-4o-mini") String fastModel) implements ProviderSettings {

		@Override
		public String toString() {
			return describe("OpenAiSettings");
		}

	}

	/**
	 * Anthropic's Messages API.
	 *
	 * @param apiKey the key; blank: not configured
	 * @param baseUrl the API's address, without {@code /v1}
	 * @param strongModel the model of strategies
	 * @param fastModel the model of posts, captions, hashtags and rewrites
	 */
	record AnthropicSettings(@Nullable String apiKey, @DefaultValue("https://api.anthropic.com") String baseUrl,
			@DefaultValue("claude-sonnet-4-6") String strongModel,
			@DefaultValue("claude-haiku-4-5") String fastModel) implements ProviderSettings {

		@Override
		public String toString() {
			return describe("AnthropicSettings");
		}

	}

	/**
	 * Google's Gemini API.
	 *
	 * @param apiKey the key (Google AI Studio); blank: not configured
	 * @param baseUrl the API's address, without {@code /v1beta}
	 * @param strongModel the model of strategies
	 * @param fastModel the model of posts, captions, hashtags and rewrites
	 */
	record GeminiSettings(@Nullable String apiKey,
			@DefaultValue("https://generativelanguage.googleapis.com") String baseUrl,
			@DefaultValue("gemini-2.5-pro") String strongModel,
			@DefaultValue("gemini-2.5-flash") String fastModel) implements ProviderSettings {

		@Override
		public String toString() {
			return describe("GeminiSettings");
		}

	}

	/**
	 * A model's price.
	 *
	 * @param input USD per million tokens sent
	 * @param output USD per million tokens answered
	 */
	record Price(BigDecimal input, BigDecimal output) {
	}

}
