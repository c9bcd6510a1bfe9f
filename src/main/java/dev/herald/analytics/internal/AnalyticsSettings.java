package dev.herald.analytics.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How metrics are synced. Mapped from {@code ANALYTICS_SYNC_INTERVAL}.
 *
 * @param syncInterval how long after one sync round the next starts
 * @param window how long after publishing a post's counts are still read (platforms'
 * counts hardly move after a month)
 * @param maxTargets targets read at most per workspace and round, the least recently read
 * first
 * @param maxTransientFailures failures in a row after which a channel's round stops (its
 * instance is down: every other read would wait for the timeout too)
 */
// a misspelt setting is a start-up error, not silently ignored
@ConfigurationProperties(prefix = "herald.analytics", ignoreUnknownFields = false)
record AnalyticsSettings(@DefaultValue("6h") Duration syncInterval, @DefaultValue("30d") Duration window,
		@DefaultValue("5000") int maxTargets, @DefaultValue("3") int maxTransientFailures) {
}
