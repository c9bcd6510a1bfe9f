package dev.herald.identity;

import java.util.Map;
import java.util.UUID;

import dev.herald.common.Auditable;
import dev.herald.common.RequestOrigin;
import org.jspecify.annotations.Nullable;

/**
 * An API key was created in a workspace.
 */
public record ApiKeyCreated(UUID actorId, UUID workspaceId, UUID keyId, String name,
		RequestOrigin origin) implements Auditable {

	@Override
	public String action() {
		return "api_key.created";
	}

	@Override
	public String resourceType() {
		return "api_key";
	}

	@Override
	public @Nullable String resourceId() {
		return keyId.toString();
	}

	@Override
	public Map<String, String> details() {
		return Map.of("name", this.name);
	}

}
