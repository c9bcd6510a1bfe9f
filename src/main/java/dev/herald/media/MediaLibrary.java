package dev.herald.media;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * The media library, for other modules: the files a post names, checked to belong to its
 * workspace, and their content on disk for publishing.
 */
public interface MediaLibrary {

	/**
	 * The workspace's files with these ids, in the order given.
	 * @param field the request field that named them, for the error
	 * @throws dev.herald.common.ApiError a validation error naming the field when one is
	 * missing (or another workspace's) or not ready yet
	 */
	List<MediaItem> require(UUID workspaceId, List<UUID> ids, String field);

	/**
	 * The workspace's files among these ids that exist, in the order given; the others
	 * are left out (for showing what a post carries, even after a file was deleted).
	 */
	List<MediaItem> find(UUID workspaceId, List<UUID> ids);

	/**
	 * A file on this machine with the item's bytes, for streaming it to a platform: the
	 * stored file itself, or a local copy of it that is removed a day after its last use.
	 */
	Path file(MediaItem item) throws IOException;

}
