package dev.herald.studio.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;

import dev.herald.analytics.PostPerformance;
import dev.herald.analytics.TargetMetrics;
import dev.herald.channel.Channel;
import dev.herald.channel.Channels;
import dev.herald.common.ApiError;
import dev.herald.platform.PlatformKind;
import dev.herald.publishing.PublishedPost;
import dev.herald.publishing.PublishedPosts;
import dev.herald.workspace.Brands;
import dev.herald.workspace.Tenant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * What the studio answers with no generative provider, from the brand's own published
 * posts and their metrics, by the similarity of their embeddings to a draft: the nearest
 * past posts, hashtags from the brand's history, themes, and a predicted engagement.
 * Vectors are scored in memory, a brand's most recent {@code maxPosts} at most
 * (docs/offline-ai.md); posts published without a vector are embedded first, a few while
 * the query waits, the rest by the catch-up job.
 */
@Service
public class OfflineStudio {

	private static final Logger log = LoggerFactory.getLogger(OfflineStudio.class);

	/** Terms that label a theme. */
	private static final int LABEL_TERMS = 4;

	/** Example posts shown per theme. */
	private static final int EXAMPLES = 3;

	private final PostVectors vectors;

	private final Embedder embedder;

	private final PublishedPosts published;

	private final PostPerformance performance;

	private final Brands brands;

	private final Channels channels;

	private final OfflineSettings settings;

	OfflineStudio(PostVectors vectors, Embedder embedder, PublishedPosts published, PostPerformance performance,
			Brands brands, Channels channels, StudioSettings settings) {
		this.vectors = vectors;
		this.embedder = embedder;
		this.published = published;
		this.performance = performance;
		this.brands = brands;
		this.channels = channels;
		this.settings = settings.offline();
	}

	/**
	 * The history a query was answered from.
	 *
	 * @param posts published posts of the brand (or channel) considered
	 * @param indexed those with a vector, which the answer used
	 * @param pending those still waiting for their vector (embedded by the catch-up job)
	 * @param withMetrics those whose counts were read from their platform; not counted
	 * ({@code null}) by similar-posts, which reads the counts of the posts it shows only
	 */
	public record History(int posts, int indexed, int pending, @Nullable Integer withMetrics) {
	}

	/**
	 * A past published post and how close it is to a draft.
	 *
	 * @param targetId the published target
	 * @param postId its post
	 * @param channelId its channel
	 * @param platform the channel's platform
	 * @param text what was published
	 * @param hashtags its hashtags and those of its text, without #
	 * @param publishedAt when
	 * @param similarity the cosine of its embedding and the draft's (1 is the same
	 * meaning), or of the theme's centre for a theme's example
	 * @param metrics its latest counts, if they were read
	 */
	public record PastPost(UUID targetId, UUID postId, UUID channelId, PlatformKind platform, String text,
			List<String> hashtags, Instant publishedAt, double similarity, @Nullable TargetMetrics metrics) {
	}

	/**
	 * The nearest past posts of a draft.
	 *
	 * @param posts the nearest first
	 * @param history what was searched
	 * @param message what to do when nothing could be searched
	 */
	public record SimilarPosts(List<PastPost> posts, History history, @Nullable String message) {
	}

	/**
	 * A hashtag the brand used, ranked for a draft.
	 *
	 * @param hashtag the hashtag, without #, as the brand first wrote it
	 * @param score the sum over the posts that used it of their similarity to the draft
	 * (squared, so that close posts count most), raised by up to half by their engagement
	 * @param uses how many of the brand's posts used it
	 * @param bestSimilarity the similarity of the closest of them
	 * @param averageEngagement the average engagement of those with metrics, if any
	 */
	public record HistoryHashtag(String hashtag, double score, int uses, double bestSimilarity,
			@Nullable Double averageEngagement) {
	}

	/**
	 * Hashtags from the brand's history for a draft.
	 *
	 * @param hashtags the best first
	 * @param history what was searched
	 * @param message why there are none, when there are none
	 */
	public record HistoryHashtags(List<HistoryHashtag> hashtags, History history, @Nullable String message) {
	}

