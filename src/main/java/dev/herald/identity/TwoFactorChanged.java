package dev.herald.identity;

import java.util.Map;
import java.util.UUID;

import dev.herald.common.Auditable;
import dev.herald.common.RequestOrigin;
import org.jspecify.annotations.Nullable;

/**
 * Two-factor authentication was switched on or off, or a recovery code was used.
 */
public record TwoFactorChanged(UUID actorId, boolean enabled, RequestOrigin origin) implements Auditable {

	@Override
	public String action() {
		return "user.two_factor";
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
		return Map.of("enabled", Boolean.toString(this.enabled));
	}

}
