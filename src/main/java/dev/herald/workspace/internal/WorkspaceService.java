package dev.herald.workspace.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.herald.common.ApiError;
import dev.herald.common.ErrorCode;
import dev.herald.common.HeraldSettings;
import dev.herald.common.Ids;
import dev.herald.common.RequestOrigin;
import dev.herald.common.SecretTokens;
import dev.herald.identity.AccountDeletionVeto;
import dev.herald.identity.ApiKeys;
import dev.herald.identity.AuthenticatedUser;
import dev.herald.identity.SignedIn;
import dev.herald.identity.UserProfile;
import dev.herald.identity.Users;
import dev.herald.notification.Mailer;
import dev.herald.workspace.InvitationRevoked;
import dev.herald.workspace.MemberInvited;
import dev.herald.workspace.MemberJoined;
import dev.herald.workspace.MemberRemoved;
import dev.herald.workspace.MemberRoleChanged;
import dev.herald.workspace.OwnershipTransferred;
import dev.herald.workspace.Role;
import dev.herald.workspace.Tenant;
import dev.herald.workspace.WorkspaceCreated;
import dev.herald.workspace.WorkspaceDeleted;
import dev.herald.workspace.WorkspaceUpdated;
import dev.herald.workspace.internal.Views.InvitationPreview;
import dev.herald.workspace.internal.Views.InvitationView;
import dev.herald.workspace.internal.Views.MemberView;
import dev.herald.workspace.internal.Views.WorkspaceView;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import static dev.herald.common.SqlTime.required;
import static dev.herald.common.SqlTime.ts;

/**
 * Workspaces, their members and invitations. Every method takes the checked
 * {@link Tenant}, so that it can only touch the caller's own workspace.
 */
@Service
public class WorkspaceService implements AccountDeletionVeto, dev.herald.workspace.Workspaces {

	static final Duration INVITATION_TTL = Duration.ofDays(7);

	private final JdbcClient jdbc;

	private final Users users;

	private final Mailer mailer;

	private final ApiKeys apiKeys;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final HeraldSettings herald;

	WorkspaceService(JdbcClient jdbc, Users users, Mailer mailer, ApiKeys apiKeys, ApplicationEventPublisher events,
			Clock clock, HeraldSettings herald) {
		this.jdbc = jdbc;
		this.users = users;
		this.mailer = mailer;
		this.apiKeys = apiKeys;
		this.events = events;
		this.clock = clock;
		this.herald = herald;
	}

	// workspaces

