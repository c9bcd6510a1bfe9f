package dev.herald.common;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the error envelope of SPEC.md §4 where no controller advice reaches: in servlet
 * filters and in the security filter chain.
 */
public class ErrorResponses {

	private final JsonMapper json;

	private final Clock clock;

	public ErrorResponses(JsonMapper json, Clock clock) {
		this.json = json;
		this.clock = clock;
	}

	/** The envelope for an error. */
	public Envelope envelope(ApiError error) {
		return new Envelope(new Envelope.Error(error.code().name(), error.getMessage(), error.details()),
				new Envelope.Meta(RequestIds.current(), Instant.now(this.clock)));
	}

	/**
	 * Writes the envelope, status and {@code Retry-After} for an error onto a response.
	 */
	public void write(HttpServletResponse response, ApiError error) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.resetBuffer();
		response.setStatus(error.code().status().value());
		if (error.retryAfter() != null) {
			response.setHeader("Retry-After", Long.toString(Math.max(1, error.retryAfter().toSeconds())));
		}
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		this.json.writeValue(response.getOutputStream(), envelope(error));
	}

	/**
	 * The error envelope.
	 *
	 * @param error what went wrong
	 * @param meta the request id and time
	 */
	public record Envelope(Error error, Meta meta) {

		/**
		 * What went wrong.
		 *
		 * @param code the error code
		 * @param message what to fix
		 * @param details per-field problems
		 */
		public record Error(String code, String message, List<ErrorDetail> details) {
		}

		/**
		 * Facts about the answer.
		 *
		 * @param requestId the request's id
		 * @param timestamp when it was answered
		 */
		public record Meta(String requestId, Instant timestamp) {
		}

	}

}
