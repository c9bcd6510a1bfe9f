package dev.herald.workspace;

import java.util.List;
import java.util.UUID;

/**
 * Workspaces, for other modules: their publishing policy and who may act on what.
 */
public interface Workspaces {

	/**
	 * A workspace's settings other modules follow.
	 *
	 * @param defaultTimezone the IANA zone posts are planned in unless said otherwise
	 * @param approvalRequired whether members' posts need an admin's approval
	 * @param plan the workspace's plan ({@code FREE}, {@code PRO}, {@code BUSINESS}),
	 * which sets its limits
	 */
	record Policy(String defaultTimezone, boolean approvalRequired, String plan) {
	}

	Policy policy(UUID workspaceId);

	/** The members with at least this role. */
	List<UUID> members(UUID workspaceId, Role minimum);

}
