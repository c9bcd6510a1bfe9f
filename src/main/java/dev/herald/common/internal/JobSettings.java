package dev.herald.common.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the job scheduler (db-scheduler over PostgreSQL) runs.
 *
 * @param enabled whether this instance runs jobs at all (an API-only instance may not)
 * @param threads how many jobs run at once on this instance; each runs on a virtual
 * thread, so this bounds concurrent publishes rather than platform threads
 * @param pollingInterval how often due jobs are looked for: a job starts at most this
 * long after its time (a cheap indexed query when nothing is due)
 * @param heartbeatInterval how often a running job's heartbeat is written; a job whose
 * heartbeat is older than {@code missedHeartbeats} intervals is taken for dead (its
 * instance crashed) and run again
 * @param missedHeartbeats heartbeats missed before a job counts as dead
 * @param shutdownWait how long stopping waits for running jobs
 */
@ConfigurationProperties("herald.jobs")
record JobSettings(@DefaultValue("true") boolean enabled, @DefaultValue("128") int threads,
		@DefaultValue("250ms") Duration pollingInterval, @DefaultValue("30s") Duration heartbeatInterval,
		@DefaultValue("6") int missedHeartbeats, @DefaultValue("20s") Duration shutdownWait) {
}
