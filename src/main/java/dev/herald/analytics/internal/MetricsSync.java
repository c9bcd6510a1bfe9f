package dev.herald.analytics.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.herald.analytics.MetricsRead;
import dev.herald.channel.ChannelCredential;
import dev.herald.channel.Channels;
import dev.herald.platform.MetricsUnavailable;
import dev.herald.platform.Platform;
import dev.herald.platform.PlatformKind;
import dev.herald.platform.PostMetrics;
import dev.herald.publishing.PublishedPost;
import dev.herald.publishing.PublishedPosts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import static dev.herald.common.SqlTime.instant;
import static dev.herald.common.SqlTime.ts;

/**
 * Reads back the counts of recently published posts from their platforms and keeps the
 * latest of each. One round goes channel by channel, the least recently read targets
 * first, so that a round cut short (a rate limit, a channel that needs reconnecting, an
 * instance that is down) is continued by the next one. A platform that rate limits ends
 * that channel's round at once: the next round comes after the reset.
 */
@Service
public class MetricsSync {

	private static final Logger log = LoggerFactory.getLogger(MetricsSync.class);

	private final PublishedPosts published;

	private final Channels channels;

	private final Map<PlatformKind, Platform> platforms = new EnumMap<>(PlatformKind.class);

	private final JdbcClient jdbc;

