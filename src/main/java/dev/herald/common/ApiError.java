package dev.herald.common;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A request the API refuses, answered in the error envelope with its code, a message that
 * says what to fix and, for validation errors, the fields concerned.
 */
public class ApiError extends RuntimeException {

	private final ErrorCode code;

	private final List<ErrorDetail> details;

	private final @Nullable Duration retryAfter;

	public ApiError(ErrorCode code, String message) {
		this(code, message, List.of(), null);
	}

	public ApiError(ErrorCode code, String message, List<ErrorDetail> details, @Nullable Duration retryAfter) {
		super(message, null, false, false);
		this.code = code;
		this.details = List.copyOf(details);
		this.retryAfter = retryAfter;
	}

	public static ApiError notFound(String what) {
		return new ApiError(ErrorCode.NOT_FOUND, what + " not found");
	}

	public static ApiError forbidden(String message) {
		return new ApiError(ErrorCode.FORBIDDEN, message);
	}

	public static ApiError conflict(String message) {
		return new ApiError(ErrorCode.CONFLICT, message);
	}

	public static ApiError unauthorized(String message) {
		return new ApiError(ErrorCode.UNAUTHORIZED, message);
	}

	public static ApiError invalid(String field, String message) {
		return new ApiError(ErrorCode.VALIDATION_ERROR, "Invalid request parameters",
				List.of(new ErrorDetail(field, message)), null);
	}

	public static ApiError tooManyRequests(String message, Duration retryAfter) {
		return new ApiError(ErrorCode.RATE_LIMIT_EXCEEDED, message, List.of(), retryAfter);
	}

	public ErrorCode code() {
		return this.code;
	}

	public List<ErrorDetail> details() {
		return this.details;
	}

	public @Nullable Duration retryAfter() {
		return this.retryAfter;
	}

}
