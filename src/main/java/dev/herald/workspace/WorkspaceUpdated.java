package dev.herald.workspace;

import java.util.UUID;

import dev.herald.common.Auditable;
import dev.herald.common.RequestOrigin;
import org.jspecify.annotations.Nullable;

/**
 * A workspace's name or settings changed.
 */
public record WorkspaceUpdated(UUID actorId, UUID workspaceId, RequestOrigin origin) implements Auditable {

	@Override
	public String action() {
		return "workspace.updated";
	}

	@Override
	public String resourceType() {
		return "workspace";
	}

	@Override
	public @Nullable String resourceId() {
		return workspaceId.toString();
	}

}
