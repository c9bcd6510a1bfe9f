package dev.herald.platform;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Reading a post's metrics failed, classified like a publishing failure so that the
 * caller knows whether to wait ({@link ErrorClass#RATE_LIMITED}, with the wait), retry
 * later ({@link ErrorClass#TRANSIENT}), ask the user to reconnect
 * ({@link ErrorClass#AUTH_EXPIRED}) or give up on this id
 * ({@link ErrorClass#INVALID_CONTENT}). The message names the platform and never carries
 * a token.
 */
public class MetricsUnavailable extends RuntimeException {

	private final ErrorClass errorClass;

	private final @Nullable Duration retryAfter;

	public MetricsUnavailable(ErrorClass errorClass, String message) {
		this(errorClass, message, null);
	}

	public MetricsUnavailable(ErrorClass errorClass, String message, @Nullable Duration retryAfter) {
		super(message);
		this.errorClass = errorClass;
		this.retryAfter = retryAfter;
	}

	public ErrorClass errorClass() {
		return this.errorClass;
	}

	/** How long the platform asked to wait, when it is rate limiting. */
	public Optional<Duration> retryAfter() {
		return Optional.ofNullable(this.retryAfter);
	}

}
