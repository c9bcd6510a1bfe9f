package dev.herald.identity;

import java.util.UUID;

import dev.herald.common.Auditable;
import dev.herald.common.RequestOrigin;
import org.jspecify.annotations.Nullable;

/**
 * A user proved they own their email address.
 */
public record EmailVerified(UUID actorId, RequestOrigin origin) implements Auditable {

	@Override
	public String action() {
		return "user.email_verified";
	}

	@Override
	public String resourceType() {
		return "user";
	}

	@Override
	public @Nullable String resourceId() {
		return actorId.toString();
	}

}
