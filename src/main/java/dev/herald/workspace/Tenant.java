package dev.herald.workspace;

import java.util.UUID;

import dev.herald.identity.AuthenticatedUser;

/**
 * The workspace a request acts in, who acts, and with which role (an API key's role is
 * capped by its scopes), with the workspace's settings, read with the membership in the
 * same statement.
 *
 * @param workspaceId the workspace
 * @param caller who acts
 * @param role the effective role
 * @param policy the workspace's settings when the request began
 */
public record Tenant(UUID workspaceId, AuthenticatedUser caller, Role role, Workspaces.Policy policy) {

	public UUID userId() {
		return this.caller.userId();
	}

}
