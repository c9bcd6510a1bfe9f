package dev.herald.publishing;

import java.util.UUID;

/**
 * A post was submitted for approval.
 *
 * @param workspaceId the post's workspace
 * @param postId the post
 * @param authorId who submitted it
 * @param excerpt the start of its text
 */
public record PostSubmitted(UUID workspaceId, UUID postId, UUID authorId, String excerpt) {
}
