package dev.herald.media;

import java.util.Map;
import java.util.UUID;

import dev.herald.common.Auditable;
import dev.herald.common.RequestOrigin;
import org.jspecify.annotations.Nullable;

/**
 * A file was deleted from the media library, with its thumbnails and variants.
 *
 * @param actorId who deleted it
 * @param workspaceId its workspace
 * @param mediaId the file
 * @param name the name it was uploaded under
 * @param variants how many variants went with it
 * @param origin where the request came from
 */
public record MediaDeleted(UUID actorId, UUID workspaceId, UUID mediaId, String name, int variants,
		RequestOrigin origin) implements Auditable {

	@Override
	public String action() {
		return "media.deleted";
	}

	@Override
	public String resourceType() {
		return "media";
	}

	@Override
	public @Nullable String resourceId() {
		return this.mediaId.toString();
	}

	@Override
	public Map<String, String> details() {
		return Map.of("name", this.name, "variants", Integer.toString(this.variants));
	}

}
