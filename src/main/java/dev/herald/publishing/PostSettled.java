package dev.herald.publishing;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Every target of a post is settled (published or failed): its author is told once.
 *
 * @param workspaceId the post's workspace
 * @param postId the post
 * @param authorId its author
 * @param status PUBLISHED, PARTIALLY_PUBLISHED or FAILED
 * @param published how many targets were published
 * @param failed how many failed
 * @param firstFailure the reason of a failure, if any
 * @param excerpt the start of the post's text
 */
public record PostSettled(UUID workspaceId, UUID postId, UUID authorId, PostStatus status, int published, int failed,
		@Nullable String firstFailure, String excerpt) {
}
