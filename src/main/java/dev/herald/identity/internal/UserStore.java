package dev.herald.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import static dev.herald.common.SqlTime.instant;
import static dev.herald.common.SqlTime.required;
import static dev.herald.common.SqlTime.ts;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The users table.
 */
@Repository
class UserStore {

	private static final String COLUMNS = "id, email, password_hash, name, avatar_url, email_verified_at, totp_secret, "
			+ "totp_pending_secret, totp_enabled_at, totp_last_step, locale, timezone, last_login_at, "
			+ "failed_login_count, locked_until, operator, created_at";

	private final JdbcClient jdbc;

	UserStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<UserRecord> find(UUID id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE id = ?")
			.param(id)
			.query(UserStore::map)
			.optional();
	}

	List<UserRecord> findAll(Collection<UUID> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE id = ANY(?)")
			.param(ids.toArray(UUID[]::new))
			.query(UserStore::map)
			.list();
	}

	Optional<UserRecord> findByEmail(String email) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE lower(email) = lower(?)")
			.param(email)
			.query(UserStore::map)
			.optional();
	}

	void insert(UUID id, String email, @Nullable String passwordHash, String name, @Nullable Instant verifiedAt,
			Instant now) {
		this.jdbc
			.sql("INSERT INTO users (id, email, password_hash, name, email_verified_at, created_at, updated_at) "
					+ "VALUES (?, ?, ?, ?, ?, ?, ?)")
			.params(id, email, passwordHash, name, ts(verifiedAt), ts(now), ts(now))
			.update();
	}

	void markVerified(UUID id, Instant now) {
		this.jdbc
			.sql("UPDATE users SET email_verified_at = coalesce(email_verified_at, ?), updated_at = ? WHERE id = ?")
			.params(ts(now), ts(now), id)
			.update();
	}

	/**
	 * Removes the password of an account whose email was never verified, once a provider
	 * proves who owns the address: whoever chose that password never did.
	 */
	void clearPassword(UUID id, Instant now) {
		this.jdbc.sql("UPDATE users SET password_hash = NULL, updated_at = ? WHERE id = ?")
			.params(ts(now), id)
			.update();
	}

	void recordSuccess(UUID id, Instant now) {
		this.jdbc.sql("UPDATE users SET failed_login_count = 0, locked_until = NULL, last_login_at = ? WHERE id = ?")
			.params(ts(now), id)
			.update();
	}

	void recordFailure(UUID id, int count, @Nullable Instant lockedUntil) {
		this.jdbc.sql("UPDATE users SET failed_login_count = ?, locked_until = ? WHERE id = ?")
			.params(count, ts(lockedUntil), id)
			.update();
	}

	void updatePassword(UUID id, String hash, Instant now) {
		this.jdbc
			.sql("UPDATE users SET password_hash = ?, failed_login_count = 0, locked_until = NULL, updated_at = ? "
					+ "WHERE id = ?")
			.params(hash, ts(now), id)
			.update();
	}

	void updateProfile(UUID id, String name, @Nullable String avatarUrl, String locale, String timezone, Instant now) {
		this.jdbc
			.sql("UPDATE users SET name = ?, avatar_url = ?, locale = ?, timezone = ?, updated_at = ? WHERE id = ?")
			.params(name, avatarUrl, locale, timezone, ts(now), id)
			.update();
	}

	void setPendingTotp(UUID id, @Nullable String encryptedSecret, Instant now) {
		this.jdbc.sql("UPDATE users SET totp_pending_secret = ?, updated_at = ? WHERE id = ?")
			.params(encryptedSecret, ts(now), id)
			.update();
	}

	void enableTotp(UUID id, String encryptedSecret, long step, Instant now) {
		this.jdbc.sql(
				"UPDATE users SET totp_secret = ?, totp_pending_secret = NULL, totp_enabled_at = ?, totp_last_step = ?, "
						+ "updated_at = ? WHERE id = ?")
			.params(encryptedSecret, ts(now), step, ts(now), id)
			.update();
	}

	void disableTotp(UUID id, Instant now) {
		this.jdbc
			.sql("UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, totp_enabled_at = NULL, "
					+ "totp_last_step = NULL, updated_at = ? WHERE id = ?")
			.params(ts(now), id)
			.update();
	}

	/**
	 * Records the TOTP time step just used, unless a later or equal one was: that refuses
	 * replays.
	 */
	boolean advanceTotpStep(UUID id, long step) {
		return this.jdbc
			.sql("UPDATE users SET totp_last_step = ? WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)")
			.params(step, id, step)
			.update() == 1;
	}

	void delete(UUID id) {
		this.jdbc.sql("DELETE FROM users WHERE id = ?").param(id).update();
	}

	private static UserRecord map(ResultSet rs, int row) throws SQLException {
		long step = rs.getLong("totp_last_step");
		Long lastStep = rs.wasNull() ? null : step;
		return new UserRecord(rs.getObject("id", UUID.class), rs.getString("email"), rs.getString("password_hash"),
				rs.getString("name"), rs.getString("avatar_url"), instant(rs, "email_verified_at"),
				rs.getString("totp_secret"), rs.getString("totp_pending_secret"), instant(rs, "totp_enabled_at"),
				lastStep, rs.getString("locale"), rs.getString("timezone"), instant(rs, "last_login_at"),
				rs.getInt("failed_login_count"), instant(rs, "locked_until"), rs.getBoolean("operator"),
				required(rs, "created_at"));
	}

}
