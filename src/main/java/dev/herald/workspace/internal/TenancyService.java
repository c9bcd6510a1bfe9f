package dev.herald.workspace.internal;

import java.util.Optional;
import java.util.UUID;

import dev.herald.common.ApiError;
import dev.herald.identity.ApiScope;
import dev.herald.identity.AuthenticatedUser;
import dev.herald.identity.CurrentUser;
import dev.herald.workspace.Role;
import dev.herald.workspace.Tenancy;
import dev.herald.workspace.Tenant;
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
		// the workspace the user selected last, and their role there, in one read
		Membership last = this.jdbc
			.sql("SELECT workspace_id, role FROM memberships WHERE user_id = ? ORDER BY selected_at DESC LIMIT 1")
			.param(caller.userId())
			.query((rs, i) -> new Membership(rs.getObject("workspace_id", UUID.class),
					Role.valueOf(rs.getString("role"))))
			.optional()
			.orElseThrow(() -> new ApiError(dev.herald.common.ErrorCode.NOT_FOUND,
					"You are not in any workspace yet: create one with POST /api/v1/workspaces"));
		return check(caller, last.workspaceId(), last.role(), minimum);
	}

	private record Membership(UUID workspaceId, Role role) {
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
		return check(caller, workspaceId,
				roleOf(workspaceId, caller.userId()).orElseThrow(() -> ApiError.notFound("Workspace")), minimum);
	}

	private Tenant check(AuthenticatedUser caller, UUID workspaceId, Role membership, Role minimum) {
		Role role = membership;
		if (caller.apiKey() != null) {
			role = role.min(scopeRole(caller.apiKey()));
		}
		if (!role.atLeast(minimum)) {
			throw ApiError.forbidden("This needs the " + minimum + " role or higher in this workspace; "
					+ (caller.viaApiKey() ? "this API key acts as " : "you are ") + role);
		}
		return new Tenant(workspaceId, caller, role);
	}

	Optional<Role> roleOf(UUID workspaceId, UUID userId) {
		return this.jdbc.sql("SELECT role FROM memberships WHERE workspace_id = ? AND user_id = ?")
			.params(workspaceId, userId)
			.query((rs, i) -> Role.valueOf(rs.getString("role")))
			.optional();
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
