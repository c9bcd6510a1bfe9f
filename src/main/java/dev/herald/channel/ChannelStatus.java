package dev.herald.channel;

/**
 * Whether Herald can publish to a channel.
 */
public enum ChannelStatus {

	/** Connected and usable. */
	ACTIVE,

	/**
	 * The platform no longer accepts its credential: the user must reconnect; its
	 * scheduled posts wait.
	 */
	NEEDS_REAUTH,

	/** Disconnected by a user; kept for the history of its posts. */
	DISCONNECTED

}
