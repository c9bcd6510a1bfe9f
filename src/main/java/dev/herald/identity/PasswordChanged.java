package dev.herald.identity;

import java.util.Map;
import java.util.UUID;

import dev.herald.common.Auditable;
import dev.herald.common.RequestOrigin;
import org.jspecify.annotations.Nullable;

/**
 * A user's password changed (changed in settings or reset by emailed link); their other
 * sessions ended.
 */
public record PasswordChanged(UUID actorId, String how, RequestOrigin origin) implements Auditable {

	@Override
	public String action() {
		return "user.password_changed";
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
		return Map.of("how", this.how);
	}

}
