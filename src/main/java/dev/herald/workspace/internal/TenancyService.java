package dev.herald.workspace.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import dev.herald.common.ApiError;
import dev.herald.identity.ApiScope;
import dev.herald.identity.AuthenticatedUser;
import dev.herald.identity.CurrentUser;
import dev.herald.workspace.Role;
import dev.herald.workspace.Tenancy;
import dev.herald.workspace.Tenant;
import dev.herald.workspace.Workspaces;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Resolves the current tenant from the request and checks the caller's role there.
 */
@Service
class TenancyService implements Tenancy {

	private final JdbcClient jdbc;

	TenancyService(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Tenant require(Role minimum) {
		AuthenticatedUser caller = CurrentUser.require();
		UUID chosen = chosenWorkspace(caller);
		if (chosen != null) {
			return check(caller, chosen, minimum);
		}
		// the workspace the user selected last, their role there and its settings, in
		// one read
		Membership last = this.jdbc.sql(MEMBERSHIP + "WHERE m.user_id = ? ORDER BY m.selected_at DESC LIMIT 1")
			.param(caller.userId())
			.query(TenancyService::membership)
			.optional()
			.orElseThrow(() -> new ApiError(dev.herald.common.ErrorCode.NOT_FOUND,
					"You are not in any workspace yet: create one with POST /api/v1/workspaces"));
		return check(caller, last, minimum);
	}

	/** A membership and its workspace's settings, read together. */
	private static final String MEMBERSHIP = "SELECT m.workspace_id, m.role, w.default_timezone, w.approval_required, "
			+ "w.plan FROM memberships m JOIN workspaces w ON w.id = m.workspace_id ";

	private record Membership(UUID workspaceId, Role role, Workspaces.Policy policy) {
	}

	private static Membership membership(ResultSet rs, int row) throws SQLException {
		return new Membership(rs.getObject(1, UUID.class), Role.valueOf(rs.getString(2)), WorkspaceService.policy(rs));
	}

	@Override
	public Tenant requireIn(UUID workspaceId, Role minimum) {
		AuthenticatedUser caller = CurrentUser.require();
		if (caller.apiKey() != null && !caller.apiKey().workspaceId().equals(workspaceId)) {
			throw ApiError.notFound("Workspace");
		}
		return check(caller, workspaceId, minimum);
	}

	private Tenant check(AuthenticatedUser caller, UUID workspaceId, Role minimum) {
		return check(caller,
				this.jdbc.sql(MEMBERSHIP + "WHERE m.workspace_id = ? AND m.user_id = ?")
					.params(workspaceId, caller.userId())
					.query(TenancyService::membership)
					.optional()
					.orElseThrow(() -> ApiError.notFound("Workspace")),
				minimum);
	}

	private Tenant check(AuthenticatedUser caller, Membership membership, Role minimum) {
		Role role = membership.role();
		if (caller.apiKey() != null) {
			role = role.min(scopeRole(caller.apiKey()));
		}
		if (!role.atLeast(minimum)) {
			throw ApiError.forbidden("This needs the " + minimum + " role or higher in this workspace; "
					+ (caller.viaApiKey() ? "this API key acts as " : "you are ") + role);
		}
		return new Tenant(membership.workspaceId(), caller, role, membership.policy());
	}

	/**
	 * The workspace the request names (its API key's, or the {@code X-Workspace-Id}
	 * header); {@code null} for the one the user selected last.
	 */
	private @Nullable UUID chosenWorkspace(AuthenticatedUser caller) {
		String header = header();
		if (caller.apiKey() != null) {
			UUID keyWorkspace = caller.apiKey().workspaceId();
			if (header != null && !header.isBlank() && !header.trim().equals(keyWorkspace.toString())) {
				throw ApiError.notFound("Workspace");
			}
			return keyWorkspace;
		}
		if (header != null && !header.isBlank()) {
			try {
				return UUID.fromString(header.trim());
			}
			catch (IllegalArgumentException ex) {
				throw ApiError.notFound("Workspace");
			}
		}
		return null;
	}

	private static Role scopeRole(AuthenticatedUser.ApiKeyGrant grant) {
		if (grant.scopes().contains(ApiScope.ADMIN)) {
			return Role.ADMIN;
		}
		return grant.scopes().contains(ApiScope.WRITE) ? Role.MEMBER : Role.VIEWER;
	}

	private static @Nullable String header() {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			HttpServletRequest request = attributes.getRequest();
			return request.getHeader(HEADER);
		}
		return null;
	}

}
