package dev.herald.studio.internal;

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
import java.util.UUID;

import dev.herald.common.ApiError;
import dev.herald.common.ErrorCode;
import dev.herald.common.Ids;
import dev.herald.common.SecretTokens;
import dev.herald.platform.PlatformKind;
import dev.herald.studio.Generation;
import dev.herald.studio.HashtagSuggestion;
import dev.herald.studio.PostSuggestion;
import dev.herald.workspace.Brand;
import dev.herald.workspace.Brands;
import dev.herald.workspace.Tenant;
import dev.herald.workspace.Workspaces;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.prompt.PromptTemplate;
import org.springframework.ai.converter.BeanOutputConverter;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

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

	private final Workspaces workspaces;

	private final JsonMapper json;

	private final Clock clock;

	StudioService(ModelClient model, StudioSettings settings, JdbcClient jdbc, Brands brands, Workspaces workspaces,
			JsonMapper json, Clock clock) {
		this.model = model;
		this.settings = settings;
		this.jdbc = jdbc;
		this.brands = brands;
		this.workspaces = workspaces;
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
	 * @param noCache whether to ask the model even if the same request was answered today
	 */
	public record PostRequest(UUID brandId, PlatformKind platform, @Nullable String pillar, @Nullable String topic,
			boolean noCache) {
	}

	/**
	 * A generated result with what it cost.
	 *
	 * @param result what was generated
	 * @param generation how
	 */
	public record Generated<T>(T result, Generation generation) {
	}

	/** One post for a platform (and a pillar or topic), in the brand's voice. */
	public Generated<PostSuggestion> post(Tenant tenant, PostRequest request) {
		Brand brand = brand(tenant, request.brandId());
		Map<String, Object> values = brandValues(brand, request.platform());
		values.put("pillar", blank(request.pillar()) ? "" : " for the content pillar \"" + request.pillar() + "\"");
		values.put("topic", blank(request.topic()) ? "" : " about: " + request.topic());
		return written(generate(tenant, brand.id(), "post", "post/v1", values, ModelClient.Task.CONTENT,
				PostSuggestion.class, request.noCache()));
	}

	/**
	 * A post and what to do with it.
	 *
	 * @param brandId the brand it speaks for
	 * @param platform where it goes
	 * @param text the post
	 * @param feedback what to change (for a rewrite)
	 * @param noCache whether to ask the model even if the same request was answered today
	 */
	public record TextRequest(UUID brandId, PlatformKind platform, String text, @Nullable String feedback,
			boolean noCache) {
	}

	/** Hashtags for a post, from the brand's own and what fits the text. */
	public Generated<HashtagSuggestion> hashtags(Tenant tenant, TextRequest request) {
		Brand brand = brand(tenant, request.brandId());
		Map<String, Object> values = brandValues(brand, request.platform());
		values.put("text", request.text());
		values.put("count", 8);
		return generate(tenant, brand.id(), "hashtags", "hashtags/v1", values, ModelClient.Task.CONTENT,
				HashtagSuggestion.class, request.noCache());
	}

	/** A post rewritten as the feedback asks, within the platform's limit. */
	public Generated<PostSuggestion> improve(Tenant tenant, TextRequest request) {
		if (blank(request.feedback())) {
			throw ApiError.invalid("feedback", "Say what to change: shorter, warmer, a question at the end...");
		}
		Brand brand = brand(tenant, request.brandId());
		Map<String, Object> values = brandValues(brand, request.platform());
		values.put("text", request.text());
		values.put("feedback", request.feedback());
		return written(generate(tenant, brand.id(), "improve", "improve/v1", values, ModelClient.Task.CONTENT,
				PostSuggestion.class, request.noCache()));
	}

	private Brand brand(Tenant tenant, UUID brandId) {
		return this.brands.find(tenant.workspaceId(), brandId)
			.orElseThrow(() -> ApiError.invalid("brandId", "No such brand in this workspace"));
	}

	/** What every prompt says of the brand and the platform. */
	private static Map<String, Object> brandValues(Brand brand, PlatformKind platform) {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("brand", brand.name());
		values.put("description", orNone(brand.description()));
		values.put("industry", orNone(brand.industry()));
		values.put("audience", orNone(brand.targetAudience()));
		values.put("tone", orNone(brand.toneOfVoice()));
		values.put("platform", platform.displayName());
		values.put("maxLength", TEXT_LIMITS.getOrDefault(platform, 500));
		values.put("hashtags",
				brand.defaultHashtags().isEmpty() ? "none yet" : String.join(", ", brand.defaultHashtags()));
		return values;
	}

	private static Generated<PostSuggestion> written(Generated<PostSuggestion> generated) {
		if (generated.result().text().isBlank()) {
			throw new ApiError(ErrorCode.AI_PROVIDER_ERROR, "The AI model wrote an empty post: try again");
		}
		return generated;
	}

	/**
	 * AI credits of a workspace this month.
	 *
	 * @param period the month (its first day, UTC)
	 * @param used credits used
	 * @param limit its plan's credits a month
	 */
	public record Credits(LocalDate period, int used, int limit) {
	}

	public Credits credits(Tenant tenant) {
		LocalDate period = period();
		int used = this.jdbc.sql("SELECT used FROM ai_credit_usage WHERE workspace_id = ? AND period = ?")
			.params(tenant.workspaceId(), period)
			.query(Integer.class)
			.optional()
			.orElse(0);
		return new Credits(period, used, limit(tenant));
	}

	// Generating

	private <T> Generated<T> generate(Tenant tenant, @Nullable UUID brandId, String kind, String promptVersion,
			Map<String, Object> values, ModelClient.Task task, Class<T> type, boolean noCache) {
		ModelClient.Model model = this.model.model(tenant.workspaceId(), task);
		String modelName = model.name();
		BeanOutputConverter<T> converter = new BeanOutputConverter<>(type);
		String system = render(promptVersion + "-system", values);
		String user = render(promptVersion + "-user", values) + "\n\n" + converter.getFormat();
		String key = SecretTokens.hash(String.join("\u0000", model.provider(), modelName, promptVersion, system, user));
		long started = System.nanoTime();
		Instant now = Instant.now(this.clock);
		String input = this.json.writeValueAsString(values);
		if (!noCache) {
			Cached cached = this.jdbc
				.sql("SELECT output, tokens_in, tokens_out FROM ai_cache WHERE key = ? AND expires_at > ?")
				.params(key, ts(now))
				.query((rs, n) -> new Cached(rs.getString(1), rs.getInt(2), rs.getInt(3)))
				.optional()
				.orElse(null);
			if (cached != null) {
				T result = converter.convert(cached.output());
				UUID id = record(tenant, brandId, kind, model, promptVersion, key, input, cached.output(), 0, 0,
						BigDecimal.ZERO, started, true, 0, "OK", null);
				Credits credits = credits(tenant);
				return new Generated<>(result, new Generation(id, model.provider(), modelName, promptVersion, true, 0,
						0, BigDecimal.ZERO, elapsed(started), credits.used(), credits.limit()));
			}
		}
		int limit = limit(tenant);
		// the workspace's own key pays for its generations: no credit is taken
		int used = model.ownKey() ? credits(tenant).used() : reserveCredit(tenant, limit);
		List<Message> messages = new ArrayList<>(List.of(new SystemMessage(system), new UserMessage(user)));
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
				result = converter.convert(output);
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
					result = converter.convert(output);
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
					started, false, attempts, "OK", null);
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
					cost(modelName, tokensIn, tokensOut), started, false, Math.max(1, attempts), "FAILED",
					failure.getMessage());
			throw failure;
		}
	}

	private record Cached(String output, int tokensIn, int tokensOut) {
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
			String plan = this.workspaces.policy(tenant.workspaceId()).plan();
			throw new ApiError(ErrorCode.QUOTA_EXCEEDED,
					"This workspace has used its " + limit + " AI credits of " + period.getMonth().name().charAt(0)
							+ period.getMonth().name().substring(1).toLowerCase(Locale.ROOT) + " (the " + plan
							+ " plan): they come back on the first of next month; answers already given are "
							+ "still served from the cache");
		}
		return used;
	}

	private UUID record(Tenant tenant, @Nullable UUID brandId, String kind, ModelClient.Model model,
			String promptVersion, String key, String input, @Nullable String output, int tokensIn, int tokensOut,
			BigDecimal cost, long started, boolean cacheHit, int attempts, String status, @Nullable String error) {
		UUID id = Ids.next();
		this.jdbc
			.sql("INSERT INTO ai_generations (id, workspace_id, user_id, brand_id, kind, provider, model, prompt_version, "
					+ "prompt_hash, input, output, tokens_in, tokens_out, cost_usd, latency_ms, cache_hit, attempts, "
					+ "status, error, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?, ?, ?, "
					+ "?, ?, ?)")
			.params(id, tenant.workspaceId(), tenant.userId(), brandId, kind, model.provider(), model.name(),
					promptVersion, key, input, output, tokensIn, tokensOut, cost, elapsed(started), cacheHit, attempts,
					status, error, ts(Instant.now(this.clock)))
			.update();
		return id;
	}

	private int limit(Tenant tenant) {
		return this.settings.credits(this.workspaces.policy(tenant.workspaceId()).plan());
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

	private static String render(String name, Map<String, Object> values) {
		return PromptTemplate.builder()
			.resource(new ClassPathResource("prompts/" + name + ".st"))
			.variables(values)
			.build()
			.render();
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

	private static boolean blank(@Nullable String text) {
		return text == null || text.isBlank();
	}

	private static String orNone(@Nullable String text) {
		return blank(text) ? "not given" : text.strip();
	}

}
