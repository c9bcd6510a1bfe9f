package dev.herald.publishing;

import java.time.Instant;
import java.util.UUID;

import dev.herald.platform.PlatformKind;

/**
 * Publishing a post on one channel was given up.
 *
 * @param workspaceId the post's workspace
 * @param postId the post
 * @param targetId the target
 * @param channelId the channel
 * @param platform its platform
 * @param errorCode the error class
 * @param reason the platform's reason, for the user
 * @param at when it was given up
 */
public record PostFailed(UUID workspaceId, UUID postId, UUID targetId, UUID channelId, PlatformKind platform,
		String errorCode, String reason, Instant at) {
}