	private final AnalyticsSettings settings;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	MetricsSync(PublishedPosts published, Channels channels, List<Platform> platforms, JdbcClient jdbc,
			AnalyticsSettings settings, Clock clock, ApplicationEventPublisher events) {
		this.events = events;
		this.published = published;
		this.channels = channels;
		platforms.forEach((platform) -> this.platforms.put(platform.kind(), platform));
		this.jdbc = jdbc;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * What one round did.
	 *
	 * @param targets published targets in the window
	 * @param updated targets whose counts were read and saved
	 * @param gone targets the platform no longer has (deleted there)
	 * @param failed targets whose counts could not be read this time
	 * @param channels channels whose targets were read
	 * @param rateLimited channels whose round a rate limit ended
	 * @param unusable channels skipped or stopped because they need reconnecting
	 * @param at when the round started
	 */
	public record SyncReport(int targets, int updated, int gone, int failed, int channels, int rateLimited,
			int unusable, Instant at) {

		SyncReport plus(SyncReport other) {
			return new SyncReport(this.targets + other.targets, this.updated + other.updated, this.gone + other.gone,
					this.failed + other.failed, this.channels + other.channels, this.rateLimited + other.rateLimited,
					this.unusable + other.unusable, this.at);
		}

	}

	/** A round over every workspace that published in the window (the job's). */
	public SyncReport syncAll() {
		Instant now = Instant.now(this.clock);
		SyncReport total = new SyncReport(0, 0, 0, 0, 0, 0, 0, now);
		for (UUID workspaceId : this.published.workspacesPublishedSince(now.minus(this.settings.window()))) {
			try {
				total = total.plus(sync(workspaceId));
			}
			catch (RuntimeException ex) {
				// one workspace's failure does not hold up the others'
				log.warn("Metric sync of workspace {} failed", workspaceId, ex);
			}
		}
		return total;
	}

	/** A round over one workspace's targets published in the window. */
	public SyncReport sync(UUID workspaceId) {
		Instant now = Instant.now(this.clock);
		List<PublishedPost> targets = this.published.list(workspaceId,
				new PublishedPosts.Query(null, null, now.minus(this.settings.window()), this.settings.maxTargets()));
		Map<UUID, Instant> lastRead = lastRead(workspaceId, targets);
		// never read first, then the least recently read
		Comparator<PublishedPost> order = Comparator
			.comparing((PublishedPost target) -> lastRead.getOrDefault(target.targetId(), Instant.EPOCH));
		Map<UUID, List<PublishedPost>> byChannel = new LinkedHashMap<>();
		targets.stream()
			.sorted(order)
			.forEach((target) -> byChannel.computeIfAbsent(target.channelId(), (id) -> new ArrayList<>()).add(target));
		SyncReport report = new SyncReport(targets.size(), 0, 0, 0, 0, 0, 0, now);
		for (Map.Entry<UUID, List<PublishedPost>> channel : byChannel.entrySet()) {
			report = report.plus(syncChannel(channel.getKey(), channel.getValue(), now));
		}
		if (!targets.isEmpty()) {
			log.info("Metric sync of workspace {}: {}", workspaceId, report);
		}
		if (report.updated() > 0) {
			this.events.publishEvent(new MetricsRead(workspaceId, report.updated()));
		}
		return report;
	}

	private SyncReport syncChannel(UUID channelId, List<PublishedPost> targets, Instant now) {
		ChannelCredential credential = this.channels.credential(channelId);
		if (!credential.usable()) {
			return new SyncReport(0, 0, 0, 0, 0, 0, 1, now);
		}
		Platform platform = this.platforms.get(credential.platform());
		if (platform == null) {
			return new SyncReport(0, 0, 0, 0, 0, 0, 1, now);
		}
		int updated = 0;
		int gone = 0;
		int failed = 0;
		int failuresInARow = 0;
		boolean refreshed = false;
		for (int i = 0; i < targets.size(); i++) {
			PublishedPost target = targets.get(i);
			try {
				Optional<PostMetrics> metrics = platform.metrics(credential.access(), target.platformPostId());
				failuresInARow = 0;
				if (metrics.isPresent()) {
					if (save(target, metrics.get())) {
						updated++;
					}
				}
				else {
					gone++;
				}
			}
			catch (MetricsUnavailable unavailable) {
				switch (unavailable.errorClass()) {
					case RATE_LIMITED -> {
						log.info("{} rate limits channel {} (reset in {}): its metric sync stops here, {} of {} read",
								credential.platform().displayName(), channelId,
								unavailable.retryAfter().map(Duration::toString).orElse("an unknown time"), i,
								targets.size());
						return new SyncReport(0, updated, gone, failed, 1, 1, 0, now);
					}
					case AUTH_EXPIRED -> {
						if (refreshed) {
							return new SyncReport(0, updated, gone, failed + 1, 1, 0, 1, now);
						}
						// refreshed once, as publishing does; when that fails the channel
						// needs reconnecting and its owner is told
						refreshed = true;
						credential = this.channels.refreshAfterRefusal(channelId, unavailable.getMessage());
						if (!credential.usable()) {
							return new SyncReport(0, updated, gone, failed + 1, 1, 0, 1, now);
						}
						i--;
					}
					default -> {
						failed++;
						if (++failuresInARow >= this.settings.maxTransientFailures()) {
							log.info("Metric sync of channel {} stops after {} failures in a row: {}", channelId,
									failuresInARow, unavailable.getMessage());
							return new SyncReport(0, updated, gone, failed, 1, 0, 0, now);
						}
					}
				}
			}
		}
		return new SyncReport(0, updated, gone, failed, 1, 0, 0, now);
	}

	private Map<UUID, Instant> lastRead(UUID workspaceId, List<PublishedPost> targets) {
		if (targets.isEmpty()) {
			return Map.of();
		}
		Map<UUID, Instant> read = new HashMap<>();
		this.jdbc.sql("SELECT target_id, fetched_at FROM post_metrics WHERE workspace_id = ? AND target_id = ANY(?)")
			.params(workspaceId, targets.stream().map(PublishedPost::targetId).toArray(UUID[]::new))
			.query((rs) -> {
				read.put(rs.getObject("target_id", UUID.class), instant(rs, "fetched_at"));
			});
		return read;
	}

	/** Keeps these counts as the target's latest; false when the target is gone. */
	private boolean save(PublishedPost target, PostMetrics metrics) {
		try {
			this.jdbc
				.sql("INSERT INTO post_metrics (target_id, post_id, channel_id, workspace_id, likes, reposts, replies, "
						+ "quotes, views, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (target_id) "
						+ "DO UPDATE SET likes = EXCLUDED.likes, reposts = EXCLUDED.reposts, replies = EXCLUDED.replies, "
						+ "quotes = EXCLUDED.quotes, views = EXCLUDED.views, fetched_at = EXCLUDED.fetched_at "
						+ "WHERE post_metrics.fetched_at <= EXCLUDED.fetched_at")
				.params(target.targetId(), target.postId(), target.channelId(), target.workspaceId(), metrics.likes(),
						metrics.reposts(), metrics.replies(), metrics.quotes(), metrics.views(), ts(metrics.at()))
				.update();
			return true;
		}
		catch (DataIntegrityViolationException deleted) {
			// the post was deleted while its counts were read
			return false;
		}
	}

}
