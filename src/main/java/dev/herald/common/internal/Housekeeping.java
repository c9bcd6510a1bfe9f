package dev.herald.common.internal;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import static dev.herald.common.SqlTime.ts;

/**
 * Forgets the answers kept for idempotency keys once their 24 hours are over. A plain
 * idempotent delete, so that it is harmless when several instances run it; the job
 * scheduler of the publishing issue will take such chores over.
 */
@Component
@EnableScheduling
class Housekeeping {

	private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);

	private final JdbcClient jdbc;

	private final Clock clock;

	Housekeeping(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Scheduled(initialDelayString = "PT10M", fixedDelayString = "PT1H")
	int forgetExpiredIdempotencyKeys() {
		int forgotten = this.jdbc.sql("DELETE FROM idempotency_records WHERE created_at < ?")
			.param(ts(Instant.now(this.clock).minus(IdempotencyFilter.RETENTION)))
			.update();
		if (forgotten > 0) {
			log.info("Forgot {} idempotency keys older than 24 h", forgotten);
		}
		return forgotten;
	}

}