	@Transactional
	public WorkspaceView create(AuthenticatedUser caller, String name, @Nullable String timezone,
			@Nullable Boolean approvalRequired, RequestOrigin origin) {
		if (caller.viaApiKey()) {
			throw ApiError.forbidden("API keys act in one workspace and cannot create workspaces");
		}
		String trimmed = checkName(name);
		String zone = (timezone != null) ? checkZone(timezone) : "UTC";
		UUID id = Ids.next();
		Instant now = now();
		String slug = uniqueSlug(trimmed);
		this.jdbc
			.sql("INSERT INTO workspaces (id, name, slug, owner_id, default_timezone, approval_required, created_at, "
					+ "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
			.params(id, trimmed, slug, caller.userId(), zone, Boolean.TRUE.equals(approvalRequired), ts(now), ts(now))
			.update();
		this.jdbc
			.sql("INSERT INTO memberships (workspace_id, user_id, role, joined_at, selected_at) VALUES (?, ?, ?, ?, ?)")
			.params(id, caller.userId(), Role.OWNER.name(), ts(now), ts(now))
			.update();
		this.events.publishEvent(new WorkspaceCreated(caller.userId(), id, trimmed, origin));
		return find(id, caller.userId()).orElseThrow();
	}

	public List<WorkspaceView> list(AuthenticatedUser caller) {
		String sql = "SELECT w.*, m.role FROM workspaces w JOIN memberships m ON m.workspace_id = w.id "
				+ "WHERE m.user_id = ?" + (caller.viaApiKey() ? " AND w.id = ?" : "") + " ORDER BY m.selected_at DESC";
		JdbcClient.StatementSpec statement = this.jdbc.sql(sql).param(caller.userId());
		if (caller.apiKey() != null) {
			statement = statement.param(caller.apiKey().workspaceId());
		}
		return statement.query(WorkspaceService::workspace).list();
	}

	public Optional<WorkspaceView> find(UUID workspaceId, UUID userId) {
		return this.jdbc
			.sql("SELECT w.*, m.role FROM workspaces w JOIN memberships m ON m.workspace_id = w.id "
					+ "WHERE w.id = ? AND m.user_id = ?")
			.params(workspaceId, userId)
			.query(WorkspaceService::workspace)
			.optional();
	}

	public WorkspaceView get(Tenant tenant) {
		return find(tenant.workspaceId(), tenant.userId()).orElseThrow(() -> ApiError.notFound("Workspace"));
	}

	@Transactional
	public WorkspaceView update(Tenant tenant, @Nullable String name, @Nullable String timezone,
			@Nullable Boolean approvalRequired, RequestOrigin origin) {
		WorkspaceView current = get(tenant);
		this.jdbc
			.sql("UPDATE workspaces SET name = ?, default_timezone = ?, approval_required = ?, updated_at = ? "
					+ "WHERE id = ?")
			.params((name != null) ? checkName(name) : current.name(),
					(timezone != null) ? checkZone(timezone) : current.defaultTimezone(),
					(approvalRequired != null) ? approvalRequired : current.approvalRequired(), ts(now()),
					tenant.workspaceId())
			.update();
		this.events.publishEvent(new WorkspaceUpdated(tenant.userId(), tenant.workspaceId(), origin));
		return get(tenant);
	}

	@Transactional
	public void delete(Tenant tenant, String confirmName, RequestOrigin origin) {
		WorkspaceView current = get(tenant);
		if (!current.name().equals(confirmName)) {
			throw ApiError.invalid("confirmName", "Type the workspace's name exactly to confirm: " + current.name());
		}
		this.jdbc.sql("DELETE FROM workspaces WHERE id = ?").param(tenant.workspaceId()).update();
		this.apiKeys.revokeAll(tenant.workspaceId(), null);
		this.events.publishEvent(new WorkspaceDeleted(tenant.userId(), tenant.workspaceId(), current.name(), origin));
	}

	/**
	 * Makes a workspace the caller's current one (the default when no header names one).
	 */
	@Transactional
	public WorkspaceView select(Tenant tenant) {
		this.jdbc.sql("UPDATE memberships SET selected_at = ? WHERE workspace_id = ? AND user_id = ?")
			.params(ts(now()), tenant.workspaceId(), tenant.userId())
			.update();
		return get(tenant);
	}

	@Transactional
	public void transferOwnership(Tenant tenant, UUID newOwnerId, RequestOrigin origin) {
		if (newOwnerId.equals(tenant.userId())) {
			throw ApiError.invalid("userId", "You already own this workspace: name another member");
		}
		Role role = roleOf(tenant.workspaceId(), newOwnerId)
			.orElseThrow(() -> ApiError.invalid("userId", "Is not a member of this workspace: invite them first"));
		this.jdbc.sql("UPDATE memberships SET role = ? WHERE workspace_id = ? AND user_id = ?")
			.params(Role.OWNER.name(), tenant.workspaceId(), newOwnerId)
			.update();
		this.jdbc.sql("UPDATE memberships SET role = ? WHERE workspace_id = ? AND user_id = ?")
			.params(Role.ADMIN.name(), tenant.workspaceId(), tenant.userId())
			.update();
		this.jdbc.sql("UPDATE workspaces SET owner_id = ?, updated_at = ? WHERE id = ?")
			.params(newOwnerId, ts(now()), tenant.workspaceId())
			.update();
		this.events.publishEvent(new OwnershipTransferred(tenant.userId(), tenant.workspaceId(), newOwnerId, origin));
		this.events.publishEvent(
				new MemberRoleChanged(tenant.userId(), tenant.workspaceId(), newOwnerId, role, Role.OWNER, origin));
	}

	// members

	public List<MemberView> members(Tenant tenant) {
		List<Membership> memberships = this.jdbc
			.sql("SELECT user_id, role, joined_at FROM memberships WHERE workspace_id = ? ORDER BY joined_at")
			.param(tenant.workspaceId())
			.query((rs, i) -> new Membership(rs.getObject("user_id", UUID.class), Role.valueOf(rs.getString("role")),
					required(rs, "joined_at")))
			.list();
		Map<UUID, UserProfile> profiles = this.users.findAll(memberships.stream().map(Membership::userId).toList())
			.stream()
			.collect(Collectors.toMap(UserProfile::id, Function.identity()));
		return memberships.stream().filter((m) -> profiles.containsKey(m.userId())).map((m) -> {
			UserProfile user = profiles.get(m.userId());
			return new MemberView(m.userId(), user.email(), user.name(), m.role(), m.joinedAt());
		}).toList();
	}

	@Transactional
	public MemberView changeRole(Tenant tenant, UUID memberId, Role newRole, RequestOrigin origin) {
		if (newRole == Role.OWNER) {
			throw ApiError.invalid("role",
					"Ownership moves only by transfer: POST /api/v1/workspaces/{id}/transfer-ownership");
		}
		Role current = roleOf(tenant.workspaceId(), memberId).orElseThrow(() -> ApiError.notFound("Member"));
		if (current == Role.OWNER) {
			throw ApiError.conflict("The owner's role cannot change: transfer ownership first");
		}
		if ((current == Role.ADMIN || newRole == Role.ADMIN) && tenant.role() != Role.OWNER) {
			throw ApiError.forbidden("Only the owner grants or takes away the ADMIN role");
		}
		if (current != newRole) {
			this.jdbc.sql("UPDATE memberships SET role = ? WHERE workspace_id = ? AND user_id = ?")
				.params(newRole.name(), tenant.workspaceId(), memberId)
				.update();
			this.events.publishEvent(
					new MemberRoleChanged(tenant.userId(), tenant.workspaceId(), memberId, current, newRole, origin));
		}
		return members(tenant).stream().filter((m) -> m.userId().equals(memberId)).findFirst().orElseThrow();
	}

	/** Removes a member (admins), or lets a member leave (anyone, themselves). */
	@Transactional
	public void removeMember(Tenant tenant, UUID memberId, RequestOrigin origin) {
		boolean self = memberId.equals(tenant.userId());
		// who may act is settled before what the member is: a viewer learns nothing about
		// others
		if (!self && !tenant.role().atLeast(Role.ADMIN)) {
			throw ApiError.forbidden("This needs the ADMIN role or higher in this workspace; you are " + tenant.role());
		}
		Role current = roleOf(tenant.workspaceId(), memberId).orElseThrow(() -> ApiError.notFound("Member"));
		if (current == Role.OWNER) {
			throw ApiError.conflict(self ? "The owner cannot leave: transfer ownership or delete the workspace"
					: "The owner cannot be removed");
		}
		if (!self && current == Role.ADMIN && tenant.role() != Role.OWNER) {
			throw ApiError.forbidden("Only the owner removes an admin");
		}
		this.jdbc.sql("DELETE FROM memberships WHERE workspace_id = ? AND user_id = ?")
			.params(tenant.workspaceId(), memberId)
			.update();
		this.apiKeys.revokeAll(tenant.workspaceId(), memberId);
		this.events.publishEvent(new MemberRemoved(tenant.userId(), tenant.workspaceId(), memberId, origin));
	}

	// invitations

	@Transactional
	public InvitationView invite(Tenant tenant, String email, Role role, RequestOrigin origin) {
		String address = email.trim();
		if (address.length() > 254 || !address.matches("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$")) {
			throw ApiError.invalid("email", "Must be an email address like name@example.com");
		}
		if (role == Role.OWNER) {
			throw ApiError.invalid("role", "Invite as ADMIN, MEMBER or VIEWER; ownership moves only by transfer");
		}
		if (role == Role.ADMIN && tenant.role() != Role.OWNER) {
			throw ApiError.forbidden("Only the owner invites admins");
		}
		Optional<UserProfile> existing = this.users.findByEmail(address);
		if (existing.isPresent() && roleOf(tenant.workspaceId(), existing.get().id()).isPresent()) {
			throw ApiError.conflict(address + " is already a member of this workspace");
		}
		Instant now = now();
		this.jdbc
			.sql("UPDATE invitations SET revoked_at = ? WHERE workspace_id = ? AND lower(email) = lower(?) "
					+ "AND accepted_at IS NULL AND revoked_at IS NULL")
			.params(ts(now), tenant.workspaceId(), address)
			.update();
		String token = SecretTokens.generate();
		UUID id = Ids.next();
		Instant expires = now.plus(INVITATION_TTL);
		this.jdbc.sql(
				"INSERT INTO invitations (id, workspace_id, email, role, token_hash, invited_by, created_at, expires_at) "
						+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
			.params(id, tenant.workspaceId(), address, role.name(), SecretTokens.hash(token), tenant.userId(), ts(now),
					ts(expires))
			.update();
		String inviter = this.users.find(tenant.userId()).map(UserProfile::name).orElse("A colleague");
		String workspace = get(tenant).name();
		this.events.publishEvent(new MemberInvited(tenant.userId(), tenant.workspaceId(), id, address, role, origin));
		this.mailer.send(address, inviter + " invited you to " + workspace + " on Herald", """
				Hello,

				%s invited you to join the workspace "%s" on Herald as %s.
				Accept within 7 days here:

				%s/invitations/%s

				If you do not know %s, ignore this message.
				""".formatted(inviter, workspace, role.name().toLowerCase(Locale.ROOT), this.herald.baseUrl(), token,
				inviter));
		return new InvitationView(id, address, role, tenant.userId(), now, expires);
	}

	public List<InvitationView> pendingInvitations(Tenant tenant) {
		return this.jdbc
			.sql("SELECT * FROM invitations WHERE workspace_id = ? AND accepted_at IS NULL AND revoked_at IS NULL "
					+ "AND expires_at > ? ORDER BY created_at DESC")
			.params(tenant.workspaceId(), ts(now()))
			.query((rs, i) -> new InvitationView(rs.getObject("id", UUID.class), rs.getString("email"),
					Role.valueOf(rs.getString("role")), rs.getObject("invited_by", UUID.class),
					required(rs, "created_at"), required(rs, "expires_at")))
			.list();
	}

	@Transactional
	public void revokeInvitation(Tenant tenant, UUID invitationId, RequestOrigin origin) {
		int updated = this.jdbc
			.sql("UPDATE invitations SET revoked_at = ? WHERE id = ? AND workspace_id = ? AND accepted_at IS NULL "
					+ "AND revoked_at IS NULL")
			.params(ts(now()), invitationId, tenant.workspaceId())
			.update();
		if (updated == 0) {
			throw ApiError.notFound("Invitation");
		}
		this.events.publishEvent(new InvitationRevoked(tenant.userId(), tenant.workspaceId(), invitationId, origin));
	}

	public InvitationPreview preview(String token) {
		Invitation invitation = openInvitation(token);
		String workspace = this.jdbc.sql("SELECT name FROM workspaces WHERE id = ?")
			.param(invitation.workspaceId())
			.query(String.class)
			.single();
		String inviter = this.users.find(invitation.invitedBy()).map(UserProfile::name).orElse(null);
		return new InvitationPreview(workspace, inviter, invitation.email(), invitation.role(), invitation.expiresAt(),
				this.users.findByEmail(invitation.email()).isPresent());
	}

	/**
	 * Accepts an invitation as the signed-in user, whose email must be the invited one.
	 */
	@Transactional
	public WorkspaceView accept(String token, AuthenticatedUser caller, RequestOrigin origin) {
		Invitation invitation = openInvitation(token);
		UserProfile user = this.users.find(caller.userId()).orElseThrow(() -> ApiError.notFound("User"));
		if (!user.email().equalsIgnoreCase(invitation.email())) {
			throw ApiError.forbidden("This invitation is for " + invitation.email() + ", and you are signed in as "
					+ user.email() + ": sign in with the invited address");
		}
		join(invitation, user.id(), origin);
		return find(invitation.workspaceId(), user.id()).orElseThrow();
	}

	/**
	 * Accepts an invitation for someone without an account: creates it (the emailed link
	 * verifies the address) and signs them in.
	 */
	@Transactional
	public SignedIn acceptAsNewUser(String token, String name, String password, RequestOrigin origin) {
		Invitation invitation = openInvitation(token);
		if (this.users.findByEmail(invitation.email()).isPresent()) {
			throw ApiError.conflict(
					"An account already uses " + invitation.email() + ": log in with it, then accept the invitation");
		}
		UserProfile user = this.users.createVerified(invitation.email(), name, password, origin);
		join(invitation, user.id(), origin);
		return this.users.signIn(user.id(), false, origin);
	}

	private void join(Invitation invitation, UUID userId, RequestOrigin origin) {
		int updated = this.jdbc
			.sql("UPDATE invitations SET accepted_at = ?, accepted_by = ? WHERE id = ? AND accepted_at IS NULL "
					+ "AND revoked_at IS NULL")
			.params(ts(now()), userId, invitation.id())
			.update();
		if (updated == 0) {
			throw invitationGone();
		}
		if (roleOf(invitation.workspaceId(), userId).isPresent()) {
			throw ApiError.conflict("You are already a member of this workspace");
		}
		try {
			this.jdbc
				.sql("INSERT INTO memberships (workspace_id, user_id, role, invited_by, joined_at, selected_at) "
						+ "VALUES (?, ?, ?, ?, ?, ?)")
				.params(invitation.workspaceId(), userId, invitation.role().name(), invitation.invitedBy(), ts(now()),
						ts(now()))
				.update();
		}
		catch (DuplicateKeyException ex) {
			throw ApiError.conflict("You are already a member of this workspace");
		}
		this.events.publishEvent(
				new MemberJoined(userId, invitation.workspaceId(), invitation.id(), invitation.role(), origin));
	}

	private Invitation openInvitation(String token) {
		return this.jdbc
			.sql("SELECT * FROM invitations WHERE token_hash = ? AND accepted_at IS NULL AND revoked_at IS NULL "
					+ "AND expires_at > ?")
			.params(SecretTokens.hash(token), ts(now()))
			.query((rs, i) -> new Invitation(rs.getObject("id", UUID.class), rs.getObject("workspace_id", UUID.class),
					rs.getString("email"), Role.valueOf(rs.getString("role")), rs.getObject("invited_by", UUID.class),
					required(rs, "expires_at")))
			.optional()
			.orElseThrow(WorkspaceService::invitationGone);
	}

	private static ApiError invitationGone() {
		return new ApiError(ErrorCode.NOT_FOUND,
				"This invitation is invalid, used, withdrawn or expired: ask for a new one");
	}

	// account deletion veto

	@Override
	public Optional<String> reasonToKeep(UUID userId) {
		List<String> owned = this.jdbc.sql("SELECT name FROM workspaces WHERE owner_id = ? ORDER BY name")
			.param(userId)
			.query(String.class)
			.list();
		if (owned.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of("You own " + String.join(", ", owned)
				+ ": transfer ownership or delete these workspaces before deleting your account");
	}

	// helpers

	Optional<Role> roleOf(UUID workspaceId, UUID userId) {
		return this.jdbc.sql("SELECT role FROM memberships WHERE workspace_id = ? AND user_id = ?")
			.params(workspaceId, userId)
			.query((rs, i) -> Role.valueOf(rs.getString("role")))
			.optional();
	}

	private String uniqueSlug(String name) {
		String base = Normalizer.normalize(name, Normalizer.Form.NFD)
			.replaceAll("\\p{M}", "")
			.toLowerCase(Locale.ROOT)
			.replaceAll("[^a-z0-9]+", "-")
			.replaceAll("(^-|-$)", "");
		if (base.isEmpty()) {
			base = "workspace";
		}
		if (base.length() > 40) {
			base = base.substring(0, 40).replaceAll("-$", "");
		}
		String slug = base;
		for (int i = 2; slugTaken(slug); i++) {
			slug = base + "-" + i;
		}
		return slug;
	}

	private boolean slugTaken(String slug) {
		return this.jdbc.sql("SELECT count(*) FROM workspaces WHERE slug = ?")
			.param(slug)
			.query(Integer.class)
			.single() > 0;
	}

	private Instant now() {
		return Instant.now(this.clock);
	}

	static String checkName(String name) {
		String trimmed = name.strip();
		if (trimmed.isEmpty() || trimmed.length() > 100) {
			throw ApiError.invalid("name", "Must be 1 to 100 characters");
		}
		return trimmed;
	}

	static String checkZone(String zone) {
		try {
			return java.time.ZoneId.of(zone).getId();
		}
		catch (java.time.DateTimeException ex) {
			throw ApiError.invalid("defaultTimezone",
					"Must be an IANA time zone, like Europe/Paris or America/New_York");
		}
	}

	private static WorkspaceView workspace(ResultSet rs, int row) throws SQLException {
		return new WorkspaceView(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("slug"),
				rs.getObject("owner_id", UUID.class), rs.getString("plan"), rs.getString("default_timezone"),
				rs.getBoolean("approval_required"), Role.valueOf(rs.getString("role")), required(rs, "created_at"));
	}

	private record Membership(UUID userId, Role role, Instant joinedAt) {
	}

	private record Invitation(UUID id, UUID workspaceId, String email, Role role, UUID invitedBy, Instant expiresAt) {
	}

	@Override
	public Policy policy(UUID workspaceId) {
		return this.jdbc.sql("SELECT default_timezone, approval_required, plan FROM workspaces WHERE id = ?")
			.param(workspaceId)
			.query((rs, n) -> policy(rs))
			.single();
	}

	/**
	 * A workspace's settings from a row holding its {@code default_timezone},
	 * {@code approval_required} and {@code plan} (the membership read of each request
	 * reads them too).
	 */
	static Policy policy(ResultSet rs) throws SQLException {
		return new Policy(rs.getString("default_timezone"), rs.getBoolean("approval_required"), rs.getString("plan"));
	}

	@Override
	public List<UUID> members(UUID workspaceId, Role minimum) {
		return this.jdbc.sql("SELECT user_id, role FROM memberships WHERE workspace_id = ?")
			.param(workspaceId)
			.query((rs, n) -> Role.valueOf(rs.getString(2)).atLeast(minimum) ? rs.getObject(1, UUID.class) : null)
			.list()
			.stream()
			.filter(java.util.Objects::nonNull)
			.toList();
	}

}
