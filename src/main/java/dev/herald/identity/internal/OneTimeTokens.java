package dev.herald.identity.internal;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import dev.herald.common.Ids;
import dev.herald.common.SecretTokens;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static dev.herald.common.SqlTime.ts;

/**
 * Single-use emailed tokens (email verification, password reset): stored hashed,
 * expiring, and consumed atomically so that a link works once.
 */
@Repository
class OneTimeTokens {

	static final String VERIFY_EMAIL = "verify_email";

	static final String RESET_PASSWORD = "reset_password";

	private final JdbcClient jdbc;

	OneTimeTokens(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Issues a token, ending the user's earlier unused tokens of the same purpose. */
	String issue(UUID userId, String purpose, Instant now, Instant expiresAt) {
		this.jdbc.sql("UPDATE one_time_tokens SET used_at = ? WHERE user_id = ? AND purpose = ? AND used_at IS NULL")
			.params(ts(now), userId, purpose)
			.update();
		String token = SecretTokens.generate();
		this.jdbc
			.sql("INSERT INTO one_time_tokens (id, user_id, purpose, token_hash, created_at, expires_at) "
					+ "VALUES (?, ?, ?, ?, ?, ?)")
			.params(Ids.next(), userId, purpose, SecretTokens.hash(token), ts(now), ts(expiresAt))
			.update();
		return token;
	}

	/** The user of a valid token, without consuming it. */
	Optional<UUID> peek(String token, String purpose, Instant now) {
		return this.jdbc
			.sql("SELECT user_id FROM one_time_tokens WHERE token_hash = ? AND purpose = ? AND used_at IS NULL "
					+ "AND expires_at > ?")
			.params(SecretTokens.hash(token), purpose, ts(now))
			.query((rs, i) -> rs.getObject("user_id", UUID.class))
			.optional();
	}

	/**
	 * Consumes a valid token and answers its user; empty if unknown, used, expired or of
	 * another purpose.
	 */
	Optional<UUID> consume(String token, String purpose, Instant now) {
		return this.jdbc
			.sql("UPDATE one_time_tokens SET used_at = ? WHERE token_hash = ? AND purpose = ? AND used_at IS NULL "
					+ "AND expires_at > ? RETURNING user_id")
			.params(ts(now), SecretTokens.hash(token), purpose, ts(now))
			.query((rs, i) -> rs.getObject("user_id", UUID.class))
			.optional();
	}

}
