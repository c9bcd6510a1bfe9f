package dev.herald.channel;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import dev.herald.platform.PlatformKind;
import org.jspecify.annotations.Nullable;

/**
 * A connected social account of a brand, as the API shows it: never its tokens.
 *
 * @param id the channel's id
 * @param workspaceId its workspace
 * @param brandId its brand
 * @param platform where it publishes
 * @param endpoint the instance, PDS or webhook URL it publishes to
 * @param accountId the account's id at the platform
 * @param username the account's handle
 * @param displayName the account's display name
 * @param avatarUrl the account's avatar
 * @param status whether Herald can publish to it
 * @param statusReason why it needs attention, when it does
 * @param tokenExpiresAt when its access token expires, if it does
 * @param followersCount followers at the last sync
 * @param slotTimezone the zone its posting slots are in
 * @param createdAt when it was first connected
 * @param updatedAt when it last changed
 */
public record Channel(UUID id, UUID workspaceId, UUID brandId, PlatformKind platform, URI endpoint, String accountId,
		String username, @Nullable String displayName, @Nullable String avatarUrl, ChannelStatus status,
		@Nullable String statusReason, @Nullable Instant tokenExpiresAt, @Nullable Long followersCount,
		String slotTimezone, Instant createdAt, Instant updatedAt) {
}