	/**
	 * A theme of past posts.
	 *
	 * @param label its top terms, joined
	 * @param terms the terms most particular to its posts
	 * @param size how many posts it has
	 * @param examples its posts nearest its centre
	 * @param averageEngagement the average engagement of its posts with metrics
	 * @param withMetrics how many of its posts have metrics
	 */
	public record Theme(String label, List<String> terms, int size, List<PastPost> examples,
			@Nullable Double averageEngagement, int withMetrics) {
	}

	/**
	 * The themes of a brand's or channel's past posts.
	 *
	 * @param themes the largest first
	 * @param k how many themes were looked for
	 * @param history what was clustered
	 * @param message why there are none, when there are none
	 */
	public record ThemeList(List<Theme> themes, int k, History history, @Nullable String message) {
	}

	/**
	 * A draft's predicted engagement.
	 *
	 * @param enoughHistory whether the brand has published enough posts with metrics
	 * @param message what the prediction rests on, or what is missing
	 * @param predictedEngagement the similarity-weighted average engagement of the
	 * neighbours
	 * @param spread their similarity-weighted standard deviation
	 * @param baseline the average engagement of all the posts with metrics considered
	 * @param confidence from 0 to 1: how many neighbours were found (of
	 * {@code neighbours}) times how close they are
	 * @param confidenceLevel LOW, MEDIUM or HIGH
	 * @param postsWithMetrics the posts with metrics considered
	 * @param minimum the posts with metrics needed
	 * @param neighbours the past posts used, the nearest first
	 * @param history what was searched
	 */
	public record Prediction(boolean enoughHistory, String message, @Nullable Double predictedEngagement,
			@Nullable Double spread, @Nullable Double baseline, double confidence, String confidenceLevel,
			int postsWithMetrics, int minimum, List<PastPost> neighbours, History history) {
	}

	/** A past post's vector, hashtags and counts (its text is read only when shown). */
	private record Entry(PostVectors.Stored post, @Nullable TargetMetrics metrics) {

		float[] vector() {
			return this.post.vector();
		}

		UUID targetId() {
			return this.post.targetId();
		}

	}

	private record Loaded(List<Entry> entries, History history) {
	}

	/** What a query is about: a brand, or one of its channels. */
	private record Scope(UUID brandId, @Nullable UUID channelId) {
	}

	/** The past posts nearest a draft, with their metrics. */
	public SimilarPosts similar(Tenant tenant, UUID brandId, @Nullable UUID channelId, String text, int limit) {
		Scope scope = scope(tenant, brandId, channelId);
		return similar(tenant, scope, load(tenant, scope, this.settings.maxPosts(), false), new Draft(text), limit);
	}

	private SimilarPosts similar(Tenant tenant, Scope scope, Loaded loaded, Draft text, int limit) {
		if (loaded.entries().isEmpty()) {
			return new SimilarPosts(List.of(), loaded.history(), empty(scope, loaded.history()));
		}
		long started = System.nanoTime();
		float[] draft = text.vector();
		long embedded = System.nanoTime();
		List<Scored> nearest = top(loaded.entries(), draft, limit);
		if (log.isDebugEnabled()) {
			log.debug("Embedded the draft in {} ms, scored {} posts in {} ms", (embedded - started) / 1_000_000,
					loaded.entries().size(), (System.nanoTime() - embedded) / 1_000_000);
		}
		Map<UUID, TargetMetrics> metrics = this.performance.latest(tenant.workspaceId(),
				nearest.stream().map((scored) -> scored.entry().targetId()).toList());
		return new SimilarPosts(shown(tenant, nearest, metrics), loaded.history(), null);
	}

	/** Hashtags the brand used on posts like the draft, the most fitting first. */
	public HistoryHashtags hashtags(Tenant tenant, UUID brandId, String text, int limit) {
		Scope scope = scope(tenant, brandId, null);
		return hashtags(scope, load(tenant, scope, this.settings.maxPosts(), true), new Draft(text), limit);
	}

