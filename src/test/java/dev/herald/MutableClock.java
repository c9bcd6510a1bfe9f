package dev.herald;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that tests move forward instead of sleeping. It follows real time, plus
 * whatever the tests have added, so that it only ever moves forward for every test
 * sharing the application context.
 */
public final class MutableClock extends Clock {

	private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

	@Override
	public ZoneId getZone() {
		return ZoneOffset.UTC;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		return Clock.fixed(instant(), zone);
	}

	@Override
	public Instant instant() {
		return Instant.now().plus(this.offset.get());
	}

	/** Moves time forward. */
	public void advance(Duration duration) {
		this.offset.updateAndGet((current) -> current.plus(duration));
	}

}
