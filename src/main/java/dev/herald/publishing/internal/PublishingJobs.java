package dev.herald.publishing.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.herald.common.SqlTime.ts;

/**
 * The publishing jobs: one {@value DispatchQueue#TASK} job per target, and a sweep every
 * five minutes that gives a job back to any target that should have one and lacks it (a
 * lease that ran out with its instance, a job lost to an operator's hands).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PublishingSettings.class)
class PublishingJobs {

	private static final Logger log = LoggerFactory.getLogger(PublishingJobs.class);

	/**
	 * How long past its time a target may wait in the scheduler's own queue before the
	 * sweep looks.
	 */
	private static final Duration GRACE = Duration.ofMinutes(2);

	@Bean
	CustomTask<Void> publishTarget(Dispatcher dispatcher) {
		return Tasks.custom(DispatchQueue.TASK, Void.class)
			// the database failed under the job: its target's lease runs out and the next
			// run reconciles it
			.onFailure(new FailureHandler.OnFailureRetryLater<>(Duration.ofSeconds(30)))
			.execute((instance, context) -> {
				Instant next = dispatcher.run(UUID.fromString(instance.getId()));
				return (next == null) ? (CompletionHandler<Void>) (complete, operations) -> operations.remove()
						: (complete, operations) -> operations.reschedule(complete, next);
			});
	}

	@Bean
	RecurringTask<Void> sweepTargets(JdbcClient jdbc, DispatchQueue queue, PublishingSettings settings, Clock clock) {
		return Tasks.recurring("sweep-targets", FixedDelay.of(settings.sweepInterval()))
			.execute((instance, context) -> {
				Instant now = Instant.now(clock);
				int restored = 0;
				for (UUID id : jdbc.sql("SELECT id FROM post_targets WHERE (status = 'SCHEDULED' AND due_at < ?) "
						+ "OR (status = 'UNCONFIRMED' AND next_attempt_at < ?) OR (status = 'PUBLISHING' AND lease_until < ?) "
						+ "LIMIT 10000")
					.params(ts(now.minus(GRACE)), ts(now.minus(GRACE)), ts(now))
					.query(UUID.class)
					.list()) {
					if (queue.ensure(id, now)) {
						restored++;
					}
				}
				if (restored > 0) {
					log.warn("Gave {} targets back the job they had lost", restored);
				}
			});
	}

}
