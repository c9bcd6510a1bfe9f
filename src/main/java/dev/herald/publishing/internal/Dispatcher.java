package dev.herald.publishing.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.Semaphore;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.herald.channel.ChannelCredential;
import dev.herald.channel.ChannelStatus;
import dev.herald.channel.Channels;
import dev.herald.common.ApiError;
import dev.herald.platform.Capabilities;
import dev.herald.platform.ErrorClass;
import dev.herald.platform.Media;
import dev.herald.platform.Platform;
import dev.herald.platform.PlatformKind;
import dev.herald.platform.PostContent;
import dev.herald.platform.PublishRequest;
import dev.herald.platform.PublishResult;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.herald.common.SqlTime.instant;
import static dev.herald.common.SqlTime.ts;

/**
 * Claims due targets and publishes each. A target is claimed by a state transition
 * (SCHEDULED or UNCONFIRMED, or PUBLISHING whose lease ran out, to PUBLISHING with a new
 * lease), so that only one instance acts on it; every step's state is saved before the
 * next step; and every answer of the platform is classified: published, retried with
 * backoff, waited for (rate limits, a reconnect), failed with the platform's reason, or —
 * when the answer was lost — reconciled before anything is sent again.
 */
@Component
class Dispatcher {

	private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

	private static final TypeReference<Map<String, String>> STATE = new TypeReference<>() {
	};

	/**
	 * When a target is due to be claimed, by its status; the expression of the index the
	 * claim reads ({@code post_targets_wake_idx}).
	 */
	private static final String WAKE_AT = "(CASE status WHEN 'SCHEDULED' THEN due_at "
			+ "WHEN 'UNCONFIRMED' THEN next_attempt_at ELSE lease_until END)";

	/** This instance's name, as the leases it holds say. */
	static final String INSTANCE = java.lang.management.ManagementFactory.getRuntimeMXBean().getName();

	/** Steps one run takes at most (a long thread continues in the next run). */
	private static final int MAX_STEPS = 60;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final Channels channels;

	private final Composer composer;

	private final PublishingSettings settings;

	private final Settler settler;

	private final JsonMapper json;

	private final Clock clock;

	private final PublishingMetrics metrics;

	/** One publish at a time per channel on this instance. */
	private final LoadingCache<UUID, Semaphore> channelLocks = Caffeine.newBuilder()
		.executor(Runnable::run)
		.weakValues()
		.build((id) -> new Semaphore(1));

	private final Map<PlatformKind, Semaphore> platformSlots = new EnumMap<>(PlatformKind.class);

