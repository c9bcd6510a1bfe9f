package dev.herald.identity;

import java.util.UUID;

import dev.herald.common.Auditable;
import dev.herald.common.RequestOrigin;
import org.jspecify.annotations.Nullable;

/**
 * An API key was revoked.
 */
public record ApiKeyRevoked(UUID actorId, UUID workspaceId, UUID keyId, RequestOrigin origin) implements Auditable {

	@Override
	public String action() {
		return "api_key.revoked";
	}

	@Override
	public String resourceType() {
		return "api_key";
	}

	@Override
	public @Nullable String resourceId() {
		return keyId.toString();
	}

}