	private HistoryHashtags hashtags(Scope scope, Loaded loaded, Draft text, int limit) {
		if (loaded.entries().isEmpty()) {
			return new HistoryHashtags(List.of(), loaded.history(), empty(scope, loaded.history()));
		}
		float[] draft = text.vector();
		Set<String> inDraft = new HashSet<>();
		inDraft.addAll(Hashtags.of(text.text(), List.of()).keySet());
		long maxEngagement = loaded.entries()
			.stream()
			.filter((entry) -> entry.metrics() != null)
			.mapToLong((entry) -> entry.metrics().engagement())
			.max()
			.orElse(0);
		Map<String, Tally> tallies = new LinkedHashMap<>();
		int withHashtags = 0;
		for (Entry entry : loaded.entries()) {
			Map<String, String> tags = Hashtags.of("", entry.post().hashtags());
			if (tags.isEmpty()) {
				continue;
			}
			withHashtags++;
			double similarity = Embedder.cosine(draft, entry.vector());
			double boost = 1;
			if (entry.metrics() != null && maxEngagement > 0) {
				boost += 0.5 * Math.log1p(entry.metrics().engagement()) / Math.log1p(maxEngagement);
			}
			double weight = Math.max(similarity, 0) * Math.max(similarity, 0) * boost;
			for (Map.Entry<String, String> tag : tags.entrySet()) {
				if (!inDraft.contains(tag.getKey())) {
					tallies.computeIfAbsent(tag.getKey(), (key) -> new Tally(tag.getValue()))
						.add(weight, similarity, entry.metrics());
				}
			}
		}
		if (withHashtags == 0) {
			return new HistoryHashtags(List.of(), loaded.history(),
					"None of this brand's " + loaded.history().indexed()
							+ " published posts has a hashtag yet: there is no history to suggest from. Add hashtags "
							+ "to the next posts, or ask the AI studio for some when a provider is configured.");
		}
		List<HistoryHashtag> ranked = tallies.values()
			.stream()
			.map(Tally::hashtag)
			.sorted(Comparator.comparingDouble(HistoryHashtag::score).reversed())
			.limit(limit)
			.toList();
		return new HistoryHashtags(ranked, loaded.history(),
				ranked.isEmpty() ? "The draft already has every hashtag this brand used before." : null);
	}

	/** Themes of the brand's (or one channel's) past posts. */
	public ThemeList themes(Tenant tenant, @Nullable UUID brandId, @Nullable UUID channelId, @Nullable Integer k) {
		Scope scope = scope(tenant, brandId, channelId);
		Loaded loaded = load(tenant, scope, this.settings.maxThemePosts(), true);
		int n = loaded.entries().size();
		if (n < this.settings.minThemePosts()) {
			String message = (n == 0) ? empty(scope, loaded.history())
					: "Not enough history: " + n + " published posts, at least " + this.settings.minThemePosts()
							+ " needed to find themes. Publish a few more posts first.";
			return new ThemeList(List.of(), 0, loaded.history(), message);
		}
		// the texts, for the themes' terms and examples
		Map<UUID, PublishedPost> posts = new HashMap<>();
		this.published.find(tenant.workspaceId(), loaded.entries().stream().map(Entry::targetId).toList())
			.forEach((post) -> posts.put(post.targetId(), post));
		List<Entry> entries = loaded.entries().stream().filter((entry) -> posts.containsKey(entry.targetId())).toList();
		int clusters = (k != null) ? k : Themes.defaultK(entries.size());
		List<Themes.Theme> found = Themes.find(
				entries.stream().map((entry) -> PostVectors.embeddedText(posts.get(entry.targetId()))).toList(),
				entries.stream().map(Entry::vector).toList(), clusters, LABEL_TERMS);
		List<Theme> themes = new ArrayList<>();
		for (Themes.Theme theme : found) {
			List<Entry> members = theme.members().stream().map(entries::get).toList();
			float[] centre = centre(members);
			List<PastPost> examples = members.stream()
				.limit(EXAMPLES)
				.map((entry) -> past(posts.get(entry.targetId()), Embedder.cosine(centre, entry.vector()),
						entry.metrics()))
				.toList();
			List<Entry> measured = members.stream().filter((entry) -> entry.metrics() != null).toList();
			Double average = measured.isEmpty() ? null
					: round(measured.stream().mapToLong((entry) -> entry.metrics().engagement()).average().orElse(0));
			String label = theme.terms().isEmpty() ? "Miscellaneous" : String.join(" · ", theme.terms());
			themes.add(new Theme(label, theme.terms(), members.size(), examples, average, measured.size()));
		}
		return new ThemeList(themes, Math.min(clusters, entries.size() / 2), loaded.history(), null);
	}

