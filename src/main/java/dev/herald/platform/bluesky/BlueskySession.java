package dev.herald.platform.bluesky;

/**
 * An app-password session at a PDS: the account's DID and handle, and the two tokens to
 * store. The tokens never appear in {@link #toString()}.
 *
 * @param did the account's DID, the channel's account id
 * @param handle the account's handle, for display
 * @param accessJwt the short-lived access token (about 2 h)
 * @param refreshJwt the long-lived refresh token (about 90 days); it rotates on refresh
 */
public record BlueskySession(String did, String handle, String accessJwt, String refreshJwt) {

	@Override
	public String toString() {
		return "BlueskySession[did=" + this.did + ", handle=" + this.handle
				+ ", accessJwt=(hidden), refreshJwt=(hidden)]";
	}

}
