package dev.herald.common;

import org.springframework.http.HttpStatus;

/**
 * The error codes of the API (SPEC.md §4), each with the HTTP status it is answered with.
 */
public enum ErrorCode {

	UNAUTHORIZED(HttpStatus.UNAUTHORIZED), FORBIDDEN(HttpStatus.FORBIDDEN), NOT_FOUND(HttpStatus.NOT_FOUND),
	METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED), CONFLICT(HttpStatus.CONFLICT),
	VALIDATION_ERROR(HttpStatus.UNPROCESSABLE_CONTENT), RATE_LIMIT_EXCEEDED(HttpStatus.TOO_MANY_REQUESTS),
	QUOTA_EXCEEDED(HttpStatus.FORBIDDEN), AI_NOT_CONFIGURED(HttpStatus.SERVICE_UNAVAILABLE),
	AI_PROVIDER_ERROR(HttpStatus.BAD_GATEWAY), AI_PROVIDER_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE),
	PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE), UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE),
	NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE), INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR);

	private final HttpStatus status;

	ErrorCode(HttpStatus status) {
		this.status = status;
	}

	public HttpStatus status() {
		return this.status;
	}

}
