package dev.herald.common;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Where a request came from, carried by events so that the audit log can record it after
 * the request has ended.
 *
 * @param ip the client's address
 * @param userAgent the client's user agent, cut to 512 characters
 */
public record RequestOrigin(@Nullable String ip, @Nullable String userAgent) {

	/** For actions that no request caused (jobs, start-up). */
	public static final RequestOrigin SYSTEM = new RequestOrigin(null, "herald");

	public static RequestOrigin of(HttpServletRequest request) {
		String agent = request.getHeader("User-Agent");
		if (agent != null && agent.length() > 512) {
			agent = agent.substring(0, 512);
		}
		return new RequestOrigin(request.getRemoteAddr(), agent);
	}

}
