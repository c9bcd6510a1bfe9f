package dev.herald.channel;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Channels, for other modules: a channel is found only within its own workspace, and its
 * credential is decrypted only for the moment it is used.
 */
public interface Channels {

	Optional<Channel> find(UUID workspaceId, UUID channelId);

	/**
	 * Every channel of the workspace that can take posts (active or waiting to
	 * reconnect), for the composer's channel picker.
	 */
	List<Channel> listLive(UUID workspaceId);

	/** A channel's credential as it is now, refreshed first if it is about to expire. */
	ChannelCredential credential(UUID channelId);

	/**
	 * After the platform refused the credential: refreshes it once, under the channel's
	 * lock. When that fails the channel is marked NEEDS_REAUTH (and its owner told) and
	 * the answer is not usable.
	 */
	ChannelCredential refreshAfterRefusal(UUID channelId, String platformReason);

	/**
	 * The first posting slot of the channel strictly after {@code after} that is not in
	 * {@code taken}, looking up to a few weeks ahead; empty when the channel has no
	 * slots.
	 */
	Optional<Instant> nextFreeSlot(UUID channelId, Instant after, java.util.Set<Instant> taken);

}
