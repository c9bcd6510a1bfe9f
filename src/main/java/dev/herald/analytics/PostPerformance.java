package dev.herald.analytics;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * The latest counts of published posts, for other modules (the studio learns from them).
 */
public interface PostPerformance {

	/**
	 * The latest counts of these targets of the workspace, by target id; a target whose
	 * counts were never read (or that is another workspace's) is absent.
	 */
	Map<UUID, TargetMetrics> latest(UUID workspaceId, Collection<UUID> targetIds);

}
