package dev.herald.publishing;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import dev.herald.platform.PlatformKind;
import org.jspecify.annotations.Nullable;

/**
 * A post was published on one channel.
 *
 * @param workspaceId the post's workspace
 * @param postId the post
 * @param targetId the target
 * @param channelId the channel
 * @param platform its platform
 * @param platformPostId the platform's id of the post
 * @param url where it can be seen
 * @param at when the platform accepted it
 */
public record PostPublished(UUID workspaceId, UUID postId, UUID targetId, UUID channelId, PlatformKind platform,
		String platformPostId, @Nullable URI url, Instant at) {
}
