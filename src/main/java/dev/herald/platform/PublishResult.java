package dev.herald.platform;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What one publishing step came to. {@link Pending} hands back state (a container id, an
 * uploaded media id) that must be saved before the next step runs, so that a crash
 * resumes instead of starting over.
 */
public sealed interface PublishResult {

	/** The error class of this result, or {@code null} for a success. */
	@Nullable ErrorClass errorClass();

	/**
	 * The platform accepted the post.
	 *
	 * @param platformPostId the platform's id of the post
	 * @param url where it can be seen, if the platform says
	 */
	record Published(String platformPostId, @Nullable URI url) implements PublishResult {

		@Override
		public @Nullable ErrorClass errorClass() {
			return null;
		}

	}

	/**
	 * A step succeeded and another must follow, after {@code retryAfter}.
	 *
	 * @param state what the next step needs, to be saved first
	 * @param retryAfter how long to wait before the next step
	 */
	record Pending(Map<String, String> state, Duration retryAfter) implements PublishResult {

		public Pending {
			state = Map.copyOf(state);
		}

		@Override
		public ErrorClass errorClass() {
			return ErrorClass.MEDIA_NOT_READY;
		}

	}

	/**
	 * Too many requests: try again after the wait.
	 *
	 * @param retryAfter how long until the limit resets
	 */
	record RateLimited(Duration retryAfter) implements PublishResult {

		@Override
		public ErrorClass errorClass() {
			return ErrorClass.RATE_LIMITED;
		}

	}

	/**
	 * The credential no longer works.
	 *
	 * @param reason the platform's reason
	 */
	record NeedsReauth(String reason) implements PublishResult {

		@Override
		public ErrorClass errorClass() {
			return ErrorClass.AUTH_EXPIRED;
		}

	}

	/**
	 * The platform refused the content; retrying cannot help.
	 *
	 * @param reason the platform's reason, for the user
	 */
	record Rejected(String reason) implements PublishResult {

		@Override
		public ErrorClass errorClass() {
			return ErrorClass.INVALID_CONTENT;
		}

	}

	/**
	 * A passing fault before anything was accepted: safe to retry.
	 *
	 * @param reason what went wrong
	 */
	record Transient(String reason) implements PublishResult {

		/**
		 * A file that could not be fetched from the media library (its storage did not
		 * answer): nothing was sent, so trying again is safe.
		 */
		public static Transient unreadable(Media medium, java.io.IOException ex) {
			return new Transient(
					"The file " + medium.id() + " could not be read from the media library: " + ex.getMessage());
		}

		@Override
		public ErrorClass errorClass() {
			return ErrorClass.TRANSIENT;
		}

	}

	/**
	 * Sent, but whether it was accepted is unknown (a timeout, a dropped connection):
	 * reconcile.
	 *
	 * @param reason what was observed
	 */
	record Unknown(String reason) implements PublishResult {

		@Override
		public ErrorClass errorClass() {
			return ErrorClass.UNKNOWN_OUTCOME;
		}

	}

}
