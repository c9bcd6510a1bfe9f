package dev.herald.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.herald.common.ApiError;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Slows guessing down: per client address, a budget of failed logins and a budget of
 * requests that send mail or create accounts (Bucket4j token buckets, in memory on this
 * instance); per account, a lock that doubles with every further failure (kept in the
 * users table, so it holds across instances). Both answer 429 with {@code Retry-After}.
 */
@Component
class LoginThrottle {

	private final IdentitySettings settings;

	private final Clock clock;

	private final TimeMeter meter;

	private final Cache<String, Bucket> failures = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfterAccess(Duration.ofHours(2))
		.build();

	private final Cache<String, Bucket> mailers = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfterAccess(Duration.ofHours(2))
		.build();

	private final Cache<String, Bucket> socialStarts = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfterAccess(Duration.ofHours(1))
		.build();

	LoginThrottle(IdentitySettings settings, Clock clock) {
		this.settings = settings;
		this.clock = clock;
		this.meter = new ClockMeter(clock);
	}

	/** Refuses a login attempt from an address that has failed too often lately. */
	void checkAddress(@Nullable String ip) {
		Bucket bucket = failureBucket(ip);
		io.github.bucket4j.EstimationProbe probe = bucket.estimateAbilityToConsume(1);
		if (bucket.getAvailableTokens() < 1) {
			throw ApiError.tooManyRequests("Too many failed logins from your address: try again later",
					Duration.ofNanos(probe.getNanosToWaitForRefill()));
		}
	}

	void recordAddressFailure(@Nullable String ip) {
		failureBucket(ip).tryConsume(1);
	}

	/**
	 * Counts a request that sends mail or creates an account; refuses it over the budget.
	 */
	void checkMailBudget(@Nullable String ip) {
		Bucket bucket = this.mailers.get(key(ip), (k) -> bucket(this.settings.signUpsPerIp(), Duration.ofHours(1)));
		ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
		if (!probe.isConsumed()) {
			throw ApiError.tooManyRequests("Too many requests from your address: try again later",
					Duration.ofNanos(probe.getNanosToWaitForRefill()));
		}
	}

	/**
	 * Counts a social login started (each keeps a state row); refuses it over the budget.
	 */
	void checkSocialStart(@Nullable String ip) {
		Bucket bucket = this.socialStarts.get(key(ip),
				(k) -> bucket(this.settings.socialStartsPerIp(), Duration.ofMinutes(10)));
		ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
		if (!probe.isConsumed()) {
			throw ApiError.tooManyRequests("Too many sign-ins started from your address: try again later",
					Duration.ofNanos(probe.getNanosToWaitForRefill()));
		}
	}

	/** Refuses a login to a locked account, saying when it unlocks. */
	void checkAccount(UserRecord user) {
		Instant now = Instant.now(this.clock);
		if (user.lockedUntil() != null && user.lockedUntil().isAfter(now)) {
			Duration wait = Duration.between(now, user.lockedUntil());
			throw ApiError.tooManyRequests("Too many failed logins for this account: try again in "
					+ Math.max(1, wait.toSeconds()) + " s, or reset your password", wait);
		}
	}

	/**
	 * When the account locks after one more failure, or {@code null} while under the
	 * threshold.
	 */
	@Nullable Instant lockAfter(int failures) {
		if (failures < this.settings.failuresBeforeLock()) {
			return null;
		}
		int doublings = Math.min(failures - this.settings.failuresBeforeLock(), 16);
		Duration lock = this.settings.firstLock().multipliedBy(1L << doublings);
		if (lock.compareTo(this.settings.maxLock()) > 0) {
			lock = this.settings.maxLock();
		}
		return Instant.now(this.clock).plus(lock);
	}

	private Bucket failureBucket(@Nullable String ip) {
		return this.failures.get(key(ip), (k) -> bucket(this.settings.failuresPerIp(), this.settings.ipWindow()));
	}

	private Bucket bucket(int capacity, Duration period) {
		return Bucket.builder()
			.addLimit((limit) -> limit.capacity(capacity).refillGreedy(capacity, period))
			.withCustomTimePrecision(this.meter)
			.build();
	}

	private static String key(@Nullable String ip) {
		return (ip != null) ? ip : "unknown";
	}

	/**
	 * Bucket4j's time from the injected clock, so that tests move time instead of
	 * sleeping.
	 */
	private record ClockMeter(Clock clock) implements TimeMeter {

		@Override
		public long currentTimeNanos() {
			Instant now = this.clock.instant();
			return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
		}

		@Override
		public boolean isWallClockBased() {
			return true;
		}

	}

}
