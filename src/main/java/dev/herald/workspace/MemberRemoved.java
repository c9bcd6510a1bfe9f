package dev.herald.workspace;

import java.util.UUID;

import dev.herald.common.Auditable;
import dev.herald.common.RequestOrigin;
import org.jspecify.annotations.Nullable;

/**
 * A member left or was removed from a workspace.
 */
public record MemberRemoved(UUID actorId, UUID workspaceId, UUID memberId, RequestOrigin origin) implements Auditable {

	@Override
	public String action() {
		return "member.removed";
	}

	@Override
	public String resourceType() {
		return "membership";
	}

	@Override
	public @Nullable String resourceId() {
		return memberId.toString();
	}

}
