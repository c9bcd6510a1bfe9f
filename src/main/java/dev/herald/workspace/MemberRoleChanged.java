package dev.herald.workspace;

import java.util.Map;
import java.util.UUID;

import dev.herald.common.Auditable;
import dev.herald.common.RequestOrigin;
import org.jspecify.annotations.Nullable;

/**
 * A member's role changed.
 */
public record MemberRoleChanged(UUID actorId, UUID workspaceId, UUID memberId, Role from, Role to,
		RequestOrigin origin) implements Auditable {

	@Override
	public String action() {
		return "member.role_changed";
	}

	@Override
	public String resourceType() {
		return "membership";
	}

	@Override
	public @Nullable String resourceId() {
		return memberId.toString();
	}

	@Override
	public Map<String, String> details() {
		return Map.of("from", this.from.name(), "to", this.to.name());
	}

}
