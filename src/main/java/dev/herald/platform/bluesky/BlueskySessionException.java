package dev.herald.platform.bluesky;

/**
 * Opening or refreshing a Bluesky session failed, classified so that the caller knows
 * whether to ask the user again, wait, or retry. Never carries a password or a token.
 */
public class BlueskySessionException extends RuntimeException {

	/** Why the session call failed. */
	public enum Reason {

		/** Wrong identifier or app password (401 {@code AuthenticationRequired}). */
		BAD_CREDENTIALS,

		/** The refresh token has expired (400 {@code ExpiredToken}): sign in again. */
		EXPIRED,

		/**
		 * The token was refused (400 {@code InvalidToken}, revoked or not a refresh
		 * token): sign in again.
		 */
		INVALID,

		/** Too many session calls (429): try later. */
		RATE_LIMITED,

		/** The PDS could not be reached or failed (5xx): retry later. */
		UNAVAILABLE,

		/** Any other refusal. */
		REFUSED

	}

	private final Reason reason;

	BlueskySessionException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	/** Whether the user must enter an app password again. */
	public boolean needsSignIn() {
		return this.reason == Reason.BAD_CREDENTIALS || this.reason == Reason.EXPIRED || this.reason == Reason.INVALID;
	}

}
