package dev.herald.workspace;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A brand (a business, a client of an agency) with the profile the AI writes from.
 *
 * @param id the brand
 * @param workspaceId its workspace
 * @param name its name
 * @param description what it is and does
 * @param industry its industry
 * @param targetAudience who it speaks to
 * @param toneOfVoice how it speaks
 * @param goals measurable targets, for example {@code followers: 1000}
 * @param logoUrl its logo's address
 * @param defaultHashtags hashtags added to its posts, without {@code #}
 * @param signature text added to the end of its posts
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
public record Brand(UUID id, UUID workspaceId, String name, @Nullable String description, @Nullable String industry,
		@Nullable String targetAudience, @Nullable String toneOfVoice, Map<String, BigDecimal> goals,
		@Nullable String logoUrl, List<String> defaultHashtags, @Nullable String signature, Instant createdAt,
		Instant updatedAt) {
}
