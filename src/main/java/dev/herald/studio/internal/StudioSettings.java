package dev.herald.studio.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which generative models the studio uses and what they may cost. Mapped from
 * {@code OPENAI_API_KEY}, {@code OPENAI_BASE_URL}, {@code AI_STRATEGY_MODEL} and
 * {@code AI_CONTENT_MODEL}.
 *
 * @param openai an OpenAI-compatible endpoint (OpenAI, OpenRouter, Groq, vLLM, Ollama's
 * {@code /v1})
 * @param timeout how long one call may take
 * @param maxAttempts calls made at most for one generation when the provider is busy
 * (429) or failing (5xx, no answer)
 * @param retryBase the wait before the second attempt, doubled after each (a provider's
 * {@code retry-after} is followed when it says more, up to {@code retryCap})
 * @param retryCap the longest wait between attempts
 * @param cacheTtl how long an answer is served again for the same request
 * @param credits AI credits a month, by plan
 * @param prices USD per million tokens in and out, by model; models not listed cost 0
 * @param offline the offline AI's thresholds (embeddings, no provider)
 */
// a setting misplaced under this prefix is a start-up error, not silently ignored
@ConfigurationProperties(prefix = "herald.studio", ignoreUnknownFields = false)
record StudioSettings(@DefaultValue OpenAiSettings openai, @DefaultValue("30s") Duration timeout,
		@DefaultValue("3") int maxAttempts, @DefaultValue("1s") Duration retryBase,
		@DefaultValue("10s") Duration retryCap, @DefaultValue("24h") Duration cacheTtl, Map<String, Integer> credits,
		Map<String, Price> prices, @DefaultValue OfflineSettings offline) {

	StudioSettings {
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

	/**
	 * An OpenAI-compatible endpoint.
	 *
	 * @param apiKey the key; blank: the studio's generative features answer
	 * {@code AI_NOT_CONFIGURED}
	 * @param baseUrl the API's address, with its version path
	 * ({@code https://api.openai.com/v1}, {@code https://openrouter.ai/api/v1},
	 * {@code http://localhost:11434/v1})
	 * @param strongModel the model of strategies
	 * @param fastModel the model of posts, captions, hashtags and rewrites
	 */
	record OpenAiSettings(@Nullable String apiKey, @DefaultValue("https://api.openai.com/v1") String baseUrl,
			@DefaultValue("gpt-4o") String strongModel, @DefaultValue("gpt-4o-mini") String fastModel) {

		boolean configured() {
			return this.apiKey != null && !this.apiKey.isBlank();
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
