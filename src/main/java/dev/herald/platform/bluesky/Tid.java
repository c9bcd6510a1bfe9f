package dev.herald.platform.bluesky;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * AT Protocol timestamp identifiers (TIDs), the record keys of posts: 64 bits (top bit 0,
 * then 53 bits of microseconds since the epoch, then a 10-bit clock id) written as 13
 * characters of base32-sortable, so that later TIDs sort after earlier ones.
 */
final class Tid {

	static final String ALPHABET = "234567abcdefghijklmnopqrstuvwxyz";

	static final Pattern SYNTAX = Pattern.compile("^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$");

	private final Clock clock;

	private final long clockId = ThreadLocalRandom.current().nextLong(1024);

	private final AtomicLong last = new AtomicLong();

	Tid(Clock clock) {
		this.clock = clock;
	}

	/** A new TID, strictly after every TID this generator made before. */
	String next() {
		Instant now = this.clock.instant();
		long micros = Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1_000L);
		long timestamp = this.last.updateAndGet((previous) -> Math.max(previous + 1, micros));
		return encode((timestamp << 10) | this.clockId);
	}

	static String encode(long value) {
		char[] chars = new char[13];
		long rest = value & Long.MAX_VALUE;
		for (int i = 12; i >= 0; i--) {
			chars[i] = ALPHABET.charAt((int) (rest & 31));
			rest >>>= 5;
		}
		return new String(chars);
	}

	static boolean isValid(String text) {
		return SYNTAX.matcher(text).matches();
	}

}
