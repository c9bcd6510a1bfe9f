package dev.herald.studio.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.herald.analytics.MetricsRead;
import dev.herald.common.ApiError;
import dev.herald.common.ErrorCode;
import dev.herald.common.Ids;
import dev.herald.common.SecretTokens;
import dev.herald.media.MediaItem;
import dev.herald.media.MediaKind;
import dev.herald.media.MediaLibrary;
import dev.herald.platform.PlatformKind;
import dev.herald.publishing.PostDrafts;
import dev.herald.studio.AdaptedPost;
import dev.herald.studio.CaptionSuggestion;
import dev.herald.studio.ContentTemplate;
import dev.herald.studio.Strategy;
import dev.herald.studio.StrategyPlan;
import net.coobird.thumbnailator.Thumbnails;
import dev.herald.studio.Generation;
import dev.herald.studio.HashtagSuggestion;
import dev.herald.studio.PostSuggestion;
import dev.herald.workspace.Brand;
import dev.herald.workspace.Brands;
import dev.herald.workspace.Tenant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.converter.BeanOutputConverter;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.util.MimeTypeUtils;

import static dev.herald.common.SqlTime.ts;

/**
 * The studio's generations: each prompt rendered from its versioned resource, answered
 * from the 24-hour cache when the same request was answered before (no credit used), or
 * by the model for one AI credit, reserved before the call and given back when it fails.
 * A malformed answer is asked again once with the parse error; every generation is
 * recorded with its tokens, cost and latency.
 */
@Service
public class StudioService {

	/** The longest text asked for, by platform (the channel's own limit may be lower). */
	private static final Map<PlatformKind, Integer> TEXT_LIMITS = Map.of(PlatformKind.MASTODON, 500,
			PlatformKind.BLUESKY, 300, PlatformKind.WEBHOOK, 2000);

	private final ModelClient model;

	private final StudioSettings settings;

	private final JdbcClient jdbc;

	private final Brands brands;

	private final JsonMapper json;

	private final Clock clock;

	/**
	 * Each answer record's converter, made once: describing a record as a JSON schema
	 * takes longer than answering from the cache.
	 */
	private final Map<Class<?>, BeanOutputConverter<?>> converters = new ConcurrentHashMap<>();

	/**
	 * Each brand's best posts as prompts show them: a prompt answered from the cache
	 * should not read the brand's history each time. They change when metrics are read
	 * back (every few hours, when this instance's reading drops them at once), so they
	 * are kept 10 minutes, or a minute while the brand has none.
	 */
	private final Cache<UUID, Examples> examples = Caffeine.newBuilder()
		.executor(Runnable::run)
		.maximumSize(10_000)
		.expireAfter(Expiry.<UUID, Examples>writing((brand, best) -> best.text().isEmpty()
				? java.time.Duration.ofMinutes(1) : java.time.Duration.ofMinutes(10)))
		.build();

	private record Examples(UUID workspaceId, String text) {
	}

	private final Prompts prompts = new Prompts();

	private final StrategyStore strategies;

	private final BrandHistory history;

	private final TemplateService templates;

	private final PostDrafts drafts;

	private final MediaLibrary media;

