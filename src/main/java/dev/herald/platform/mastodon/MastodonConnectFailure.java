package dev.herald.platform.mastodon;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Connecting a Mastodon account failed. The message is for the user: it names the
 * instance and says what went wrong and what to do; it never carries a token, a client
 * secret, an authorization code or a PKCE verifier. {@link #reason()} tells the caller
 * how to react.
 */
public class MastodonConnectFailure extends RuntimeException {

	/** Why connecting failed. */
	public enum Reason {

		/**
		 * The address is not one Herald connects to (not https, a path, a user name...).
		 */
		INVALID_ADDRESS,

		/** The instance could not be reached or did not answer in time. */
		UNREACHABLE,

		/** Something answered, but not as a Mastodon server does. */
		NOT_MASTODON,

		/**
		 * The authorization code was refused (400 {@code invalid_grant}): unknown,
		 * expired, already used, another redirect URI, or a PKCE verifier that does not
		 * match. The user starts over.
		 */
		INVALID_CODE,

		/**
		 * The instance does not know Herald's app any more (401 {@code invalid_client}):
		 * register the app again, then start over.
		 */
		INVALID_CLIENT,

		/** The access token was refused (401): the user connects again. */
		INVALID_TOKEN,

		/**
		 * Any other refusal (for example 403 for a disabled account, 422 for an app the
		 * instance will not register); {@link #instanceError()} says what the instance
		 * said.
		 */
		REFUSED,

		/** Too many requests (429): try again after {@link #retryAfter()}. */
		RATE_LIMITED,

		/** The instance failed (5xx): try again later. */
		UNAVAILABLE

	}

	private final Reason reason;

	private final @Nullable String instanceError;

	private final @Nullable Duration retryAfter;

	MastodonConnectFailure(Reason reason, String message, @Nullable String instanceError,
			@Nullable Duration retryAfter) {
		super(message);
		this.reason = reason;
		this.instanceError = instanceError;
		this.retryAfter = retryAfter;
	}

	public Reason reason() {
		return this.reason;
	}

	/**
	 * What the instance itself said ({@code error_description} or {@code error}), for the
	 * log.
	 */
	public @Nullable String instanceError() {
		return this.instanceError;
	}

	/** How long the instance asked to wait, when it is rate limiting. */
	public Optional<Duration> retryAfter() {
		return Optional.ofNullable(this.retryAfter);
	}

	/** Whether the same call may succeed later without the user doing anything. */
	public boolean retryable() {
		return this.reason == Reason.UNREACHABLE || this.reason == Reason.RATE_LIMITED
				|| this.reason == Reason.UNAVAILABLE;
	}

}
