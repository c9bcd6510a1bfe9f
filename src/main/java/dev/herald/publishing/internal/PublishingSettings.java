package dev.herald.publishing.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the dispatcher publishes.
 *
 * @param maxAttempts attempts a target gets for passing faults before it fails
 * @param retryBase the wait before the first retry; it doubles with each attempt
 * @param retryCap the longest wait between retries
 * @param lease how long a claimed target is held by its instance before another may take
 * it over (renewed at every step)
 * @param reconcileDelay the wait before looking up an unknown outcome; it doubles with
 * each look-up
 * @param reconcileAttempts look-ups of an unknown outcome before the target fails with
 * "outcome unknown" (never a blind re-post)
 * @param reauthWait how often a target waiting for its channel's reconnect looks again (a
 * reconnect wakes it at once)
 * @param platformConcurrency requests in flight at once per platform on one instance
 * @param concurrency targets in progress at once on one instance, each on a virtual
 * thread (waiting for its channel, its platform's slot or its answer)
 * @param pollingInterval how often due targets are looked for: a target scheduled by
 * another instance, retried or taken over starts at most this long after its time (one
 * scheduled here for now starts at once); a cheap indexed query when nothing is due
 * @param shutdownWait how long stopping waits for the targets in progress
 */
@ConfigurationProperties("herald.publishing")
record PublishingSettings(@DefaultValue("5") int maxAttempts, @DefaultValue("30s") Duration retryBase,
		@DefaultValue("1h") Duration retryCap, @DefaultValue("2m") Duration lease,
		@DefaultValue("1m") Duration reconcileDelay, @DefaultValue("8") int reconcileAttempts,
		@DefaultValue("1h") Duration reauthWait, @DefaultValue("256") int platformConcurrency,
		@DefaultValue("512") int concurrency, @DefaultValue("250ms") Duration pollingInterval,
		@DefaultValue("20s") Duration shutdownWait) {
}
