package dev.herald.identity;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.herald.common.RequestOrigin;
import org.jspecify.annotations.Nullable;

/**
 * API keys: one workspace each, scoped, shown once, stored hashed. The workspace module
 * decides who may manage them; this module stores them and authenticates with them.
 */
public interface ApiKeys {

	CreatedApiKey create(UUID workspaceId, UUID userId, String name, Set<ApiScope> scopes, @Nullable Instant expiresAt,
			RequestOrigin origin);

	List<ApiKeyView> list(UUID workspaceId);

	/** Revokes a key of the workspace; 404 for a key of another workspace. */
	void revoke(UUID workspaceId, UUID keyId, UUID actorId, RequestOrigin origin);

	/**
	 * Revokes the keys of a workspace: all of them (workspace deleted), or those one user
	 * created (member removed).
	 */
	void revokeAll(UUID workspaceId, @Nullable UUID createdBy);

	/**
	 * A key as listed: never its secret.
	 *
	 * @param id the key
	 * @param name its name
	 * @param prefix the start of the key, to recognise it
	 * @param scopes what it may do
	 * @param createdBy who created it
	 * @param createdAt when
	 * @param lastUsedAt when it was last used (to the minute)
	 * @param expiresAt when it stops working, if ever
	 */
	record ApiKeyView(UUID id, String name, String prefix, Set<ApiScope> scopes, UUID createdBy, Instant createdAt,
			@Nullable Instant lastUsedAt, @Nullable Instant expiresAt) {
	}

	/**
	 * A new key, with the secret shown this once.
	 *
	 * @param key the key as listed
	 * @param secret the whole key, to send as {@code Authorization: Bearer}
	 */
	record CreatedApiKey(ApiKeyView key, String secret) {
	}

}