	StudioService(ModelClient model, StudioSettings settings, JdbcClient jdbc, Brands brands, StrategyStore strategies,
			BrandHistory history, TemplateService templates, PostDrafts drafts, MediaLibrary media, JsonMapper json,
			Clock clock) {
		this.strategies = strategies;
		this.history = history;
		this.templates = templates;
		this.drafts = drafts;
		this.media = media;
		this.model = model;
		this.settings = settings;
		this.jdbc = jdbc;
		this.brands = brands;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * What a post is to be about.
	 *
	 * @param brandId the brand it speaks for
	 * @param platform where it goes
	 * @param pillar the content pillar, if any
	 * @param topic what it is about, if said
	 * @param templateId a content template whose shape and variables the post follows
	 * @param noCache whether to ask the model even if the same request was answered today
	 */
	public record PostRequest(UUID brandId, PlatformKind platform, @Nullable String pillar, @Nullable String topic,
			@Nullable UUID templateId, boolean noCache) {
	}

	/**
	 * A generated result with what it cost.
	 *
	 * @param result what was generated
	 * @param generation how
	 */
	public record Generated<T>(T result, Generation generation) {
	}

	/**
	 * One post for a platform (and a pillar, topic or template), in the brand's voice and
	 * along its active strategy.
	 */
	public Generated<PostSuggestion> post(Tenant tenant, PostRequest request) {
		Brand brand = brand(tenant, request.brandId());
		Map<String, Object> values = postValues(brand, request.platform(), textLimit(request.platform()),
				request.pillar(), request.topic());
		String template = "";
		if (request.templateId() != null) {
			ContentTemplate chosen = this.templates.get(tenant, request.templateId());
			if (!chosen.brandId().equals(brand.id())) {
				throw ApiError.invalid("templateId", "The template belongs to another brand");
			}
			template = "Follow this template of the brand, filling each {variable} with what fits:\n" + chosen.body();
		}
		values.put("template", template);
		return generate(tenant, brand.id(), postAsk(values, request.noCache()));
	}

	/**
	 * The values of the post prompt: the brand, its active strategy, the platform and
	 * what to write about.
	 */
	Map<String, Object> postValues(Brand brand, PlatformKind platform, int maxLength, @Nullable String pillar,
			@Nullable String topic) {
		Map<String, Object> values = brandValues(brand, platform, maxLength);
		values.put("pillar", blank(pillar) ? "" : " for the content pillar \"" + pillar + "\"");
		values.put("topic", blank(topic) ? "" : " about: " + topic);
		values.put("template", "");
		return values;
	}

	Ask<PostSuggestion> postAsk(Map<String, Object> values, boolean noCache) {
		return new Ask<>("post", "post/v2", values, ModelClient.Task.CONTENT, PostSuggestion.class, noCache)
			.checking(StudioService::written);
	}

	/**
	 * A post and what to do with it.
	 *
	 * @param brandId the brand it speaks for
	 * @param platform where it goes
	 * @param text the post
	 * @param feedback what to change (for a rewrite)
	 * @param maxLength the longest it may be (the channel's own limit), if known
	 * @param noCache whether to ask the model even if the same request was answered today
	 */
	public record TextRequest(UUID brandId, PlatformKind platform, String text, @Nullable String feedback,
			@Nullable Integer maxLength, boolean noCache) {
	}

	/** Hashtags for a post, from the brand's own and what fits the text. */
	public Generated<HashtagSuggestion> hashtags(Tenant tenant, TextRequest request) {
		Brand brand = brand(tenant, request.brandId());
		Map<String, Object> values = brandValues(brand, request.platform(), maxLength(request));
		values.put("text", request.text());
		values.put("count", 8);
		return generate(tenant, brand.id(), new Ask<>("hashtags", "hashtags/v1", values, ModelClient.Task.CONTENT,
				HashtagSuggestion.class, request.noCache()));
	}

	/** A post rewritten as the feedback asks, within the platform's limit. */
	public Generated<PostSuggestion> improve(Tenant tenant, TextRequest request) {
		if (blank(request.feedback())) {
			throw ApiError.invalid("feedback", "Say what to change: shorter, warmer, a question at the end...");
		}
		Brand brand = brand(tenant, request.brandId());
		Map<String, Object> values = brandValues(brand, request.platform(), maxLength(request));
		values.put("text", request.text());
		values.put("feedback", request.feedback());
		return generate(tenant, brand.id(), new Ask<>("improve", "improve/v1", values, ModelClient.Task.CONTENT,
				PostSuggestion.class, request.noCache())
			.checking(StudioService::written));
	}

	/**
	 * A post to carry to other channels.
	 *
	 * @param brandId the brand it speaks for
	 * @param text the post
	 * @param channelIds the brand's channels to adapt it to
	 * @param noCache whether to ask the model even if the same request was answered today
	 */
	public record AdaptRequest(UUID brandId, String text, List<UUID> channelIds, boolean noCache) {
	}

	/**
	 * A post written for each channel's platform, each checked by that channel's own
	 * rules and shortened by the model once more where it is still too long.
	 */
	public Generated<List<AdaptedPost>> adapt(Tenant tenant, AdaptRequest request) {
		Brand brand = brand(tenant, request.brandId());
		if (request.channelIds().isEmpty()) {
			throw ApiError.invalid("channelIds", "Choose at least one channel");
		}
		// each channel's limit, as its platform (or instance) says
		Map<UUID, PostDrafts.ChannelCheck> limits = new LinkedHashMap<>();
		for (PostDrafts.ChannelCheck check : this.drafts.check(tenant, brand.id(), request.text(), List.of(),
				request.channelIds())) {
			limits.put(check.channelId(), check);
		}
		Map<PlatformKind, Integer> platforms = new LinkedHashMap<>();
		limits.values().forEach((check) -> platforms.merge(check.platform(), textLimit(check), Math::min));
		Map<String, Object> values = brandValues(brand, platforms.keySet().iterator().next(), 0);
		values.put("text", request.text());
		values.put("platforms",
				platforms.entrySet()
					.stream()
					.map((entry) -> "- " + entry.getKey().displayName() + ": at most " + entry.getValue()
							+ " characters, hashtags included")
					.collect(Collectors.joining("\n")));
		Generated<AdaptedPosts> generated = generate(tenant, brand.id(),
				new Ask<>("adapt", "adapt/v1", values, ModelClient.Task.CONTENT, AdaptedPosts.class, request.noCache())
					.checking((answer) -> {
						List<String> missing = platforms.keySet()
							.stream()
							.filter((platform) -> answer.version(platform) == null)
							.map(PlatformKind::displayName)
							.toList();
						return missing.isEmpty() ? null : "there is no version for " + String.join(", ", missing);
					}));
		List<AdaptedPost> adapted = new ArrayList<>();
		Generation last = generated.generation();
		for (PostDrafts.ChannelCheck limit : limits.values()) {
			Fitted fitted = fitted(tenant, brand.id(), limit.platform(), limit.channelId(),
					new Generated<>(Objects.requireNonNull(generated.result().version(limit.platform())), last),
					request.noCache());
			last = fitted.post().generation();
			PostSuggestion version = fitted.post().result();
			adapted.add(new AdaptedPost(limit.channelId(), limit.platform(), version.text(), version.hashtags(),
					fitted.check().length(), fitted.check().maxLength(), fitted.check().problems()));
		}
		return new Generated<>(List.copyOf(adapted), last);
	}

	/**
	 * A post as its channel would take it.
	 *
	 * @param post the post, and the generation that wrote it last
	 * @param check what the channel says of it
	 */
	record Fitted(Generated<PostSuggestion> post, PostDrafts.ChannelCheck check) {
	}

	/**
	 * A written post checked by its channel's own rules, and shortened by the model once
	 * (one more credit) when it is too long; the check says whether it fits now.
	 */
	Fitted fitted(Tenant tenant, UUID brandId, PlatformKind platform, UUID channelId, Generated<PostSuggestion> post,
			boolean noCache) {
		PostDrafts.ChannelCheck check = check(tenant, brandId, post.result(), channelId);
		if (check.fits() || check.length() <= check.maxLength()) {
			return new Fitted(post, check);
		}
		Generated<PostSuggestion> shorter = improve(tenant,
				new TextRequest(brandId, platform, post.result().text(),
						"It is " + check.length() + " characters with its hashtags: make it shorter, at most "
								+ check.maxLength() + " characters with the hashtags",
						check.maxLength(), noCache));
		return new Fitted(shorter, check(tenant, brandId, shorter.result(), channelId));
	}

	private PostDrafts.ChannelCheck check(Tenant tenant, UUID brandId, PostSuggestion post, UUID channelId) {
		return this.drafts.check(tenant, brandId, post.text(), post.hashtags(), List.of(channelId)).get(0);
	}

	/**
	 * What the model answers when adapting a post.
	 *
	 * @param posts one version per platform
	 */
	record AdaptedPosts(List<PlatformVersion> posts) {

		AdaptedPosts {
			posts = (posts != null) ? List.copyOf(posts) : List.of();
		}

		@Nullable PostSuggestion version(PlatformKind platform) {
			return this.posts.stream()
				.filter((post) -> post.platform() != null && (post.platform().equalsIgnoreCase(platform.name())
						|| post.platform().equalsIgnoreCase(platform.displayName())))
				.filter((post) -> !blank(post.text()))
				.findFirst()
				.map((post) -> new PostSuggestion(post.text(), post.hashtags()))
				.orElse(null);
		}

	}

	/**
	 * One platform's version of an adapted post.
	 *
	 * @param platform the platform's name
	 * @param text the post
	 * @param hashtags its hashtags, without #
	 */
	record PlatformVersion(String platform, String text, List<String> hashtags) {
	}

	/**
	 * A picture to write about.
	 *
	 * @param brandId the brand it speaks for
	 * @param mediaId the picture, from the media library
	 * @param platform where the post goes
	 * @param noCache whether to ask the model even if the same request was answered today
	 */
	public record CaptionRequest(UUID brandId, UUID mediaId, PlatformKind platform, boolean noCache) {
	}

	/**
	 * A caption for a picture of the media library, with alt text describing it, by a
	 * vision-capable model; the picture is sent at most 1024 pixels wide or high.
	 */
	public Generated<CaptionSuggestion> caption(Tenant tenant, CaptionRequest request) {
		Brand brand = brand(tenant, request.brandId());
		MediaItem item = this.media.require(tenant.workspaceId(), List.of(request.mediaId()), "mediaId").get(0);
		if (item.kind() != MediaKind.IMAGE) {
			throw ApiError.invalid("mediaId",
					"Captions are written for pictures; this file is a " + item.kind().name().toLowerCase(Locale.ROOT));
		}
		byte[] picture;
		try {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			Thumbnails.of(this.media.file(item).toFile())
				.size(1024, 1024)
				.outputFormat("jpg")
				.outputQuality(0.85)
				.toOutputStream(out);
			picture = out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The picture " + item.id() + " could not be read", ex);
		}
		Map<String, Object> values = brandValues(brand, request.platform(), textLimit(request.platform()));
		values.put("name", item.name());
		values.put("alt", blank(item.altText()) ? "none yet" : item.altText());
		return generate(tenant, brand.id(),
				new Ask<>("caption", "caption/v1", values, ModelClient.Task.CONTENT, CaptionSuggestion.class,
						request.noCache())
					.checking((caption) -> blank(caption.text()) ? "the caption is empty" : null)
					.showing(List.of(new org.springframework.ai.content.Media(MimeTypeUtils.IMAGE_JPEG,
							new ByteArrayResource(picture))), item.checksum()));
	}

	private Brand brand(Tenant tenant, UUID brandId) {
		return this.brands.require(tenant.workspaceId(), brandId, "brandId");
	}

	/** The longest text asked for on a platform when its channel does not say. */
	static int textLimit(PlatformKind platform) {
		return TEXT_LIMITS.getOrDefault(platform, 500);
	}

	/** A channel's own limit, or its platform's when it could not be asked. */
	static int textLimit(PostDrafts.ChannelCheck channel) {
		return (channel.maxLength() > 0) ? channel.maxLength() : textLimit(channel.platform());
	}

	private static int maxLength(TextRequest request) {
		return (request.maxLength() != null) ? request.maxLength() : textLimit(request.platform());
	}

	/** What every prompt says of the brand and its active strategy. */
	Map<String, Object> profileValues(Brand brand) {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("brand", brand.name());
		values.put("description", orNone(brand.description()));
		values.put("industry", orNone(brand.industry()));
		values.put("audience", orNone(brand.targetAudience()));
		values.put("tone", orNone(brand.toneOfVoice()));
		values.put("strategy", this.strategies.active(brand.id()).map(StudioService::strategyText).orElse(""));
		values.put("hashtags",
				brand.defaultHashtags().isEmpty() ? "none yet" : String.join(", ", brand.defaultHashtags()));
		values.put("examples", examples(brand));
		return values;
	}

	/**
	 * The brand's three best posts of the last 90 days, once their metrics were read
	 * back, for the model to learn from; empty before.
	 */
	private String examples(Brand brand) {
		return this.examples.get(brand.id(), (id) -> new Examples(brand.workspaceId(), bestPosts(brand))).text();
	}

	/**
	 * A workspace's new counts may change its brands' best posts: they are read again.
	 */
	@EventListener
	void on(MetricsRead read) {
		this.examples.asMap().values().removeIf((best) -> best.workspaceId().equals(read.workspaceId()));
	}

	private String bestPosts(Brand brand) {
		List<BrandHistory.Performed> best = this.history.best(brand.workspaceId(), brand.id(), 3);
		if (best.isEmpty()) {
			return "";
		}
		return "Posts of the brand that did well lately (learn from their subjects and voice; never copy them):\n"
				+ best.stream()
					.map((post) -> "- \"" + excerpt(post.post().text(), 280) + "\" (" + post.engagement()
							+ " interactions on " + post.post().platform().displayName() + ")")
					.collect(Collectors.joining("\n"));
	}

	/**
	 * What every prompt of a post says of the brand, its active strategy and the
	 * platform.
	 */
	private Map<String, Object> brandValues(Brand brand, PlatformKind platform, int maxLength) {
		Map<String, Object> values = profileValues(brand);
		values.put("platform", platform.displayName());
		values.put("maxLength", maxLength);
		return values;
	}

	/** The active strategy, as prompts show it. */
	private static String strategyText(Strategy strategy) {
		StrategyPlan plan = strategy.plan();
		StringBuilder text = new StringBuilder("The brand's strategy: ").append(plan.summary());
		if (plan.voice() != null) {
			text.append("\nVoice: ").append(plan.voice().tone());
			if (!plan.voice().dos().isEmpty()) {
				text.append("; do: ").append(String.join("; ", plan.voice().dos()));
			}
			if (!plan.voice().donts().isEmpty()) {
				text.append("; never: ").append(String.join("; ", plan.voice().donts()));
			}
		}
		if (!plan.pillars().isEmpty()) {
			text.append("\nContent pillars: ")
				.append(plan.pillars()
					.stream()
					.map((pillar) -> pillar.name() + " (" + pillar.description() + ")")
					.collect(Collectors.joining("; ")));
		}
		return text.toString();
	}

	/** The start of a text on one line, cut at {@code max} characters. */
	static String excerpt(String text, int max) {
		String line = text.strip().replaceAll("\\s+", " ");
		return (line.length() <= max) ? line : line.substring(0, max - 1) + "…";
	}

	/** What is wrong with a written post, if anything. */
	static @Nullable String written(PostSuggestion post) {
		return blank(post.text()) ? "the post's text is empty" : null;
	}

	/**
	 * AI credits of a workspace this month, and what its generations cost.
	 *
	 * @param period the month (its first day, UTC)
	 * @param used credits used
	 * @param limit its plan's credits a month
	 * @param generations generations this month, from the cache included
	 * @param costUsd what they cost, from the configured price table
	 */
	public record Credits(LocalDate period, int used, int limit, int generations, BigDecimal costUsd) {

		public int percent() {
			return (this.limit <= 0) ? 100 : Math.min(100, this.used * 100 / this.limit);
		}

	}

	public Credits credits(Tenant tenant) {
		LocalDate period = period();
		int used = used(tenant, period);
		return this.jdbc
			.sql("SELECT count(*), COALESCE(sum(cost_usd), 0) FROM ai_generations WHERE workspace_id = ? "
					+ "AND created_at >= ?")
			.params(tenant.workspaceId(), ts(period.atStartOfDay(ZoneOffset.UTC).toInstant()))
			.query((rs, n) -> new Credits(period, used, limit(tenant), rs.getInt(1), rs.getBigDecimal(2)))
			.single();
	}

	/** The workspace's AI credits left this month. */
	int creditsLeft(Tenant tenant) {
		return limit(tenant) - used(tenant, period());
	}

	private int used(Tenant tenant, LocalDate period) {
		return this.jdbc.sql("SELECT used FROM ai_credit_usage WHERE workspace_id = ? AND period = ?")
			.params(tenant.workspaceId(), period)
			.query(Integer.class)
			.optional()
			.orElse(0);
	}

	/**
	 * Why the workspace's generative features do not work, or {@code null} when a
	 * provider is configured.
	 */
	public @Nullable String unavailable(Tenant tenant) {
		try {
			this.model.model(tenant.workspaceId(), ModelClient.Task.CONTENT);
			return null;
		}
		catch (ApiError error) {
			if (error.code() == ErrorCode.AI_NOT_CONFIGURED) {
				return error.getMessage();
			}
			throw error;
		}
	}

	// Generating

	/**
	 * What to ask a model.
	 *
	 * @param kind what is generated, as recorded ({@code post}, {@code strategy}...)
	 * @param prompt the prompt's version ({@code post/v2}: the resources
	 * {@code prompts/post/v2-system.st} and {@code v2-user.st})
	 * @param values the prompt's variables
	 * @param task which model answers
	 * @param type the answer's record
	 * @param check what is wrong with a parsed answer ({@code null}: nothing); a wrong
	 * answer is asked again once, like a malformed one
	 * @param images pictures shown with the prompt (a vision-capable model is needed)
	 * @param imagesKey what identifies the pictures in the cache key
	 * @param noCache whether to ask the model even if the same request was answered today
	 */
	record Ask<T>(String kind, String prompt, Map<String, Object> values, ModelClient.Task task, Class<T> type,
			Function<T, @Nullable String> check, List<org.springframework.ai.content.Media> images, String imagesKey,
			boolean noCache) {

		Ask(String kind, String prompt, Map<String, Object> values, ModelClient.Task task, Class<T> type,
				boolean noCache) {
			this(kind, prompt, values, task, type, (answer) -> null, List.of(), "", noCache);
		}

		Ask<T> checking(Function<T, @Nullable String> check) {
			return new Ask<>(this.kind, this.prompt, this.values, this.task, this.type, check, this.images,
					this.imagesKey, this.noCache);
		}

		Ask<T> showing(List<org.springframework.ai.content.Media> images, String imagesKey) {
			return new Ask<>(this.kind, this.prompt, this.values, this.task, this.type, this.check, images, imagesKey,
					this.noCache);
		}

	}

	<T> Generated<T> generate(Tenant tenant, @Nullable UUID brandId, Ask<T> ask) {
		String kind = ask.kind();
		String promptVersion = ask.prompt();
		Map<String, Object> values = ask.values();
		ModelClient.Model model = this.model.model(tenant.workspaceId(), ask.task());
		String modelName = model.name();
		@SuppressWarnings("unchecked")
		BeanOutputConverter<T> converter = (BeanOutputConverter<T>) this.converters.computeIfAbsent(ask.type(),
				BeanOutputConverter::new);
		Function<String, T> parse = (text) -> {
			T parsed = converter.convert(text);
			String problem = (parsed != null) ? ask.check().apply(parsed) : "the answer was empty";
			if (problem != null) {
				throw new IllegalArgumentException(problem);
			}
			return parsed;
		};
		String system = this.prompts.render(promptVersion + "-system", values);
		String user = this.prompts.render(promptVersion + "-user", values) + "\n\n" + converter.getFormat();
		// a workspace's own: another workspace never gets an answer this one paid for
		String key = SecretTokens.hash(String.join("\u0000", tenant.workspaceId().toString(), model.provider(),
				modelName, promptVersion, system, user, ask.imagesKey()));
		long started = System.nanoTime();
		Instant now = Instant.now(this.clock);
		String input = this.json.writeValueAsString(values);
		if (!ask.noCache()) {
			UUID id = Ids.next();
			// in one round trip: the answer from the cache, its record (committed
			// without waiting for the WAL flush: the record of a free answer is not
			// worth a wait for the disk, and a crash may lose the last few; its latency
			// is the time until the lookup was sent) and the credits used this month;
			// no row when the cache has no answer
			Hit hit = this.jdbc
				.sql("WITH hit AS (SELECT output FROM ai_cache WHERE key = ? AND expires_at > ?), "
						+ "recorded AS (INSERT INTO ai_generations (" + GENERATION_COLUMNS + ") "
						+ "SELECT CAST(? AS uuid), CAST(? AS uuid), CAST(? AS uuid), CAST(? AS uuid), CAST(? AS text), "
						+ "CAST(? AS text), CAST(? AS text), CAST(? AS text), CAST(? AS text), CAST(? AS jsonb), "
						+ "hit.output, 0, 0, 0, "
						+ "CAST(? AS bigint), true, 0, 'OK', NULL, CAST(? AS timestamptz) FROM hit RETURNING output) "
						+ "SELECT output, (SELECT used FROM ai_credit_usage WHERE workspace_id = ? AND period = ?), "
						+ "set_config('synchronous_commit', 'off', true) FROM recorded")
				.params(key, ts(now), id, tenant.workspaceId(), tenant.userId(), brandId, kind, model.provider(),
						modelName, promptVersion, key, input, elapsed(started), ts(now), tenant.workspaceId(), period())
				.query((rs, n) -> new Hit(rs.getString(1), rs.getInt(2)))
				.optional()
				.orElse(null);
			if (hit != null) {
				return new Generated<>(parse.apply(hit.output()), new Generation(id, model.provider(), modelName,
						promptVersion, true, 0, 0, BigDecimal.ZERO, elapsed(started), hit.used(), limit(tenant)));
			}
		}
		int limit = limit(tenant);
		// the workspace's own key pays for its generations: no credit is taken
		int used = model.ownKey() ? used(tenant, period()) : reserveCredit(tenant, limit);
		List<Message> messages = new ArrayList<>(
				List.of(new SystemMessage(system), UserMessage.builder().text(user).media(ask.images()).build()));
		int tokensIn = 0;
		int tokensOut = 0;
		int attempts = 0;
		try {
			ModelClient.Reply reply = this.model.call(model, messages);
			tokensIn += reply.tokensIn();
			tokensOut += reply.tokensOut();
			attempts += reply.attempts();
			T result;
			String output = reply.text();
			try {
				result = parse.apply(output);
			}
			catch (RuntimeException malformed) {
				// asked again once, with what was wrong
				messages.add(new AssistantMessage(output));
				messages.add(new UserMessage("That answer could not be read (" + firstLine(malformed)
						+ "). Answer again with only the JSON object described above."));
				ModelClient.Reply again = this.model.call(model, messages);
				tokensIn += again.tokensIn();
				tokensOut += again.tokensOut();
				attempts += again.attempts();
				output = again.text();
				try {
					result = parse.apply(output);
				}
				catch (RuntimeException stillMalformed) {
					throw new ApiError(ErrorCode.AI_PROVIDER_ERROR,
							"The AI model answered twice in a form Herald cannot read (" + firstLine(stillMalformed)
									+ "): try again, or choose another model");
				}
			}
			BigDecimal cost = cost(modelName, tokensIn, tokensOut);
			this.jdbc
				.sql("INSERT INTO ai_cache (key, output, tokens_in, tokens_out, created_at, expires_at) "
						+ "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET output = EXCLUDED.output, "
						+ "tokens_in = EXCLUDED.tokens_in, tokens_out = EXCLUDED.tokens_out, "
						+ "created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at")
				.params(key, output, tokensIn, tokensOut, ts(now), ts(now.plus(this.settings.cacheTtl())))
				.update();
			UUID id = record(tenant, brandId, kind, model, promptVersion, key, input, output, tokensIn, tokensOut, cost,
					started, attempts, "OK", null);
			return new Generated<>(result, new Generation(id, model.provider(), modelName, promptVersion, false,
					tokensIn, tokensOut, cost, elapsed(started), used, limit));
		}
		catch (ApiError failure) {
			// a failed generation consumes no credit
			if (!model.ownKey()) {
				this.jdbc.sql(
						"UPDATE ai_credit_usage SET used = used - 1 WHERE workspace_id = ? AND period = ? AND used > 0")
					.params(tenant.workspaceId(), period())
					.update();
			}
			record(tenant, brandId, kind, model, promptVersion, key, input, null, tokensIn, tokensOut,
					cost(modelName, tokensIn, tokensOut), started, Math.max(1, attempts), "FAILED",
					failure.getMessage());
			throw failure;
		}
	}

	/** An answer from the cache, and the credits used this month. */
	private record Hit(String output, int used) {
	}

	/**
	 * Takes one credit of this month, in one statement, so that two generations at once
	 * cannot both take the last one.
	 * @return the credits used with this one
	 */
	private int reserveCredit(Tenant tenant, int limit) {
		LocalDate period = period();
		Integer used = this.jdbc
			.sql("INSERT INTO ai_credit_usage (workspace_id, period, used) SELECT ?, ?, 1 WHERE ? >= 1 "
					+ "ON CONFLICT (workspace_id, period) DO UPDATE SET used = ai_credit_usage.used + 1 "
					+ "WHERE ai_credit_usage.used + 1 <= ? RETURNING used")
			.params(tenant.workspaceId(), period, limit, limit)
			.query(Integer.class)
			.optional()
			.orElse(null);
		if (used == null) {
			String plan = tenant.policy().plan();
			throw new ApiError(ErrorCode.QUOTA_EXCEEDED,
					"This workspace has used its " + limit + " AI credits of " + period.getMonth().name().charAt(0)
							+ period.getMonth().name().substring(1).toLowerCase(Locale.ROOT) + " (the " + plan
							+ " plan): they come back on the first of next month; answers already given are "
							+ "still served from the cache");
		}
		return used;
	}

	/** The columns of a generation's record. */
	private static final String GENERATION_COLUMNS = "id, workspace_id, user_id, brand_id, kind, provider, model, "
			+ "prompt_version, prompt_hash, input, output, tokens_in, tokens_out, cost_usd, latency_ms, cache_hit, "
			+ "attempts, status, error, created_at";

	/** Records a generation the model was asked for. */
	private UUID record(Tenant tenant, @Nullable UUID brandId, String kind, ModelClient.Model model,
			String promptVersion, String key, String input, @Nullable String output, int tokensIn, int tokensOut,
			BigDecimal cost, long started, int attempts, String status, @Nullable String error) {
		UUID id = Ids.next();
		this.jdbc
			.sql("INSERT INTO ai_generations (" + GENERATION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
					+ "CAST(? AS jsonb), ?, ?, ?, ?, ?, false, ?, ?, ?, ?)")
			.params(id, tenant.workspaceId(), tenant.userId(), brandId, kind, model.provider(), model.name(),
					promptVersion, key, input, output, tokensIn, tokensOut, cost, elapsed(started), attempts, status,
					error, ts(Instant.now(this.clock)))
			.update();
		return id;
	}

	private int limit(Tenant tenant) {
		return this.settings.credits(tenant.policy().plan());
	}

	private LocalDate period() {
		return LocalDate.ofInstant(Instant.now(this.clock), ZoneOffset.UTC).withDayOfMonth(1);
	}

	private BigDecimal cost(String modelName, int tokensIn, int tokensOut) {
		StudioSettings.Price price = this.settings.prices().get(modelName);
		if (price == null) {
			return BigDecimal.ZERO;
		}
		BigDecimal million = BigDecimal.valueOf(1_000_000);
		return price.input()
			.multiply(BigDecimal.valueOf(tokensIn))
			.add(price.output().multiply(BigDecimal.valueOf(tokensOut)))
			.divide(million, 8, RoundingMode.HALF_UP);
	}

	private static long elapsed(long started) {
		return (System.nanoTime() - started) / 1_000_000;
	}

	private static String firstLine(Exception ex) {
		String message = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
		int end = message.indexOf('\n');
		message = (end > 0) ? message.substring(0, end) : message;
		return (message.length() > 200) ? message.substring(0, 200) + "…" : message;
	}

	static boolean blank(@Nullable String text) {
		return text == null || text.isBlank();
	}

	static String orNone(@Nullable String text) {
		return blank(text) ? "not given" : text.strip();
	}

}
