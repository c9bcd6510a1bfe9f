package dev.herald.platform;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What a platform counts for one published post, as it reported them at one moment.
 * Counts the platform does not keep are {@code null}, never 0, so that analytics can tell
 * "none" from "not counted".
 *
 * @param likes likes (Mastodon's favourites)
 * @param reposts reposts (Mastodon's boosts)
 * @param replies direct replies
 * @param quotes quote posts, or {@code null} where the platform does not count them
 * @param views views or impressions, or {@code null} where the platform does not say
 * (neither Mastodon nor Bluesky does)
 * @param at when the counts were read
 */
public record PostMetrics(long likes, long reposts, long replies, @Nullable Long quotes, @Nullable Long views,
		Instant at) {

	public PostMetrics {
		Assert.isTrue(likes >= 0 && reposts >= 0 && replies >= 0, "counts must not be negative");
		Assert.notNull(at, "at must not be null");
	}

}
