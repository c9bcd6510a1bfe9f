package dev.herald.workspace;

import java.util.UUID;

import dev.herald.common.Auditable;
import dev.herald.common.RequestOrigin;
import org.jspecify.annotations.Nullable;

/**
 * A pending invitation was withdrawn.
 */
public record InvitationRevoked(UUID actorId, UUID workspaceId, UUID invitationId,
		RequestOrigin origin) implements Auditable {

	@Override
	public String action() {
		return "member.invitation_revoked";
	}

	@Override
	public String resourceType() {
		return "invitation";
	}

	@Override
	public @Nullable String resourceId() {
		return invitationId.toString();
	}

}
