package dev.herald.publishing;

import java.time.Instant;
import java.util.Collection;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What was published, for other modules: read from publishing's own tables, which no
 * other module queries. Every list is of one workspace, newest first.
 */
public interface PublishedPosts {

	/**
	 * Which published targets to list.
	 *
	 * @param brandId only this brand's, if given
	 * @param channelId only this channel's, if given
	 * @param since only those published at or after this, if given
	 * @param limit at most this many
	 */
	record Query(@Nullable UUID brandId, @Nullable UUID channelId, @Nullable Instant since, int limit) {

		public static Query brand(UUID brandId, int limit) {
			return new Query(brandId, null, null, limit);
		}

	}

	/** The workspace's published targets that match, newest first. */
	List<PublishedPost> list(UUID workspaceId, Query query);

	/**
	 * The ids of the workspace's published targets that match, newest first: a lighter
	 * list for who needs to know which targets there are, not what they say.
	 */
	List<UUID> targetIds(UUID workspaceId, Query query);

	/**
	 * One published target of the workspace; empty if it is not published (or not its).
	 */
	Optional<PublishedPost> find(UUID workspaceId, UUID targetId);

	/**
	 * These published targets of the workspace, newest first; ids that are not (not
	 * published, or another workspace's) are left out.
	 */
	List<PublishedPost> find(UUID workspaceId, Collection<UUID> targetIds);

	/** The workspaces that published at least one target at or after this time. */
	List<UUID> workspacesPublishedSince(Instant since);

}
