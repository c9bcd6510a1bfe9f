package dev.herald.identity.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.herald.common.Ids;
import dev.herald.common.RequestOrigin;
import dev.herald.common.SecretTokens;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static dev.herald.common.SqlTime.instant;
import static dev.herald.common.SqlTime.required;
import static dev.herald.common.SqlTime.ts;

/**
 * Sessions (one per signed-in device) and their refresh tokens. The refresh tokens of a
 * session form one rotation family: each is used once; using one twice revokes the
 * session.
 */
@Repository
class SessionStore {

	private final JdbcClient jdbc;

	SessionStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A refresh token's row, joined with its session.
	 */
	record RefreshRow(UUID id, UUID sessionId, UUID userId, Instant expiresAt, @Nullable Instant usedAt,
			@Nullable Instant sessionRevokedAt, boolean rememberMe) {
	}

	UUID create(UUID userId, boolean rememberMe, RequestOrigin origin, Instant now, Instant expiresAt) {
		UUID id = Ids.next();
		this.jdbc.sql(
				"INSERT INTO sessions (id, user_id, user_agent, ip, remember_me, created_at, last_used_at, expires_at) "
						+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
			.params(id, userId, origin.userAgent(), origin.ip(), rememberMe, ts(now), ts(now), ts(expiresAt))
			.update();
		return id;
	}

	/**
	 * Issues a new refresh token in the session and answers it (the only time it is
	 * seen).
	 */
	String issueRefreshToken(UUID sessionId, Instant now, Instant expiresAt) {
		String token = SecretTokens.generate();
		this.jdbc.sql(
				"INSERT INTO refresh_tokens (id, session_id, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")
			.params(Ids.next(), sessionId, SecretTokens.hash(token), ts(now), ts(expiresAt))
			.update();
		return token;
	}

	Optional<RefreshRow> findRefreshToken(String token) {
		return this.jdbc
			.sql("SELECT r.id, r.session_id, s.user_id, r.expires_at, r.used_at, s.revoked_at, s.remember_me "
					+ "FROM refresh_tokens r JOIN sessions s ON s.id = r.session_id WHERE r.token_hash = ?")
			.param(SecretTokens.hash(token))
			.query((rs, i) -> new RefreshRow(rs.getObject("id", UUID.class), rs.getObject("session_id", UUID.class),
					rs.getObject("user_id", UUID.class), required(rs, "expires_at"), instant(rs, "used_at"),
					instant(rs, "revoked_at"), rs.getBoolean("remember_me")))
			.optional();
	}

	/** Marks a refresh token used; false if another request used it first. */
	boolean markUsed(UUID tokenId, Instant now) {
		return this.jdbc.sql("UPDATE refresh_tokens SET used_at = ? WHERE id = ? AND used_at IS NULL")
			.params(ts(now), tokenId)
			.update() == 1;
	}

	void touch(UUID sessionId, Instant now, Instant expiresAt) {
		this.jdbc.sql("UPDATE sessions SET last_used_at = ?, expires_at = ? WHERE id = ?")
			.params(ts(now), ts(expiresAt), sessionId)
			.update();
	}

	Optional<SessionInfo> find(UUID sessionId) {
		return this.jdbc.sql("SELECT * FROM sessions WHERE id = ?")
			.param(sessionId)
			.query(SessionStore::map)
			.optional();
	}

	List<SessionInfo> listActive(UUID userId, Instant now) {
		return this.jdbc
			.sql("SELECT * FROM sessions WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? "
					+ "ORDER BY last_used_at DESC")
			.params(userId, ts(now))
			.query(SessionStore::map)
			.list();
	}

	/** Revokes one session of a user; false if it is not theirs or already ended. */
	boolean revoke(UUID userId, UUID sessionId, String reason, Instant now) {
		return this.jdbc
			.sql("UPDATE sessions SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND user_id = ? "
					+ "AND revoked_at IS NULL")
			.params(ts(now), reason, sessionId, userId)
			.update() == 1;
	}

	/**
	 * Revokes every session of a user but one (or all, with {@code null}); answers their
	 * ids.
	 */
	List<UUID> revokeAll(UUID userId, @Nullable UUID except, String reason, Instant now) {
		return this.jdbc
			.sql("UPDATE sessions SET revoked_at = ?, revoked_reason = ? WHERE user_id = ? AND revoked_at IS NULL "
					+ "AND id IS DISTINCT FROM ? RETURNING id")
			.params(ts(now), reason, userId, except)
			.query((rs, i) -> rs.getObject("id", UUID.class))
			.list();
	}

	private static SessionInfo map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		return new SessionInfo(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
				rs.getString("user_agent"), rs.getString("ip"), rs.getBoolean("remember_me"),
				required(rs, "created_at"), required(rs, "last_used_at"), required(rs, "expires_at"),
				instant(rs, "revoked_at"));
	}

}
