package dev.herald.workspace.web;

import java.util.List;
import java.util.UUID;

import dev.herald.common.ApiResponse;
import dev.herald.common.Ids;
import dev.herald.common.RequestOrigin;
import dev.herald.identity.CurrentUser;
import dev.herald.workspace.Role;
import dev.herald.workspace.Tenancy;
import dev.herald.workspace.Tenant;
import dev.herald.workspace.internal.Views.InvitationView;
import dev.herald.workspace.internal.Views.MemberView;
import dev.herald.workspace.internal.Views.WorkspaceView;
import dev.herald.workspace.internal.WorkspaceService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/workspaces}: workspaces, switching, ownership, members and invitations.
 */
@RestController
@RequestMapping(path = "/api/v1/workspaces", produces = "application/json")
@Tag(name = "Workspaces")
class WorkspaceController {

	private final WorkspaceService workspaces;

	private final Tenancy tenancy;

	WorkspaceController(WorkspaceService workspaces, Tenancy tenancy) {
		this.workspaces = workspaces;
		this.tenancy = tenancy;
	}

	record WorkspaceRequest(@NotBlank @Size(max = 100) String name, @Nullable @Size(max = 64) String defaultTimezone,
			@Nullable Boolean approvalRequired) {
	}

	@GetMapping
	@Operation(summary = "The caller's workspaces, the current one first")
	ApiResponse<List<WorkspaceView>> list() {
		return ApiResponse.of(this.workspaces.list(CurrentUser.require()));
	}

	@PostMapping(consumes = "application/json")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Create a workspace; the caller becomes its owner and it becomes current")
	ApiResponse<WorkspaceView> create(@Valid @RequestBody WorkspaceRequest body, HttpServletRequest request) {
		return ApiResponse.of(this.workspaces.create(CurrentUser.require(), body.name(), body.defaultTimezone(),
				body.approvalRequired(), RequestOrigin.of(request)));
	}

	@GetMapping("/{id}")
	@Operation(summary = "A workspace the caller is a member of")
	ApiResponse<WorkspaceView> get(@PathVariable String id) {
		return ApiResponse.of(this.workspaces.get(tenant(id, Role.VIEWER)));
	}

	record WorkspaceUpdate(@Nullable @Size(min = 1, max = 100) String name,
			@Nullable @Size(max = 64) String defaultTimezone, @Nullable Boolean approvalRequired) {
	}

	@PatchMapping(path = "/{id}", consumes = "application/json")
	@Operation(summary = "Rename or change settings (ADMIN)")
	ApiResponse<WorkspaceView> update(@PathVariable String id, @Valid @RequestBody WorkspaceUpdate body,
			HttpServletRequest request) {
		return ApiResponse.of(this.workspaces.update(tenant(id, Role.ADMIN), body.name(), body.defaultTimezone(),
				body.approvalRequired(), RequestOrigin.of(request)));
	}

	record DeleteRequest(@NotBlank @Size(max = 100) String confirmName) {
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Delete the workspace and everything in it (OWNER; confirm with its name)")
	ResponseEntity<Void> delete(@PathVariable String id, @Valid @RequestBody DeleteRequest body,
			HttpServletRequest request) {
		this.workspaces.delete(tenant(id, Role.OWNER), body.confirmName(), RequestOrigin.of(request));
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{id}/switch")
	@Operation(summary = "Make this the caller's current workspace")
	ApiResponse<WorkspaceView> select(@PathVariable String id) {
		return ApiResponse.of(this.workspaces.select(tenant(id, Role.VIEWER)));
	}

	record TransferRequest(@NotNull UUID userId) {
	}

	@PostMapping(path = "/{id}/transfer-ownership", consumes = "application/json")
	@Operation(summary = "Hand ownership to another member; the owner becomes an admin (OWNER)")
	ResponseEntity<Void> transfer(@PathVariable String id, @Valid @RequestBody TransferRequest body,
			HttpServletRequest request) {
		this.workspaces.transferOwnership(tenant(id, Role.OWNER), body.userId(), RequestOrigin.of(request));
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/{id}/members")
	@Operation(summary = "The workspace's members")
	ApiResponse<List<MemberView>> members(@PathVariable String id) {
		return ApiResponse.of(this.workspaces.members(tenant(id, Role.VIEWER)));
	}

	record InviteRequest(@NotBlank @Size(max = 254) String email, @NotNull Role role) {
	}

	@PostMapping(path = "/{id}/members", consumes = "application/json")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Invite someone by email (ADMIN; only the owner invites admins)")
	ApiResponse<InvitationView> invite(@PathVariable String id, @Valid @RequestBody InviteRequest body,
			HttpServletRequest request) {
		return ApiResponse
			.of(this.workspaces.invite(tenant(id, Role.ADMIN), body.email(), body.role(), RequestOrigin.of(request)));
	}

	record RoleRequest(@NotNull Role role) {
	}

	@PatchMapping(path = "/{id}/members/{userId}", consumes = "application/json")
	@Operation(summary = "Change a member's role (ADMIN; only the owner grants or removes ADMIN)")
	ApiResponse<MemberView> changeRole(@PathVariable String id, @PathVariable String userId,
			@Valid @RequestBody RoleRequest body, HttpServletRequest request) {
		return ApiResponse.of(this.workspaces.changeRole(tenant(id, Role.ADMIN), Ids.parse(userId, "Member"),
				body.role(), RequestOrigin.of(request)));
	}

	@DeleteMapping("/{id}/members/{userId}")
	@Operation(summary = "Remove a member (ADMIN), or leave (yourself)")
	ResponseEntity<Void> remove(@PathVariable String id, @PathVariable String userId, HttpServletRequest request) {
		this.workspaces.removeMember(tenant(id, Role.VIEWER), Ids.parse(userId, "Member"), RequestOrigin.of(request));
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/{id}/invitations")
	@Operation(summary = "Pending invitations (ADMIN)")
	ApiResponse<List<InvitationView>> invitations(@PathVariable String id) {
		return ApiResponse.of(this.workspaces.pendingInvitations(tenant(id, Role.ADMIN)));
	}

	@DeleteMapping("/{id}/invitations/{invitationId}")
	@Operation(summary = "Withdraw a pending invitation (ADMIN)")
	ResponseEntity<Void> revokeInvitation(@PathVariable String id, @PathVariable String invitationId,
			HttpServletRequest request) {
		this.workspaces.revokeInvitation(tenant(id, Role.ADMIN), Ids.parse(invitationId, "Invitation"),
				RequestOrigin.of(request));
		return ResponseEntity.noContent().build();
	}

	private Tenant tenant(String id, Role minimum) {
		return this.tenancy.requireIn(Ids.parse(id, "Workspace"), minimum);
	}

}
