package dev.herald.identity;

import java.util.Map;
import java.util.UUID;

import dev.herald.common.Auditable;
import dev.herald.common.RequestOrigin;
import org.jspecify.annotations.Nullable;

/**
 * A new account was created (by sign-up, social login or an accepted invitation).
 */
public record UserRegistered(UUID actorId, String email, String method, RequestOrigin origin) implements Auditable {

	@Override
	public String action() {
		return "user.registered";
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
		return Map.of("email", this.email, "method", this.method);
	}

}