	/**
	 * A draft's engagement, predicted from its nearest past posts with metrics,
	 * similarity-weighted.
	 */
	public Prediction predict(Tenant tenant, UUID brandId, @Nullable UUID channelId, String text) {
		Scope scope = scope(tenant, brandId, channelId);
		return predict(tenant, load(tenant, scope, this.settings.maxPosts(), true), new Draft(text));
	}

	private Prediction predict(Tenant tenant, Loaded loaded, Draft text) {
		List<Entry> measured = loaded.entries().stream().filter((entry) -> entry.metrics() != null).toList();
		int minimum = this.settings.minHistory();
		if (measured.size() < minimum) {
			String message = "Not enough history: " + measured.size() + " published posts with metrics, at least "
					+ minimum + " needed. Publish a few more posts, and their metrics are read within "
					+ "the next sync (an admin can sync now).";
			return new Prediction(false, message, null, null, null, 0, "NONE", measured.size(), minimum, List.of(),
					loaded.history());
		}
		float[] draft = text.vector();
		double baseline = measured.stream().mapToLong((entry) -> entry.metrics().engagement()).average().orElse(0);
		List<Scored> ranked = top(measured, draft, this.settings.neighbours());
		List<Scored> neighbours = ranked.stream()
			.filter((scored) -> scored.similarity() >= this.settings.minSimilarity())
			.toList();
		if (neighbours.isEmpty()) {
			String message = String.format(Locale.ROOT,
					"No past post is close to this draft (the closest is %.2f, %.2f needed): the prediction is the "
							+ "average of the %d posts with metrics, with no confidence.",
					ranked.getFirst().similarity(), this.settings.minSimilarity(), measured.size());
			return new Prediction(true, message, round(baseline), null, round(baseline), 0, "LOW", measured.size(),
					minimum, List.of(), loaded.history());
		}
		double weights = 0;
		double sum = 0;
		double similarity = 0;
		for (Scored scored : neighbours) {
			double weight = scored.similarity() * scored.similarity();
			weights += weight;
			sum += weight * scored.entry().metrics().engagement();
			similarity += weight * scored.similarity();
		}
		double predicted = sum / weights;
		double variance = 0;
		for (Scored scored : neighbours) {
			double difference = scored.entry().metrics().engagement() - predicted;
			variance += scored.similarity() * scored.similarity() * difference * difference;
		}
		double spread = Math.sqrt(variance / weights);
		double coverage = Math.min(1.0, (double) neighbours.size() / this.settings.neighbours());
		double closeness = Math.clamp(
				(similarity / weights - this.settings.minSimilarity()) / (0.8 - this.settings.minSimilarity()), 0.0,
				1.0);
		double confidence = round(coverage * closeness);
		String level = (confidence >= 0.6) ? "HIGH" : (confidence >= 0.3) ? "MEDIUM" : "LOW";
		String message = String.format(Locale.ROOT,
				"From the %d nearest of %d past posts with metrics (average similarity %.2f): about %.1f "
						+ "interactions, against %.1f on average.",
				neighbours.size(), measured.size(), similarity / weights, predicted, baseline);
		Map<UUID, TargetMetrics> metrics = new HashMap<>();
		neighbours.forEach((scored) -> metrics.put(scored.entry().targetId(), scored.entry().metrics()));
		return new Prediction(true, message, round(predicted), round(spread), round(baseline), confidence, level,
				measured.size(), minimum, shown(tenant, neighbours, metrics), loaded.history());
	}

