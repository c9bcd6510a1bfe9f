package dev.herald.identity;

import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Who is calling: a user signed in on a device (a session), or an API key acting for its
 * creator in one workspace.
 *
 * @param userId the user
 * @param sessionId the session (device) of a signed-in user; {@code null} for an API key
 * @param apiKey the key's grant; {@code null} for a signed-in user
 */
public record AuthenticatedUser(UUID userId, @Nullable UUID sessionId, @Nullable ApiKeyGrant apiKey) {

	public boolean viaApiKey() {
		return this.apiKey != null;
	}

	/**
	 * What an API key allows.
	 *
	 * @param keyId the key
	 * @param workspaceId the only workspace it acts in
	 * @param scopes what it may do there
	 */
	public record ApiKeyGrant(UUID keyId, UUID workspaceId, Set<ApiScope> scopes) {
	}

}
