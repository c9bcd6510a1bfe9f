package dev.herald.media;

import java.util.Optional;
import java.util.UUID;

/**
 * Implemented by the module whose posts carry media, so that a file is not deleted while
 * a post still has to publish it.
 */
public interface MediaUsage {

	/**
	 * The post that still needs this file (scheduled, in review, approved or publishing),
	 * described for the user ("the post “Summer sale” scheduled for 2026-12-01 09:00
	 * Europe/Paris"); empty when none does.
	 */
	Optional<String> pendingUse(UUID workspaceId, UUID mediaId);

}
