package dev.herald.publishing;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A reviewer approved or rejected a post.
 *
 * @param workspaceId the post's workspace
 * @param postId the post
 * @param authorId its author (told)
 * @param reviewerId who reviewed it
 * @param approved whether it was approved
 * @param comment the reviewer's comment
 */
public record PostReviewed(UUID workspaceId, UUID postId, UUID authorId, UUID reviewerId, boolean approved,
		@Nullable String comment) {
}
