package dev.herald.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitHeadersTests {

	private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

	@Test
	void readsEachPlatformsForm() {
		assertThat(wait("Retry-After", "120")).hasValue(Duration.ofSeconds(120));
		assertThat(wait("Retry-After", "Sun, 22 Nov 2026 10:01:00 GMT")).hasValue(Duration.ofMinutes(1));
		assertThat(wait("X-RateLimit-Reset", "2026-11-22T10:05:00.000Z")).hasValue(Duration.ofMinutes(5));
		assertThat(wait("RateLimit-Reset", Long.toString(Instant.parse("2026-11-22T10:02:00Z").getEpochSecond())))
			.hasValue(Duration.ofMinutes(2));
		assertThat(wait("RateLimit-Reset", "30")).hasValue(Duration.ofSeconds(30));
	}

	@Test
	void neverAnswersANegativeWaitNorGuessesFromNonsense() {
		assertThat(wait("X-RateLimit-Reset", "2026-11-22T09:00:00Z")).hasValue(Duration.ZERO);
		assertThat(wait("Retry-After", "soon")).isEmpty();
		assertThat(RateLimitHeaders.waitFrom(new HttpHeaders(), this.clock)).isEmpty();
	}

	private java.util.Optional<Duration> wait(String header, String value) {
		HttpHeaders headers = new HttpHeaders();
		headers.add(header, value);
		return RateLimitHeaders.waitFrom(headers, this.clock);
	}

}
