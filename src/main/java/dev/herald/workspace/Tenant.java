package dev.herald.workspace;

import java.util.UUID;

import dev.herald.identity.AuthenticatedUser;

/**
 * The workspace a request acts in, who acts, and with which role (an API key's role is
 * capped by its scopes).
 *
 * @param workspaceId the workspace
 * @param caller who acts
 * @param role the effective role
 */
public record Tenant(UUID workspaceId, AuthenticatedUser caller, Role role) {

	public UUID userId() {
		return this.caller.userId();
	}

}
