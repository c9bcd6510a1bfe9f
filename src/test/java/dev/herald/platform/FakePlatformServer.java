package dev.herald.platform;

import java.time.Duration;

/**
 * What a contract test asks of a platform's fake server: to count what it accepted, and
 * to answer the next request with a fault, as the real platform would.
 */
public interface FakePlatformServer {

	/**
	 * How many posts the fake accepted (a repeat with the same idempotency key counts
	 * once).
	 */
	int accepted();

	/** How many requests the fake has received and not answered yet (delayed ones). */
	int inFlight();

	/** Answers the next publish with this status and the platform's error body. */
	void failNext(int status);

	/**
	 * Answers the next publish with 429 and the platform's rate-limit headers, resetting
	 * after the wait.
	 */
	void rateLimitNext(Duration reset);

	/**
	 * Answers the next publish only after this delay (past the client's read timeout: an
	 * unknown outcome).
	 */
	void delayNext(Duration delay);

}
