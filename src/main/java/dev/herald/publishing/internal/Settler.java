package dev.herald.publishing.internal;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.herald.platform.ErrorClass;
import dev.herald.platform.PublishResult;
import dev.herald.publishing.PostFailed;
import dev.herald.publishing.PostPublished;
import dev.herald.publishing.PostSettled;
import dev.herald.publishing.PostStatus;
import dev.herald.publishing.TargetStatus;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.herald.common.SqlTime.ts;

/**
 * Saves settled targets (published or failed) in groups, a group commit: the targets that
 * settle while a group is being written wait for the next, which takes them all (up to
 * {@value #GROUP}) in one transaction of five statements however many there are: the
 * posts locked, the targets saved, the posts' aggregate statuses, their authors read and
 * told. A statement and a commit per target made settling a quarter of the CPU a burst of
 * publications took. Each target's event is published in that transaction; a caller waits
 * for its group's commit, so a target is never taken for settled before it is.
 */
@Component
class Settler {

	private static final Logger log = LoggerFactory.getLogger(Settler.class);

	/** The most targets one transaction settles. */
	private static final int GROUP = 256;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final PostNotices notices;

	private final Clock clock;

	private final Duration lease;

	private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();

	Settler(JdbcClient jdbc, TransactionTemplate transactions, ApplicationEventPublisher events, PostNotices notices,
			PublishingSettings settings, Clock clock) {
		this.jdbc = jdbc;
		this.lease = settings.lease();
		this.transactions = transactions;
		this.events = events;
		this.notices = notices;
		this.clock = clock;
		Thread.ofPlatform().name("settler").daemon().start(this::run);
	}

	/**
	 * A target's end: {@code PUBLISHED} with the platform's id, address and the adapter's
	 * state, or {@code FAILED} with the error's class and message. Its event
	 * ({@link PostPublished} or {@link PostFailed}) is made from it when it is saved.
	 */
	record Settlement(Dispatcher.Claim claim, TargetStatus status, @Nullable String platformPostId, @Nullable URI url,
			@Nullable String state, @Nullable String errorClass, @Nullable String errorMessage) {

		static Settlement published(Dispatcher.Claim claim, PublishResult.Published published, String state) {
			return new Settlement(claim, TargetStatus.PUBLISHED, published.platformPostId(), published.url(), state,
					null, null);
		}

		static Settlement failed(Dispatcher.Claim claim, ErrorClass error, String reason) {
			return new Settlement(claim, TargetStatus.FAILED, null, null, null, error.name(), reason);
		}

		Object event(Instant at) {
			Dispatcher.Claim c = this.claim;
			return (this.status == TargetStatus.PUBLISHED)
					? new PostPublished(c.workspaceId(), c.postId(), c.targetId(), c.channelId(), c.platform(),
							this.platformPostId, this.url, at)
					: new PostFailed(c.workspaceId(), c.postId(), c.targetId(), c.channelId(), c.platform(),
							this.errorClass, this.errorMessage, at);
		}

	}

	private record Pending(Settlement settlement, CompletableFuture<Boolean> saved) {
	}

