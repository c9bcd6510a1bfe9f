package dev.herald.identity.internal;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.herald.common.Ids;
import dev.herald.common.SecretTokens;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static dev.herald.common.SqlTime.ts;

/**
 * One-time recovery codes for two-factor authentication: ten per user, shown once, stored
 * hashed, each usable once instead of a TOTP code.
 */
@Repository
class RecoveryCodes {

	private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

	private final SecureRandom random = new SecureRandom();

	private final JdbcClient jdbc;

	RecoveryCodes(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Replaces the user's codes with ten new ones and answers them. */
	List<String> regenerate(UUID userId) {
		this.jdbc.sql("DELETE FROM recovery_codes WHERE user_id = ?").param(userId).update();
		List<String> codes = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			String code = chunk(5) + "-" + chunk(5);
			codes.add(code);
			this.jdbc.sql("INSERT INTO recovery_codes (id, user_id, code_hash) VALUES (?, ?, ?)")
				.params(Ids.next(), userId, SecretTokens.hash(code))
				.update();
		}
		return codes;
	}

	/** Uses a code; false if it is not one of the user's unused codes. */
	boolean use(UUID userId, String code, Instant now) {
		String normalized = code.trim().toLowerCase(Locale.ROOT);
		return this.jdbc
			.sql("UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL")
			.params(ts(now), userId, SecretTokens.hash(normalized))
			.update() == 1;
	}

	int remaining(UUID userId) {
		return this.jdbc.sql("SELECT count(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL")
			.param(userId)
			.query(Integer.class)
			.single();
	}

	void deleteAll(UUID userId) {
		this.jdbc.sql("DELETE FROM recovery_codes WHERE user_id = ?").param(userId).update();
	}

	private String chunk(int length) {
		StringBuilder chunk = new StringBuilder();
		for (int i = 0; i < length; i++) {
			chunk.append(ALPHABET.charAt(this.random.nextInt(ALPHABET.length())));
		}
		return chunk.toString();
	}

}
