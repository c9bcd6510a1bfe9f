package dev.herald.studio.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.herald.analytics.PostPerformance;
import dev.herald.analytics.TargetMetrics;
import dev.herald.platform.PlatformKind;
import dev.herald.publishing.PublishedPost;
import dev.herald.publishing.PublishedPosts;

import org.springframework.stereotype.Component;

/**
 * What a brand's own published posts teach the studio once their metrics are read back:
 * its best posts, shown to the model as examples, and the hours its posts did best on
 * each platform, where a batch plans its drafts first.
 */
@Component
class BrandHistory {

	/** How far back the history goes. */
	static final Duration WINDOW = Duration.ofDays(90);

	/** Posts with metrics a platform needs before its best hours are trusted. */
	static final int MIN_FOR_TIMES = 10;

	/** Posts an hour needs to count as one of the best. */
	static final int MIN_PER_HOUR = 2;

	private static final int RECENT = 500;

	private final PublishedPosts published;

	private final PostPerformance performance;

	private final Clock clock;

	BrandHistory(PublishedPosts published, PostPerformance performance, Clock clock) {
		this.published = published;
		this.performance = performance;
		this.clock = clock;
	}

	/**
	 * A past post and how it did.
	 *
	 * @param post the post as published
	 * @param engagement its interactions, as last read
	 */
	record Performed(PublishedPost post, long engagement) {
	}

	/** The brand's posts of the last 90 days whose metrics were read, newest first. */
	private List<Performed> performed(UUID workspaceId, UUID brandId) {
		List<PublishedPost> posts = this.published.list(workspaceId,
				new PublishedPosts.Query(brandId, null, Instant.now(this.clock).minus(WINDOW), RECENT));
		if (posts.isEmpty()) {
			return List.of();
		}
		Map<UUID, TargetMetrics> metrics = this.performance.latest(workspaceId,
				posts.stream().map(PublishedPost::targetId).toList());
		List<Performed> performed = new ArrayList<>();
		for (PublishedPost post : posts) {
			TargetMetrics counts = metrics.get(post.targetId());
			if (counts != null) {
				performed.add(new Performed(post, counts.engagement()));
			}
		}
		return performed;
	}

	/**
	 * The brand's best posts with at least one interaction, best first: chosen by their
	 * ids and counts, only the chosen ones read in full.
	 */
	List<Performed> best(UUID workspaceId, UUID brandId, int limit) {
		List<UUID> ids = this.published.targetIds(workspaceId,
				new PublishedPosts.Query(brandId, null, Instant.now(this.clock).minus(WINDOW), RECENT));
		if (ids.isEmpty()) {
			return List.of();
		}
		Map<UUID, Long> best = new HashMap<>();
		this.performance.latest(workspaceId, ids)
			.values()
			.stream()
			.filter((counts) -> counts.engagement() > 0)
			.sorted(Comparator.comparingLong(TargetMetrics::engagement).reversed())
			.limit(limit)
			.forEach((counts) -> best.put(counts.targetId(), counts.engagement()));
		if (best.isEmpty()) {
			return List.of();
		}
		return this.published.find(workspaceId, best.keySet())
			.stream()
			.map((post) -> new Performed(post, best.get(post.targetId())))
			.sorted(Comparator.comparingLong(Performed::engagement).reversed())
			.toList();
	}

	/**
	 * For each platform with enough history, its two local hours with the best average
	 * engagement (each with at least {@value #MIN_PER_HOUR} posts), best first.
	 */
	Map<PlatformKind, List<LocalTime>> bestTimes(UUID workspaceId, UUID brandId, ZoneId zone) {
		Map<PlatformKind, List<Performed>> byPlatform = new EnumMap<>(PlatformKind.class);
		for (Performed post : performed(workspaceId, brandId)) {
			byPlatform.computeIfAbsent(post.post().platform(), (platform) -> new ArrayList<>()).add(post);
		}
		Map<PlatformKind, List<LocalTime>> times = new EnumMap<>(PlatformKind.class);
		byPlatform.forEach((platform, posts) -> {
			if (posts.size() < MIN_FOR_TIMES) {
				return;
			}
			Map<Integer, long[]> hours = new HashMap<>();
			for (Performed post : posts) {
				long[] sum = hours.computeIfAbsent(post.post().publishedAt().atZone(zone).getHour(),
						(hour) -> new long[2]);
				sum[0] += post.engagement();
				sum[1]++;
			}
			List<LocalTime> best = hours.entrySet()
				.stream()
				.filter((hour) -> hour.getValue()[1] >= MIN_PER_HOUR)
				.sorted(Comparator.comparingDouble(
						(Map.Entry<Integer, long[]> hour) -> -(double) hour.getValue()[0] / hour.getValue()[1]))
				.limit(2)
				.map((hour) -> LocalTime.of(hour.getKey(), 0))
				.toList();
			if (!best.isEmpty()) {
				times.put(platform, best);
			}
		});
		return times;
	}

}
