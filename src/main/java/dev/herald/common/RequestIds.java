package dev.herald.common;

import org.slf4j.MDC;

/**
 * The id of the request being served, as accepted from {@code X-Request-Id} or generated;
 * it is echoed in the response, put in every log line and in every envelope's
 * {@code meta}.
 */
public final class RequestIds {

	/** The header that carries the id in and out. */
	public static final String HEADER = "X-Request-Id";

	/** The logging context key. */
	public static final String MDC_KEY = "requestId";

	private RequestIds() {
	}

	/** The current request's id, or {@code "none"} outside a request. */
	public static String current() {
		String id = MDC.get(MDC_KEY);
		return (id != null) ? id : "none";
	}

}
