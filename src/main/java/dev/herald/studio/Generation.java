package dev.herald.studio;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * What one generation cost and how it was served.
 *
 * @param id the generation's record
 * @param provider who answered ({@code openai} for any OpenAI-compatible endpoint,
 * {@code anthropic}, {@code gemini})
 * @param model the model
 * @param promptVersion the prompt's version ({@code post/v1})
 * @param cached whether the answer came from the 24-hour cache (no tokens spent, no
 * credit used)
 * @param tokensIn tokens sent
 * @param tokensOut tokens answered
 * @param costUsd what it cost, from the configured price table
 * @param latencyMs how long it took
 * @param creditsUsed AI credits the workspace has used this month (a generation made with
 * the workspace's own key uses none)
 * @param creditsLimit its plan's credits a month
 */
public record Generation(UUID id, String provider, String model, String promptVersion, boolean cached, int tokensIn,
		int tokensOut, BigDecimal costUsd, long latencyMs, int creditsUsed, int creditsLimit) {
}