	/**
	 * A draft's similar posts, history hashtags and predicted engagement (the insights
	 * page) from one reading of the brand's posts and one embedding of the draft.
	 *
	 * @param similar the nearest past posts
	 * @param hashtags hashtags from the brand's history
	 * @param prediction the predicted engagement
	 */
	public record DraftInsights(SimilarPosts similar, HistoryHashtags hashtags, Prediction prediction) {
	}

	/**
	 * What {@link #similar}, {@link #hashtags} and {@link #predict} say of a draft,
	 * together.
	 */
	public DraftInsights insights(Tenant tenant, UUID brandId, String text, int similarLimit, int hashtagLimit) {
		Scope scope = scope(tenant, brandId, null);
		Loaded loaded = load(tenant, scope, this.settings.maxPosts(), true);
		Draft draft = new Draft(text);
		return new DraftInsights(similar(tenant, scope, loaded, draft, similarLimit),
				hashtags(scope, loaded, draft, hashtagLimit), predict(tenant, loaded, draft));
	}

	/** A draft's text, embedded when first needed and once. */
	private final class Draft {

		private final String text;

		private float @Nullable [] vector;

		Draft(String text) {
			this.text = text;
		}

		String text() {
			return this.text;
		}

		float[] vector() {
			float[] known = this.vector;
			if (known == null) {
				known = OfflineStudio.this.embedder.embed(this.text);
				this.vector = known;
			}
			return known;
		}

	}

	/** An entry and its similarity to a draft. */
	private record Scored(Entry entry, double similarity) {
	}

	/** The {@code limit} entries nearest the draft, the nearest first. */
	private static List<Scored> top(List<Entry> entries, float[] draft, int limit) {
		PriorityQueue<Scored> best = new PriorityQueue<>(Comparator.comparingDouble(Scored::similarity));
		for (Entry entry : entries) {
			double similarity = Embedder.cosine(draft, entry.vector());
			if (best.size() < limit) {
				best.add(new Scored(entry, similarity));
			}
			else if (similarity > best.peek().similarity()) {
				best.poll();
				best.add(new Scored(entry, similarity));
			}
		}
		List<Scored> sorted = new ArrayList<>(best);
		sorted.sort(Comparator.comparingDouble(Scored::similarity).reversed());
		return sorted;
	}

	/** Scored entries as past posts, with their texts (read now) and counts. */
	private List<PastPost> shown(Tenant tenant, List<Scored> scored, Map<UUID, TargetMetrics> metrics) {
		Map<UUID, PublishedPost> posts = new HashMap<>();
		this.published.find(tenant.workspaceId(), scored.stream().map((s) -> s.entry().targetId()).toList())
			.forEach((post) -> posts.put(post.targetId(), post));
		return scored.stream()
			.filter((s) -> posts.containsKey(s.entry().targetId()))
			.map((s) -> past(posts.get(s.entry().targetId()), s.similarity(), metrics.get(s.entry().targetId())))
			.toList();
	}

	private static PastPost past(PublishedPost post, double similarity, @Nullable TargetMetrics metrics) {
		return new PastPost(post.targetId(), post.postId(), post.channelId(), post.platform(), post.text(),
				List.copyOf(Hashtags.of(post.text(), post.hashtags()).values()), post.publishedAt(), round(similarity),
				metrics);
	}

	// History

	private Scope scope(Tenant tenant, @Nullable UUID brandId, @Nullable UUID channelId) {
		if (brandId == null && channelId == null) {
			throw ApiError.invalid("brandId", "Give a brandId, or a channelId");
		}
		Channel channel = null;
		if (channelId != null) {
			channel = this.channels.find(tenant.workspaceId(), channelId)
				.orElseThrow(() -> ApiError.invalid("channelId", "No such channel in this workspace"));
		}
		if (brandId != null) {
			this.brands.require(tenant.workspaceId(), brandId, "brandId");
			if (channel != null && !channel.brandId().equals(brandId)) {
				throw ApiError.invalid("channelId", "This channel is not one of the brand's");
			}
			return new Scope(brandId, channelId);
		}
		return new Scope(channel.brandId(), channelId);
	}

