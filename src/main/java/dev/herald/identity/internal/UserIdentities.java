package dev.herald.identity.internal;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static dev.herald.common.SqlTime.ts;

/**
 * The user_identities table: which provider account (provider and its stable subject)
 * signs in as which user.
 */
@Repository
class UserIdentities {

	private final JdbcClient jdbc;

	UserIdentities(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<UUID> findUser(String provider, String subject) {
		return this.jdbc.sql("SELECT user_id FROM user_identities WHERE provider = ? AND subject = ?")
			.params(provider, subject)
			.query((rs, i) -> rs.getObject("user_id", UUID.class))
			.optional();
	}

	void insert(String provider, String subject, UUID userId, @Nullable String email, Instant now) {
		this.jdbc
			.sql("INSERT INTO user_identities (provider, subject, user_id, email, created_at) VALUES (?, ?, ?, ?, ?)")
			.params(provider, subject, userId, email, ts(now))
			.update();
	}

}
