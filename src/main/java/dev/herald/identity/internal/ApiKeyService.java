package dev.herald.identity.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import dev.herald.common.ApiError;
import dev.herald.common.Ids;
import dev.herald.common.RequestOrigin;
import dev.herald.common.SecretTokens;
import dev.herald.identity.ApiKeyCreated;
import dev.herald.identity.ApiKeyRevoked;
import dev.herald.identity.ApiKeys;
import dev.herald.identity.ApiScope;
import dev.herald.identity.AuthenticatedUser;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import static dev.herald.common.SqlTime.instant;
import static dev.herald.common.SqlTime.required;
import static dev.herald.common.SqlTime.ts;

/**
 * API keys: {@code hk_<prefix>_<secret>}. The prefix finds the row; the SHA-256 of the
 * whole key is compared in constant time. The key is shown once, when created.
 */
@Service
class ApiKeyService implements ApiKeys {

	static final String PREFIX = "hk_";

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	ApiKeyService(JdbcClient jdbc, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
		this.events = events;
		this.clock = clock;
	}

	@Override
	@Transactional
	public CreatedApiKey create(UUID workspaceId, UUID userId, String name, Set<ApiScope> scopes,
			@Nullable Instant expiresAt, RequestOrigin origin) {
		String trimmed = name.strip();
		if (trimmed.isEmpty() || trimmed.length() > 100) {
			throw ApiError.invalid("name", "Must be 1 to 100 characters");
		}
		if (scopes.isEmpty()) {
			throw ApiError.invalid("scopes", "Name at least one scope: READ, WRITE or ADMIN");
		}
		Instant now = Instant.now(this.clock);
		if (expiresAt != null && !expiresAt.isAfter(now)) {
			throw ApiError.invalid("expiresAt", "Must be in the future");
		}
		String prefix = PREFIX + SecretTokens.generate(6).replace('-', 'x').replace('_', 'y');
		String secret = prefix + "_" + SecretTokens.generate();
		UUID id = Ids.next();
		this.jdbc
			.sql("INSERT INTO api_keys (id, workspace_id, user_id, name, prefix, secret_hash, scopes, created_at, "
					+ "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(id, workspaceId, userId, trimmed, prefix, SecretTokens.hash(secret),
					scopes.stream().map(Enum::name).sorted().toArray(String[]::new), ts(now), ts(expiresAt))
			.update();
		this.events.publishEvent(new ApiKeyCreated(userId, workspaceId, id, trimmed, origin));
		return new CreatedApiKey(
				new ApiKeyView(id, trimmed, prefix, EnumSet.copyOf(scopes), userId, now, null, expiresAt), secret);
	}

	@Override
	public List<ApiKeyView> list(UUID workspaceId) {
		return this.jdbc.sql("SELECT * FROM api_keys WHERE workspace_id = ? AND revoked_at IS NULL ORDER BY id DESC")
			.param(workspaceId)
			.query(ApiKeyService::view)
			.list();
	}

	@Override
	@Transactional
	public void revoke(UUID workspaceId, UUID keyId, UUID actorId, RequestOrigin origin) {
		int updated = this.jdbc
			.sql("UPDATE api_keys SET revoked_at = ? WHERE id = ? AND workspace_id = ? AND revoked_at IS NULL")
			.params(ts(Instant.now(this.clock)), keyId, workspaceId)
			.update();
		if (updated == 0) {
			throw ApiError.notFound("API key");
		}
		this.events.publishEvent(new ApiKeyRevoked(actorId, workspaceId, keyId, origin));
	}

	@Override
	public void revokeAll(UUID workspaceId, @Nullable UUID createdBy) {
		this.jdbc
			.sql("UPDATE api_keys SET revoked_at = ? WHERE workspace_id = ? AND revoked_at IS NULL "
					+ "AND (CAST(? AS uuid) IS NULL OR user_id = ?)")
			.params(ts(Instant.now(this.clock)), workspaceId, createdBy, createdBy)
			.update();
	}

	/** The caller a key stands for, if the key is valid, unrevoked and unexpired. */
	Optional<AuthenticatedUser> authenticate(String key) {
		int split = key.indexOf('_', PREFIX.length());
		if (!key.startsWith(PREFIX) || split < 0) {
			return Optional.empty();
		}
		String prefix = key.substring(0, split);
		Instant now = Instant.now(this.clock);
		return this.jdbc
			.sql("SELECT id, workspace_id, user_id, secret_hash, scopes, last_used_at FROM api_keys "
					+ "WHERE prefix = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)")
			.params(prefix, ts(now))
			.query((rs, i) -> new KeyRow(rs.getObject("id", UUID.class), rs.getObject("workspace_id", UUID.class),
					rs.getObject("user_id", UUID.class), rs.getString("secret_hash"), scopes(rs.getArray("scopes")),
					instant(rs, "last_used_at")))
			.optional()
			.filter((row) -> SecretTokens.matches(key, row.secretHash()))
			.map((row) -> {
				markUsed(row, now);
				return new AuthenticatedUser(row.userId(), null,
						new AuthenticatedUser.ApiKeyGrant(row.id(), row.workspaceId(), row.scopes()));
			});
	}

	/** Records use to the minute, so that a busy key does not write on every request. */
	private void markUsed(KeyRow row, Instant now) {
		if (row.lastUsedAt() == null || row.lastUsedAt().isBefore(now.minus(Duration.ofMinutes(1)))) {
			this.jdbc.sql("UPDATE api_keys SET last_used_at = ? WHERE id = ?").params(ts(now), row.id()).update();
		}
	}

	private record KeyRow(UUID id, UUID workspaceId, UUID userId, String secretHash, Set<ApiScope> scopes,
			@Nullable Instant lastUsedAt) {
	}

	private static ApiKeyView view(ResultSet rs, int row) throws SQLException {
		return new ApiKeyView(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("prefix"),
				scopes(rs.getArray("scopes")), rs.getObject("user_id", UUID.class), required(rs, "created_at"),
				instant(rs, "last_used_at"), instant(rs, "expires_at"));
	}

	private static Set<ApiScope> scopes(Array array) throws SQLException {
		String[] names = (String[]) array.getArray();
		Set<ApiScope> scopes = EnumSet.noneOf(ApiScope.class);
		Arrays.stream(names).map(ApiScope::valueOf).forEach(scopes::add);
		return scopes;
	}

}
