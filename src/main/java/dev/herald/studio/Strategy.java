package dev.herald.studio;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One version of a brand's strategy.
 *
 * @param id this version
 * @param brandId the brand
 * @param version its number, from 1
 * @param active whether it is the brand's active strategy (the one batches follow)
 * @param goals what the brand asked for, in its words
 * @param plan the strategy
 * @param generationId the generation that wrote it; {@code null} for a version edited by
 * hand
 * @param createdBy who made this version
 * @param createdAt when
 */
public record Strategy(UUID id, UUID brandId, int version, boolean active, @Nullable String goals, StrategyPlan plan,
		@Nullable UUID generationId, @Nullable UUID createdBy, Instant createdAt) {
}
