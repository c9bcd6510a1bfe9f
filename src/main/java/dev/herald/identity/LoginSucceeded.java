package dev.herald.identity;

import java.util.Map;
import java.util.UUID;

import dev.herald.common.Auditable;
import dev.herald.common.RequestOrigin;
import org.jspecify.annotations.Nullable;

/**
 * A user signed in and a session began.
 */
public record LoginSucceeded(UUID actorId, UUID sessionId, String method, RequestOrigin origin) implements Auditable {

	@Override
	public String action() {
		return "user.login";
	}

	@Override
	public String resourceType() {
		return "user";
	}

	@Override
	public @Nullable String resourceId() {
		return actorId.toString();
	}

	@Override
	public Map<String, String> details() {
		return Map.of("session", this.sessionId.toString(), "method", this.method);
	}

}
