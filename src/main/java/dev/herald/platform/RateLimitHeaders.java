package dev.herald.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * How long a platform asks to wait, read from whichever header it uses:
 * {@code Retry-After} (seconds or an HTTP date), {@code X-RateLimit-Reset} (an ISO
 * timestamp, as Mastodon sends, or epoch seconds) or {@code RateLimit-Reset} (epoch
 * seconds, as Bluesky sends, or seconds to wait).
 */
public final class RateLimitHeaders {

	private static final long EPOCH_SECONDS_THRESHOLD = 1_000_000_000L;

	private RateLimitHeaders() {
	}

	public static Optional<Duration> waitFrom(HttpHeaders headers, Clock clock) {
		Instant now = clock.instant();
		return parse(headers.getFirst(HttpHeaders.RETRY_AFTER), now)
			.or(() -> parse(headers.getFirst("X-RateLimit-Reset"), now))
			.or(() -> parse(headers.getFirst("RateLimit-Reset"), now))
			.map((wait) -> wait.isNegative() ? Duration.ZERO : wait);
	}

	private static Optional<Duration> parse(@Nullable String value, Instant now) {
		if (value == null || value.isBlank()) {
			return Optional.empty();
		}
		String text = value.trim();
		try {
			long number = Long.parseLong(text);
			return Optional.of((number > EPOCH_SECONDS_THRESHOLD) ? Duration.between(now, Instant.ofEpochSecond(number))
					: Duration.ofSeconds(number));
		}
		catch (NumberFormatException notANumber) {
			// a date, below
		}
		try {
			return Optional.of(Duration.between(now, Instant.parse(text)));
		}
		catch (DateTimeParseException notIso) {
			// an HTTP date, below
		}
		try {
			return Optional.of(Duration.between(now, ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)));
		}
		catch (DateTimeParseException unreadable) {
			return Optional.empty();
		}
	}

}
