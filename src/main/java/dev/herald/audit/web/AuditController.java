package dev.herald.audit.web;

import java.util.List;

import dev.herald.audit.AuditEntry;
import dev.herald.audit.internal.AuditLog;
import dev.herald.common.ApiResponse;
import dev.herald.common.CursorPage;
import dev.herald.common.Ids;
import dev.herald.identity.CurrentUser;
import dev.herald.workspace.Role;
import dev.herald.workspace.Tenancy;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit log: a workspace's (OWNER and ADMIN) and the caller's own security events.
 */
@RestController
@Tag(name = "Audit")
class AuditController {

	private final AuditLog log;

	private final Tenancy tenancy;

	AuditController(AuditLog log, Tenancy tenancy) {
		this.log = log;
		this.tenancy = tenancy;
	}

	@GetMapping(path = "/api/v1/workspaces/{id}/audit-log", produces = "application/json")
	@Operation(summary = "The workspace's audit log, newest first (ADMIN)")
	ApiResponse<List<AuditEntry>> workspace(@PathVariable String id,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		var tenant = this.tenancy.requireIn(Ids.parse(id, "Workspace"), Role.ADMIN);
		return ApiResponse.page(this.log.forWorkspace(tenant.workspaceId(), CursorPage.PageRequest.of(cursor, limit)));
	}

	@GetMapping(path = "/api/v1/users/me/security-log", produces = "application/json")
	@Operation(summary = "The caller's own sign-ins, failed logins and account changes, newest first")
	ApiResponse<List<AuditEntry>> mine(@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		return ApiResponse
			.page(this.log.forActor(CurrentUser.require().userId(), CursorPage.PageRequest.of(cursor, limit)));
	}

}
