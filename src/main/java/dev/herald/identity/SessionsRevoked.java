package dev.herald.identity;

import java.util.Map;
import java.util.UUID;

import dev.herald.common.Auditable;
import dev.herald.common.RequestOrigin;
import org.jspecify.annotations.Nullable;

/**
 * One session (or, with no session id, every session) of a user ended: logout,
 * revocation, or a reused refresh token.
 */
public record SessionsRevoked(UUID actorId, @Nullable UUID sessionId, String reason,
		RequestOrigin origin) implements Auditable {

	@Override
	public String action() {
		return "user.sessions_revoked";
	}

	@Override
	public String resourceType() {
		return "session";
	}

	@Override
	public @Nullable String resourceId() {
		return (sessionId != null) ? sessionId.toString() : null;
	}

	@Override
	public Map<String, String> details() {
		return Map.of("reason", this.reason);
	}

}
