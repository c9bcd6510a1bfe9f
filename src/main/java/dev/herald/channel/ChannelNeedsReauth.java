package dev.herald.channel;

import java.util.UUID;

import dev.herald.platform.PlatformKind;

/**
 * The platform stopped accepting a channel's credential and refreshing it did not help: a
 * user must reconnect it. Its scheduled posts wait.
 *
 * @param workspaceId the channel's workspace
 * @param channelId the channel
 * @param platform its platform
 * @param username its account
 * @param connectedBy who connected it (told first)
 * @param reason the platform's reason
 */
public record ChannelNeedsReauth(UUID workspaceId, UUID channelId, PlatformKind platform, String username,
		UUID connectedBy, String reason) {
}