	Dispatcher(JdbcClient jdbc, TransactionTemplate transactions, Channels channels, Composer composer,
			PublishingSettings settings, Settler settler, JsonMapper json, Clock clock, MeterRegistry registry) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.channels = channels;
		this.composer = composer;
		this.settings = settings;
		this.settler = settler;
		this.json = json;
		this.clock = clock;
		this.metrics = new PublishingMetrics(registry);
		for (PlatformKind kind : PlatformKind.values()) {
			this.platformSlots.put(kind, new Semaphore(settings.platformConcurrency(), true));
		}
	}

	/**
	 * Claims up to {@code max} due targets, the longest due first, and marks their posts
	 * as publishing, in one statement: each target is taken by a state transition
	 * (SCHEDULED or UNCONFIRMED and due, or PUBLISHING whose lease ran out, to PUBLISHING
	 * under a new lease), and one locked by another instance's claim is skipped.
	 */
	List<Claim> claim(int max) {
		Instant now = Instant.now(this.clock);
		return this.jdbc
			.sql("WITH due AS (SELECT id FROM post_targets WHERE status IN ('SCHEDULED', 'UNCONFIRMED', 'PUBLISHING') "
					+ "AND " + WAKE_AT + " <= ? ORDER BY " + WAKE_AT + " LIMIT ? FOR UPDATE SKIP LOCKED), "
					+ "claimed AS (UPDATE post_targets t SET status = 'PUBLISHING', lease_until = ?, leased_by = ?, "
					+ "attempts = t.attempts + 1, reconcile_first = (t.reconcile_first OR t.status <> 'SCHEDULED'), "
					+ "updated_at = ? FROM due WHERE t.id = due.id "
					+ "RETURNING t.id, t.post_id, t.workspace_id, t.channel_id, t.platform, t.due_at, t.attempts, "
					+ "t.reconcile_first, t.state, t.text_override, t.thread_override, t.media_ids), "
					+ "started AS (UPDATE posts SET status = 'PUBLISHING', updated_at = ? "
					+ "WHERE id IN (SELECT post_id FROM claimed) AND status = 'SCHEDULED') "
					+ "SELECT c.*, p.text, p.thread, p.first_comment, p.hashtags, "
					+ "coalesce(c.media_ids, p.media_ids) AS files FROM claimed c "
					+ "JOIN posts p ON p.id = c.post_id")
			.params(ts(now), max, ts(now.plus(this.settings.lease())), INSTANCE, ts(now), ts(now))
			.query((rs, n) -> {
				java.sql.Array thread = rs.getArray("thread_override");
				return new Claim(rs.getObject("id", UUID.class), rs.getObject("post_id", UUID.class),
						rs.getObject("workspace_id", UUID.class), rs.getObject("channel_id", UUID.class),
						PlatformKind.valueOf(rs.getString("platform")),
						instant(rs, "due_at") != null ? instant(rs, "due_at") : now, rs.getInt("attempts"),
						rs.getBoolean("reconcile_first"), this.json.readValue(rs.getString("state"), STATE),
						new Composer.Draft(rs.getString("text"), PostService.strings(rs.getArray("thread")),
								rs.getString("first_comment"), PostService.strings(rs.getArray("hashtags"))),
						rs.getString("text_override"), (thread != null) ? PostService.strings(thread) : null,
						PostService.uuids(rs.getArray("files")));
			})
			.list();
	}

	/** A claimed target and what it needs to be published. */
	record Claim(UUID targetId, UUID postId, UUID workspaceId, UUID channelId, PlatformKind platform, Instant dueAt,
			int attempt, boolean reconcileFirst, Map<String, String> state, Composer.Draft post,
			@Nullable String textOverride, @Nullable List<String> threadOverride, List<UUID> mediaIds) {
	}

	/** Publishes a claimed target, one at a time per channel on this instance. */
	void publish(Claim claim) {
		this.metrics.due(claim.platform(), Duration.between(claim.dueAt(), Instant.now(this.clock)));
		Semaphore channelLock = this.channelLocks.get(claim.channelId());
		try {
			channelLock.acquire();
			try {
				steps(claim);
			}
			finally {
				channelLock.release();
			}
		}
		catch (InterruptedException ex) {
			// shutting down: the lease runs out and the target is reconciled after
			// restart
			Thread.currentThread().interrupt();
		}
	}

	private void steps(Claim claim) throws InterruptedException {
		ChannelCredential credential = this.channels.credential(claim.channelId());
		if (!credential.usable()) {
			waitForChannel(claim, credential);
			return;
		}
		Platform platform = this.composer.platform(claim.platform());
		List<Media> media;
		try {
			media = this.composer.media(claim.workspaceId(), claim.mediaIds(), "mediaIds");
		}
		catch (ApiError missing) {
			// deleted from the library after the post was scheduled
			failed(claim, ErrorClass.INVALID_CONTENT,
					"A file of this post is no longer in the media library: " + missing.details().getFirst().message());
			return;
		}
		PostContent content;
		try {
			Capabilities capabilities = platform.capabilities(credential.access());
			content = Composer.content(claim.post(), claim.textOverride(), claim.threadOverride(), media, capabilities);
		}
		catch (RuntimeException ex) {
			// nothing was sent: the platform could not even be asked for its limits
			retry(claim, new PublishResult.Transient("Could not read the platform's limits: " + ex.getMessage()));
			return;
		}
		Map<String, String> state = claim.state();
		boolean reconcile = claim.reconcileFirst();
		boolean refreshed = false;
		for (int step = 0; step < MAX_STEPS; step++) {
			PublishRequest request = new PublishRequest(credential.access(), content, claim.targetId().toString(),
					state);
			PublishResult result = call(platform, request, reconcile);
			switch (result) {
				case PublishResult.Published published -> {
					published(claim, state, published);
					return;
				}
				case PublishResult.Pending pending -> {
					state = pending.state();
					saveState(claim, state);
					reconcile = false;
					if (!pending.retryAfter().isZero() && !pending.retryAfter().isNegative()) {
						later(claim, pending.retryAfter(), false, null);
						return;
					}
				}
				case PublishResult.Transient transientFault -> {
					if (!reconcile) {
						retry(claim, transientFault);
						return;
					}
					// the platform surely does not have it: sending is safe
					reconcile = false;
					saveState(claim, state);
					this.metrics.reconciled(claim.platform(), "absent");
				}
				case PublishResult.RateLimited limited -> {
					this.metrics.rateLimited(claim.platform());
					later(claim, limited.retryAfter(), true, "Rate limited by the platform: waiting for the reset");
					return;
				}
				case PublishResult.NeedsReauth refusal -> {
					if (refreshed) {
						retry(claim, new PublishResult.Transient(
								"The platform refused a credential refreshed a moment ago: " + refusal.reason()));
						return;
					}
					// refreshed once; when that fails, the post waits for a reconnect
					refreshed = true;
					credential = this.channels.refreshAfterRefusal(claim.channelId(), refusal.reason());
					if (!credential.usable()) {
						waitForChannel(claim, credential);
						return;
					}
				}
				case PublishResult.Rejected rejected -> {
					failed(claim, ErrorClass.INVALID_CONTENT, rejected.reason());
					return;
				}
				case PublishResult.Unknown unknown -> {
					unconfirmed(claim, unknown.reason());
					return;
				}
			}
			renewLease(claim);
		}
		// a very long thread: the rest continues in the next run, from the saved state
		later(claim, Duration.ZERO, true, null);
	}

	/**
	 * One step at the platform, holding one of its slots for just the time of the call:
	 * the cap bounds requests in flight, not the saving of their answers.
	 */
	private PublishResult call(Platform platform, PublishRequest request, boolean reconcile)
			throws InterruptedException {
		Semaphore platformSlot = this.platformSlots.get(platform.kind());
		platformSlot.acquire();
		try {
			return reconcile ? platform.reconcile(request) : platform.publish(request);
		}
		catch (RuntimeException ex) {
			// an adapter that threw may have sent the request: treat as unknown
			log.warn("The {} adapter failed on target {}", platform.kind(), request.idempotencyKey(), ex);
			return new PublishResult.Unknown("The adapter failed: " + ex.getClass().getSimpleName());
		}
		finally {
			platformSlot.release();
		}
	}

	// Outcomes, each saved with the post's aggregate status under the post's row lock

	private void published(Claim claim, Map<String, String> state, PublishResult.Published published)
			throws InterruptedException {
		if (this.settler.settle(Settler.Settlement.published(claim, published, this.json.writeValueAsString(state)))) {
			this.metrics.published(claim.platform());
		}
	}

	private void failed(Claim claim, ErrorClass error, String reason) throws InterruptedException {
		String cut = cut(reason);
		if (this.settler.settle(Settler.Settlement.failed(claim, error, cut))) {
			this.metrics.failed(claim.platform(), error);
			log.info("Target {} on {} failed: {}", claim.targetId(), claim.platform(), cut);
		}
	}

	private void retry(Claim claim, PublishResult.Transient fault) throws InterruptedException {
		if (claim.attempt() >= this.settings.maxAttempts()) {
			failed(claim, ErrorClass.TRANSIENT, "Gave up after " + claim.attempt() + " attempts: " + fault.reason());
			return;
		}
		this.metrics.retried(claim.platform());
		later(claim, backoff(this.settings.retryBase(), claim.attempt()), false, fault.reason());
	}

	private void unconfirmed(Claim claim, String reason) throws InterruptedException {
		if (claim.attempt() >= this.settings.maxAttempts() + this.settings.reconcileAttempts()) {
			failed(claim, ErrorClass.UNKNOWN_OUTCOME, "Could not find out whether the platform "
					+ "published it; check the channel before publishing again. Last answer: " + reason);
			return;
		}
		Instant next = Instant.now(this.clock).plus(backoff(this.settings.reconcileDelay(), 1));
		update(claim,
				() -> this.jdbc
					.sql("UPDATE post_targets SET status = 'UNCONFIRMED', reconcile_first = TRUE, next_attempt_at = ?, "
							+ "lease_until = NULL, error_class = 'UNKNOWN_OUTCOME', error_message = ?, updated_at = ? "
							+ "WHERE id = ? AND leased_by = ?")
					.params(ts(next), cut(reason), ts(Instant.now(this.clock)), claim.targetId(), INSTANCE)
					.update());
		this.metrics.unconfirmed(claim.platform());
	}

	/**
	 * Back to SCHEDULED for a later run; {@code free} gives back the attempt (a rate
	 * limit or a reconnect costs none). Whether the next run reconciles first is left as
	 * the last definite answer set it.
	 */
	private void later(Claim claim, Duration wait, boolean free, @Nullable String reason) {
		later(claim, wait, free, reason, null);
	}

	private void later(Claim claim, Duration wait, boolean free, @Nullable String reason,
			@Nullable ErrorClass waitingFor) {
		Instant now = Instant.now(this.clock);
		Instant next = now.plus(wait);
		update(claim, () -> this.jdbc
			.sql("UPDATE post_targets SET status = 'SCHEDULED', due_at = ?, next_attempt_at = ?, lease_until = NULL, "
					+ "attempts = attempts - ?, error_message = ?, error_class = ?, "
					+ "updated_at = ? WHERE id = ? AND leased_by = ?")
			.params(ts(next), ts(next), free ? 1 : 0, (reason != null) ? cut(reason) : null,
					(waitingFor != null) ? waitingFor.name() : null, ts(now), claim.targetId(), INSTANCE)
			.update());
	}

	private void waitForChannel(Claim claim, ChannelCredential credential) throws InterruptedException {
		if (credential.status() == ChannelStatus.DISCONNECTED) {
			failed(claim, ErrorClass.AUTH_EXPIRED, "The channel was disconnected before the post was published");
			return;
		}
		// its posts wait for the reconnect, which wakes them (ChannelReconnected)
		later(claim, this.settings.reauthWait(), true,
				"Waiting for the channel to be reconnected: " + credential.reason(), ErrorClass.AUTH_EXPIRED);
	}

	private void saveState(Claim claim, Map<String, String> state) {
		this.jdbc
			.sql("UPDATE post_targets SET state = CAST(? AS jsonb), reconcile_first = FALSE, lease_until = ?, "
					+ "updated_at = ? " + "WHERE id = ? AND leased_by = ?")
			.params(this.json.writeValueAsString(state), ts(Instant.now(this.clock).plus(this.settings.lease())),
					ts(Instant.now(this.clock)), claim.targetId(), INSTANCE)
			.update();
	}

	private void renewLease(Claim claim) {
		this.jdbc.sql("UPDATE post_targets SET lease_until = ? WHERE id = ? AND leased_by = ?")
			.params(ts(Instant.now(this.clock).plus(this.settings.lease())), claim.targetId(), INSTANCE)
			.update();
	}

	private void update(Claim claim, Runnable change) {
		this.transactions.executeWithoutResult((tx) -> {
			lockPost(claim.postId());
			change.run();
		});
	}

	private void lockPost(UUID postId) {
		this.jdbc.sql("SELECT id FROM posts WHERE id = ? FOR UPDATE").param(postId).query(UUID.class).optional();
	}

	/**
	 * {@code base × 2^(attempt-1)}, capped, with ±20 % jitter so retries do not stampede.
	 */
	Duration backoff(Duration base, int attempt) {
		long millis = base.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
		millis = Math.min(millis, this.settings.retryCap().toMillis());
		double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
		return Duration.ofMillis((long) (millis * jitter));
	}

	private static String cut(String reason) {
		return (reason.length() > 1000) ? reason.substring(0, 1000) : reason;
	}

}