	/**
	 * Saves the settlement with the next group; answers false, changing nothing, when the
	 * target's lease is no longer this instance's (another took it over). Waits no longer
	 * than the lease: past it, the target is another's to reconcile anyway.
	 */
	boolean settle(Settlement settlement) throws InterruptedException {
		Pending pending = new Pending(settlement, new CompletableFuture<>());
		this.queue.put(pending);
		try {
			return pending.saved().get(this.lease.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime
					: new IllegalStateException(ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("Target " + settlement.claim().targetId() + " was not settled within "
					+ this.lease + "; it is reconciled once its lease runs out", ex);
		}
	}

	private void run() {
		List<Pending> group = new ArrayList<>(GROUP);
		while (true) {
			try {
				group.add(this.queue.take());
				this.queue.drainTo(group, GROUP - 1);
				try {
					complete(group, save(group));
				}
				catch (RuntimeException ex) {
					// one bad settlement must not fail the others: each is tried alone
					log.warn("Settling {} targets together failed; settling each alone", group.size(), ex);
					for (Pending one : group) {
						try {
							complete(List.of(one), save(List.of(one)));
						}
						catch (RuntimeException alone) {
							one.saved().completeExceptionally(alone);
						}
					}
				}
			}
			catch (InterruptedException ex) {
				return;
			}
			finally {
				group.clear();
			}
		}
	}

	private static void complete(List<Pending> group, Set<UUID> saved) {
		for (Pending pending : group) {
			pending.saved().complete(saved.contains(pending.settlement().claim().targetId()));
		}
	}

	/** Answers the targets saved (those whose lease is still this instance's). */
	private Set<UUID> save(List<Pending> group) {
		Instant now = Instant.now(this.clock);
		int size = group.size();
		UUID[] ids = new UUID[size];
		String[] statuses = new String[size];
		String[] postIds = new String[size];
		String[] urls = new String[size];
		String[] states = new String[size];
		String[] errorClasses = new String[size];
		String[] errorMessages = new String[size];
		Set<UUID> posts = new HashSet<>();
		for (int i = 0; i < size; i++) {
			Settlement settlement = group.get(i).settlement();
			ids[i] = settlement.claim().targetId();
			statuses[i] = settlement.status().name();
			postIds[i] = settlement.platformPostId();
			urls[i] = (settlement.url() != null) ? settlement.url().toString() : null;
			states[i] = settlement.state();
			errorClasses[i] = settlement.errorClass();
			errorMessages[i] = settlement.errorMessage();
			posts.add(settlement.claim().postId());
		}
		return this.transactions.execute((tx) -> {
			// the posts' row locks, in one order, which also read what their authors are
			// told
			Map<UUID, PostRow> authors = new HashMap<>();
			this.jdbc.sql("SELECT id, author_id, text FROM posts WHERE id = ANY(?) ORDER BY id FOR UPDATE")
				.param(posts.toArray(UUID[]::new))
				.query((rs) -> {
					authors.put(rs.getObject("id", UUID.class),
							new PostRow(rs.getObject("author_id", UUID.class), rs.getString("text")));
				});
			Set<UUID> saved = new HashSet<>(this.jdbc.sql("UPDATE post_targets t SET status = v.status, "
					+ "platform_post_id = coalesce(v.platform_post_id, t.platform_post_id), "
					+ "platform_url = coalesce(v.url, t.platform_url), "
					+ "state = coalesce(CAST(v.state AS jsonb), t.state), "
					+ "published_at = CASE WHEN v.status = 'PUBLISHED' THEN ? ELSE t.published_at END, "
					+ "error_class = v.error_class, error_message = v.error_message, lease_until = NULL, "
					+ "next_attempt_at = NULL, updated_at = ? "
					+ "FROM unnest(?, ?, ?, ?, ?, ?, ?) AS v(id, status, platform_post_id, url, state, error_class, "
					+ "error_message) WHERE t.id = v.id AND t.leased_by = ? RETURNING t.id")
				.params(ts(now), ts(now), ids, statuses, postIds, urls, states, errorClasses, errorMessages,
						Dispatcher.INSTANCE)
				.query(UUID.class)
				.list());
			Set<UUID> touched = new HashSet<>();
			for (Pending pending : group) {
				if (saved.contains(pending.settlement().claim().targetId())) {
					// in the transaction: listeners that run after the commit hear of it
					// then, and only if it commits
					this.events.publishEvent(pending.settlement().event(now));
					touched.add(pending.settlement().claim().postId());
				}
			}
			if (!touched.isEmpty()) {
				settlePosts(touched, authors, now);
			}
			return saved;
		});
	}

	/**
	 * The posts' aggregate statuses, and the status of each whose every target has
	 * settled; their authors are told.
	 */
	private void settlePosts(Set<UUID> posts, Map<UUID, PostRow> authors, Instant now) {
		List<PostSettled> settled = this.jdbc
			.sql("WITH aggregate AS (SELECT post_id, count(*) FILTER (WHERE status = 'PUBLISHED') AS published, "
					+ "count(*) FILTER (WHERE status = 'FAILED') AS failed, "
					+ "count(*) FILTER (WHERE status IN ('SCHEDULED', 'PUBLISHING', 'UNCONFIRMED')) AS open, "
					+ "min(error_message) FILTER (WHERE status = 'FAILED') AS reason "
					+ "FROM post_targets WHERE post_id = ANY(?) GROUP BY post_id), "
					+ "settled AS (UPDATE posts p SET status = CASE WHEN a.failed = 0 THEN 'PUBLISHED' "
					+ "WHEN a.published = 0 THEN 'FAILED' ELSE 'PARTIALLY_PUBLISHED' END, "
					+ "published_at = CASE WHEN a.published > 0 THEN ? ELSE p.published_at END, updated_at = ? "
					+ "FROM aggregate a WHERE p.id = a.post_id AND a.open = 0 RETURNING p.id, p.workspace_id, p.status) "
					+ "SELECT a.*, s.workspace_id, s.status AS settled FROM aggregate a JOIN settled s ON s.id = a.post_id")
			.params(posts.toArray(UUID[]::new), ts(now), ts(now))
			.query((rs, n) -> {
				UUID postId = rs.getObject("post_id", UUID.class);
				PostRow post = authors.get(postId);
				return new PostSettled(rs.getObject("workspace_id", UUID.class), postId, post.authorId(),
						PostStatus.valueOf(rs.getString("settled")), rs.getInt("published"), rs.getInt("failed"),
						rs.getString("reason"), PostService.excerpt(post.text(), 80));
			})
			.list();
		this.notices.settled(settled);
		settled.forEach(this.events::publishEvent);
	}

	private record PostRow(UUID authorId, String text) {
	}

}
