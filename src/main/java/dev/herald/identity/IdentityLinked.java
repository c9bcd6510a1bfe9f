package dev.herald.identity;

import java.util.Map;
import java.util.UUID;

import dev.herald.common.Auditable;
import dev.herald.common.RequestOrigin;
import org.jspecify.annotations.Nullable;

/**
 * A Google or GitHub account was linked to an existing Herald account, because both have
 * the same verified email address; from now on it signs in as that account.
 */
public record IdentityLinked(UUID actorId, String provider, String email, RequestOrigin origin) implements Auditable {

	@Override
	public String action() {
		return "user.identity_linked";
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
		return Map.of("provider", this.provider, "email", this.email);
	}

}
