package dev.herald.workspace;

import java.util.Map;
import java.util.UUID;

import dev.herald.common.Auditable;
import dev.herald.common.RequestOrigin;
import org.jspecify.annotations.Nullable;

/**
 * A workspace's owner handed ownership to another member, and became an admin.
 */
public record OwnershipTransferred(UUID actorId, UUID workspaceId, UUID newOwnerId,
		RequestOrigin origin) implements Auditable {

	@Override
	public String action() {
		return "workspace.ownership_transferred";
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
		return Map.of("newOwner", this.newOwnerId.toString());
	}

}
