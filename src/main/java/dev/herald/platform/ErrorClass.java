package dev.herald.platform;

/**
 * The few kinds of failure every platform's errors are classified into (PLATFORMS.md),
 * each with its own handling by the publishing engine.
 */
public enum ErrorClass {

	/** The credential no longer works: refresh it, else the user reconnects. */
	AUTH_EXPIRED,

	/** Too many requests: wait for the reset, which costs no attempt. */
	RATE_LIMITED,

	/** The platform refuses the content: the user must fix it; never retried. */
	INVALID_CONTENT,

	/** Media still processing: poll again. */
	MEDIA_NOT_READY,

	/** A passing fault before the platform accepted anything: retry with backoff. */
	TRANSIENT,

	/**
	 * The request may or may not have been accepted: reconcile, never blindly re-post.
	 */
	UNKNOWN_OUTCOME

}
