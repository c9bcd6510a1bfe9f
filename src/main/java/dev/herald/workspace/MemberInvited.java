package dev.herald.workspace;

import java.util.Map;
import java.util.UUID;

import dev.herald.common.Auditable;
import dev.herald.common.RequestOrigin;
import org.jspecify.annotations.Nullable;

/**
 * Someone was invited by email to join a workspace.
 */
public record MemberInvited(UUID actorId, UUID workspaceId, UUID invitationId, String email, Role role,
		RequestOrigin origin) implements Auditable {

	@Override
	public String action() {
		return "member.invited";
	}

	@Override
	public String resourceType() {
		return "invitation";
	}

	@Override
	public @Nullable String resourceId() {
		return invitationId.toString();
	}

	@Override
	public Map<String, String> details() {
		return Map.of("email", this.email, "role", this.role.name());
	}

}
