package dev.herald.workspace;

import java.util.UUID;

/**
 * Resolves and checks the current tenant. Every tenant-owned endpoint starts here: the
 * workspace comes from the API key, the {@code X-Workspace-Id} header, or the workspace
 * the user last switched to; a workspace the caller is not a member of answers 404, a
 * role too weak 403.
 */
public interface Tenancy {

	/** The header that names the workspace of a request. */
	String HEADER = "X-Workspace-Id";

	/** The current workspace, with at least the given role. */
	Tenant require(Role minimum);

	/** A named workspace, with at least the given role. */
	Tenant requireIn(UUID workspaceId, Role minimum);

}
