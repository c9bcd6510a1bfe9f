package dev.herald.workspace.internal;

import java.time.Instant;
import java.util.UUID;

import dev.herald.workspace.Role;
import org.jspecify.annotations.Nullable;

/**
 * What the workspace endpoints and pages show.
 */
public final class Views {

	private Views() {
	}

	/**
	 * A workspace as its members see it.
	 *
	 * @param id the workspace
	 * @param name its name
	 * @param slug its URL-safe name
	 * @param ownerId its owner
	 * @param plan its plan
	 * @param defaultTimezone the time zone new posts are scheduled in
	 * @param approvalRequired whether posts need approval before they are scheduled
	 * @param role the caller's role in it
	 * @param createdAt when it was created
	 */
	public record WorkspaceView(UUID id, String name, String slug, UUID ownerId, String plan, String defaultTimezone,
			boolean approvalRequired, Role role, Instant createdAt) {
	}

	/**
	 * A member of a workspace.
	 *
	 * @param userId the member
	 * @param email their email
	 * @param name their name
	 * @param role their role
	 * @param joinedAt when they joined
	 */
	public record MemberView(UUID userId, String email, String name, Role role, Instant joinedAt) {
	}

	/**
	 * An invitation, as its workspace's admins see it.
	 *
	 * @param id the invitation
	 * @param email who is invited
	 * @param role the role they will have
	 * @param invitedBy who invited them
	 * @param createdAt when
	 * @param expiresAt until when the link works
	 */
	public record InvitationView(UUID id, String email, Role role, UUID invitedBy, Instant createdAt,
			Instant expiresAt) {
	}

	/**
	 * An invitation, as the invitee sees it from the link.
	 *
	 * @param workspaceName the workspace
	 * @param invitedByName who invited them
	 * @param email the invited address
	 * @param role the role offered
	 * @param expiresAt until when the link works
	 * @param accountExists whether an account already uses the address (then: log in and
	 * accept)
	 */
	public record InvitationPreview(String workspaceName, @Nullable String invitedByName, String email, Role role,
			Instant expiresAt, boolean accountExists) {
	}

}
