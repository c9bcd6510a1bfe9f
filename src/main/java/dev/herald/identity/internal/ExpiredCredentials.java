package dev.herald.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import static dev.herald.common.SqlTime.ts;

/**
 * Deletes what can no longer be used: sessions that ended or expired a week ago (with
 * their refresh tokens, kept until then so that a reused token is still recognised),
 * emailed links a day after they expired, and abandoned social login states. Idempotent
 * deletes, harmless when several instances run them.
 */
@Component
class ExpiredCredentials {

	private static final Logger log = LoggerFactory.getLogger(ExpiredCredentials.class);

	static final Duration SESSION_GRACE = Duration.ofDays(7);

	private final JdbcClient jdbc;

	private final Clock clock;

	ExpiredCredentials(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Scheduled(initialDelayString = "PT15M", fixedDelayString = "PT6H")
	@Transactional
	int deleteExpired() {
		Instant now = Instant.now(this.clock);
		Instant sessionsBefore = now.minus(SESSION_GRACE);
		int sessions = this.jdbc.sql("DELETE FROM sessions WHERE expires_at < ? OR revoked_at < ?")
			.params(ts(sessionsBefore), ts(sessionsBefore))
			.update();
		int links = this.jdbc.sql("DELETE FROM one_time_tokens WHERE expires_at < ?")
			.param(ts(now.minus(Duration.ofDays(1))))
			.update();
		int states = this.jdbc.sql("DELETE FROM social_login_states WHERE expires_at < ?").param(ts(now)).update();
		if (sessions + links + states > 0) {
			log.info("Deleted {} ended sessions, {} expired emailed links and {} abandoned social login states",
					sessions, links, states);
		}
		return sessions + links + states;
	}

}
