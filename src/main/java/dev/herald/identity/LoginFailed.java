package dev.herald.identity;

import java.util.Map;
import java.util.UUID;

import dev.herald.common.Auditable;
import dev.herald.common.RequestOrigin;
import org.jspecify.annotations.Nullable;

/**
 * A sign-in was refused: wrong password, wrong second factor, locked or throttled.
 */
public record LoginFailed(@Nullable UUID actorId, String email, String reason,
		RequestOrigin origin) implements Auditable {

	@Override
	public String action() {
		return "user.login_failed";
	}

	@Override
	public String resourceType() {
		return "user";
	}

	@Override
	public @Nullable String resourceId() {
		return (actorId != null) ? actorId.toString() : null;
	}

	@Override
	public Map<String, String> details() {
		return Map.of("email", this.email, "reason", this.reason);
	}

}
