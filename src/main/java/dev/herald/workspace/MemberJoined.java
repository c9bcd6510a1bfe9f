package dev.herald.workspace;

import java.util.Map;
import java.util.UUID;

import dev.herald.common.Auditable;
import dev.herald.common.RequestOrigin;
import org.jspecify.annotations.Nullable;

/**
 * An invitation was accepted and its user joined the workspace.
 */
public record MemberJoined(UUID actorId, UUID workspaceId, UUID invitationId, Role role,
		RequestOrigin origin) implements Auditable {

	@Override
	public String action() {
		return "member.joined";
	}

	@Override
	public String resourceType() {
		return "membership";
	}

	@Override
	public @Nullable String resourceId() {
		return actorId.toString();
	}

	@Override
	public Map<String, String> details() {
		return Map.of("role", this.role.name(), "invitation", this.invitationId.toString());
	}

}