	/**
	 * The scope's most recent published posts with their vectors (embedding those that
	 * lack one, a few at most while the query waits) and, when asked, their counts. Reads
	 * the vectors' table and the ids of what was published, never every post's text.
	 */
	private Loaded load(Tenant tenant, Scope scope, int max, boolean withMetrics) {
		long started = System.nanoTime();
		List<PostVectors.Stored> stored = new ArrayList<>(
				this.vectors.scope(tenant.workspaceId(), scope.brandId(), scope.channelId(), max)
					.stream()
					.filter(PostVectors.Stored::current)
					.toList());
		long read = System.nanoTime();
		Set<UUID> have = new HashSet<>();
		stored.forEach((vector) -> have.add(vector.targetId()));
		List<UUID> published = this.published.targetIds(tenant.workspaceId(),
				new PublishedPosts.Query(scope.brandId(), scope.channelId(), null, max));
		long listed = System.nanoTime();
		List<UUID> missing = published.stream().filter((id) -> !have.contains(id)).toList();
		int pending = missing.size();
		if (!missing.isEmpty() && this.settings.queryCatchUp() > 0) {
			List<PostVectors.Stored> indexed = this.vectors.index(this.published.find(tenant.workspaceId(),
					missing.subList(0, Math.min(missing.size(), this.settings.queryCatchUp()))));
			stored.addAll(indexed);
			pending -= indexed.size();
		}
		// vectors of posts no longer published there (unpublished, moved) are left out
		Set<UUID> live = new HashSet<>(published);
		stored.removeIf((vector) -> !live.contains(vector.targetId()));
		Map<UUID, TargetMetrics> metrics = withMetrics ? this.performance.latest(tenant.workspaceId(),
				stored.stream().map(PostVectors.Stored::targetId).toList()) : Map.of();
		List<Entry> entries = new ArrayList<>(stored.size());
		for (PostVectors.Stored vector : stored) {
			entries.add(new Entry(vector, metrics.get(vector.targetId())));
		}
		if (log.isDebugEnabled()) {
			log.debug("Read {} vectors in {} ms, {} published ids in {} ms; {} ms in all", stored.size(),
					(read - started) / 1_000_000, published.size(), (listed - read) / 1_000_000,
					(System.nanoTime() - started) / 1_000_000);
		}
		return new Loaded(entries, new History(published.size(), entries.size(), Math.max(0, pending),
				withMetrics ? metrics.size() : null));
	}

	private static String empty(Scope scope, History history) {
		if (history.posts() > 0) {
			return "This history is still being indexed (" + history.pending()
					+ " posts waiting for their embedding): try again in a few minutes.";
		}
		return (scope.channelId() != null)
				? "This channel has not published anything through Herald yet: publish a few posts first."
				: "This brand has not published anything through Herald yet: publish a few posts first.";
	}

	private static float[] centre(List<Entry> members) {
		float[] centre = new float[Embedder.DIMENSIONS];
		for (Entry entry : members) {
			for (int i = 0; i < centre.length; i++) {
				centre[i] += entry.vector()[i];
			}
		}
		double norm = 0;
		for (float v : centre) {
			norm += v * v;
		}
		norm = Math.sqrt(norm);
		for (int i = 0; i < centre.length && norm > 0; i++) {
			centre[i] /= (float) norm;
		}
		return centre;
	}

	private static double round(double value) {
		return Math.round(value * 1000) / 1000.0;
	}

	/** A hashtag's score as posts are read. */
	private static final class Tally {

		private final String hashtag;

		private double score;

		private int uses;

		private double best = -1;

		private long engagement;

		private int measured;

		Tally(String hashtag) {
			this.hashtag = hashtag;
		}

		void add(double weight, double similarity, @Nullable TargetMetrics metrics) {
			this.score += weight;
			this.uses++;
			this.best = Math.max(this.best, similarity);
			if (metrics != null) {
				this.engagement += metrics.engagement();
				this.measured++;
			}
		}

		HistoryHashtag hashtag() {
			return new HistoryHashtag(this.hashtag, round(this.score), this.uses, round(this.best),
					(this.measured > 0) ? round((double) this.engagement / this.measured) : null);
		}

	}

}
