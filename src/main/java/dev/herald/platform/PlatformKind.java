package dev.herald.platform;

/**
 * The kinds of channel Herald publishes to.
 */
public enum PlatformKind {

	MASTODON, BLUESKY, WEBHOOK

}
