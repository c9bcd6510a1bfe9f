package dev.herald.common.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

import dev.herald.common.ApiError;
import dev.herald.common.ErrorCode;
import dev.herald.common.ErrorResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import static dev.herald.common.SqlTime.ts;

/**
 * {@code Idempotency-Key} on API POSTs: the first request with a key runs and, if it
 * succeeds, its answer is kept for 24 hours; a repeat with the same key and body gets
 * that answer again (with {@code Idempotent-Replayed: true}) without running twice; the
 * same key with another body, or while the first is still running, is 409. Keys are per
 * caller. Answers that carry secrets (sign-in tokens, new API keys) are not kept, so
 * those endpoints ignore the header.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE - 10)
class IdempotencyFilter extends OncePerRequestFilter {

	static final String HEADER = "Idempotency-Key";

	static final Duration RETENTION = Duration.ofHours(24);

	private static final Set<String> SECRET_ANSWERS = Set.of("/api/v1/auth/", "/api/v1/api-keys",
			"/api/v1/invitations/");

	private final JdbcClient jdbc;

	private final ErrorResponses errors;

	private final Clock clock;

	IdempotencyFilter(JdbcClient jdbc, ErrorResponses errors, Clock clock) {
		this.jdbc = jdbc;
		this.errors = errors;
		this.clock = clock;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		String uri = request.getRequestURI();
		return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null || !uri.startsWith("/api/v1/")
				|| SECRET_ANSWERS.stream().anyMatch(uri::startsWith);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String key = request.getHeader(HEADER).trim();
		if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch((c) -> c > 32 && c < 127)) {
			this.errors.write(response,
					ApiError.invalid(HEADER, "Must be 1 to 255 printable ASCII characters, for example a UUID"));
			return;
		}
		byte[] body;
		try {
			body = request.getInputStream().readAllBytes();
		}
		catch (BodyLimitFilter.BodyTooLarge ex) {
			this.errors.write(response,
					new ApiError(ErrorCode.PAYLOAD_TOO_LARGE, "The request body is over the size limit"));
			return;
		}
		String scope = scope(request);
		String hash = hash(request, body);
		Optional<Stored> earlier = claim(scope, key, hash);
		if (earlier.isPresent()) {
			answer(earlier.get(), hash, response);
			return;
		}
		ContentCachingResponseWrapper wrapper = new ContentCachingResponseWrapper(response);
		boolean kept = false;
		try {
			chain.doFilter(new CachedBodyRequest(request, body), wrapper);
			int status = wrapper.getStatus();
			if (status >= 200 && status < 300) {
				this.jdbc
					.sql("UPDATE idempotency_records SET status = ?, content_type = ?, body = ? "
							+ "WHERE scope = ? AND idem_key = ?")
					.params(status, wrapper.getContentType(), wrapper.getContentAsByteArray(), scope, key)
					.update();
				kept = true;
			}
		}
		finally {
			if (!kept) {
				release(scope, key);
			}
			wrapper.copyBodyToResponse();
		}
	}

	/** Claims the key; answers what an earlier request with it left, if there was one. */
	private Optional<Stored> claim(String scope, String key, String hash) {
		Instant now = Instant.now(this.clock);
		this.jdbc.sql("DELETE FROM idempotency_records WHERE scope = ? AND idem_key = ? AND created_at < ?")
			.params(scope, key, ts(now.minus(RETENTION)))
			.update();
		int claimed = this.jdbc
			.sql("INSERT INTO idempotency_records (scope, idem_key, request_hash, created_at) VALUES (?, ?, ?, ?) "
					+ "ON CONFLICT DO NOTHING")
			.params(scope, key, hash, ts(now))
			.update();
		if (claimed == 1) {
			return Optional.empty();
		}
		return this.jdbc.sql(
				"SELECT request_hash, status, content_type, body FROM idempotency_records WHERE scope = ? AND idem_key = ?")
			.params(scope, key)
			.query((rs, i) -> new Stored(rs.getString("request_hash"), (Integer) rs.getObject("status"),
					rs.getString("content_type"), rs.getBytes("body")))
			.optional()
			.or(() -> Optional.of(new Stored(hash, null, null, null)));
	}

	private void answer(Stored earlier, String hash, HttpServletResponse response) throws IOException {
		if (!earlier.requestHash().equals(hash)) {
			this.errors.write(response, ApiError
				.conflict("This Idempotency-Key was used with a different request: use a new key for a new request"));
			return;
		}
		if (earlier.status() == null || earlier.body() == null) {
			this.errors.write(response, ApiError
				.conflict("A request with this Idempotency-Key is still being processed: retry in a moment"));
			return;
		}
		response.setStatus(earlier.status());
		if (earlier.contentType() != null) {
			response.setContentType(earlier.contentType());
		}
		response.setHeader("Idempotent-Replayed", "true");
		response.getOutputStream().write(earlier.body());
	}

	private void release(String scope, String key) {
		this.jdbc.sql("DELETE FROM idempotency_records WHERE scope = ? AND idem_key = ? AND status IS NULL")
			.params(scope, key)
			.update();
	}

	private static String scope(HttpServletRequest request) {
		Authentication auth = SecurityContextHolder.getContext().getAuthentication();
		if (auth != null && auth.isAuthenticated() && !"anonymousUser".equals(auth.getName())) {
			return "user:" + auth.getName();
		}
		return "address:" + request.getRemoteAddr();
	}

	private static String hash(HttpServletRequest request, byte[] body) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update((request.getMethod() + " " + request.getRequestURI() + "?" + request.getQueryString() + "\n"
					+ request.getHeader("X-Workspace-Id") + "\n")
				.getBytes(StandardCharsets.UTF_8));
			digest.update(body);
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Stored(String requestHash, @Nullable Integer status, @Nullable String contentType,
			byte @Nullable [] body) {
	}

	/** The request with its body read once and replayed to the handler. */
	private static final class CachedBodyRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		CachedBodyRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] b, int off, int len) {
					return in.read(b, off, len);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("synchronous body only");
				}

			};
		}

		@Override
		public java.io.BufferedReader getReader() {
			return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
		}

	}

}
