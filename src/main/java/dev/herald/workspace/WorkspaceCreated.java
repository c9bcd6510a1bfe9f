package dev.herald.workspace;

import java.util.Map;
import java.util.UUID;

import dev.herald.common.Auditable;
import dev.herald.common.RequestOrigin;
import org.jspecify.annotations.Nullable;

/**
 * A workspace was created; its creator is its owner.
 */
public record WorkspaceCreated(UUID actorId, UUID workspaceId, String name, RequestOrigin origin) implements Auditable {

	@Override
	public String action() {
		return "workspace.created";
	}

	@Override
	public String resourceType() {
		return "workspace";
	}

	@Override
	public @Nullable String resourceId() {
		return workspaceId.toString();
	}

	@Override
	public Map<String, String> details() {
		return Map.of("name", this.name);
	}

}
