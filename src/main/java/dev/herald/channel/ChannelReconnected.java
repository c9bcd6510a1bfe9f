package dev.herald.channel;

import java.util.UUID;

/**
 * A channel that needed reconnecting works again: its waiting posts can go.
 *
 * @param workspaceId the channel's workspace
 * @param channelId the channel
 */
public record ChannelReconnected(UUID workspaceId, UUID channelId) {
}
