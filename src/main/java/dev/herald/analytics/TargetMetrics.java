package dev.herald.analytics;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The latest counts of one published target, as its platform reported them.
 *
 * @param targetId the target
 * @param postId its post
 * @param channelId its channel
 * @param likes likes (Mastodon's favourites)
 * @param reposts reposts (boosts)
 * @param replies replies
 * @param quotes quote posts, or {@code null} where the platform does not count them
 * @param views views, or {@code null} where the platform does not say
 * @param engagement interactions of every kind: likes + reposts + replies + quotes
 * @param fetchedAt when the platform reported them
 */
public record TargetMetrics(UUID targetId, UUID postId, UUID channelId, long likes, long reposts, long replies,
		@Nullable Long quotes, @Nullable Long views, long engagement, Instant fetchedAt) {
}
