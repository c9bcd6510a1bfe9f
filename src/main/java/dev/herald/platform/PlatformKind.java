package dev.herald.platform;

/**
 * The kinds of channel Herald publishes to.
 */
public enum PlatformKind {

	MASTODON("Mastodon"), BLUESKY("Bluesky"), WEBHOOK("Webhook");

	private final String displayName;

	PlatformKind(String displayName) {
		this.displayName = displayName;
	}

	/** The platform's name as people write it. */
	public String displayName() {
		return this.displayName;
	}

}
