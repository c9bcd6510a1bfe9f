package dev.herald.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.stereotype.Component;

/**
 * Tells whether a session is still active, so that logging out (one device or all) ends
 * access tokens and dashboard sessions at once instead of when they expire. Answers are
 * cached for a few seconds per session; revocations on this instance evict at once, on
 * other instances within that time.
 */
@Component
class SessionGuard {

	private final SessionStore sessions;

	private final Clock clock;

	private final Cache<UUID, Instant> activeUntil = Caffeine.newBuilder()
		// evictions on the caller's thread, never queued behind the 1-worker common pool
		.executor(Runnable::run)
		.maximumSize(200_000)
		.expireAfterWrite(Duration.ofSeconds(5))
		.build();

	SessionGuard(SessionStore sessions, Clock clock) {
		this.sessions = sessions;
		this.clock = clock;
	}

	boolean active(UUID sessionId) {
		Instant until = this.activeUntil.get(sessionId,
				(id) -> this.sessions.find(id)
					.filter((s) -> s.revokedAt() == null)
					.map(SessionInfo::expiresAt)
					.orElse(Instant.EPOCH));
		return until.isAfter(Instant.now(this.clock));
	}

	void evict(UUID sessionId) {
		this.activeUntil.invalidate(sessionId);
	}

}
