package dev.herald.studio.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import dev.herald.channel.Channel;
import dev.herald.channel.ChannelStatus;
import dev.herald.channel.Channels;
import dev.herald.common.ApiError;
import dev.herald.common.ErrorCode;
import dev.herald.common.Ids;
import dev.herald.identity.AuthenticatedUser;
import dev.herald.publishing.Post;
import dev.herald.publishing.PostDrafts;
import dev.herald.studio.AiJob;
import dev.herald.studio.PostSuggestion;
import dev.herald.studio.Strategy;
import dev.herald.workspace.Brand;
import dev.herald.workspace.Brands;
import dev.herald.workspace.Role;
import dev.herald.workspace.Tenant;
import dev.herald.workspace.Workspaces;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.herald.common.SqlTime.instant;
import static dev.herald.common.SqlTime.required;
import static dev.herald.common.SqlTime.ts;

/**
 * Batches of drafts: planned when asked (which channel, when, which pillar), then written
 * in the background by a {@value #TASK} job, several posts at a time, each checked by its
 * channel's rules and shortened by the model once when it is too long, and saved as a
 * draft together with its item's progress, so that a job interrupted by a restart resumes
 * with the items not yet made and never makes one twice.
 */
@Service
public class BatchService {

	static final String TASK = "ai-batch";

	static final int MIN = 7;

	static final int MAX = 30;

	private static final Logger log = LoggerFactory.getLogger(BatchService.class);

	private static final TypeReference<List<AiJob.Item>> ITEMS = new TypeReference<>() {
	};

	private final StudioService studio;

	private final StrategyStore strategies;

	private final BrandHistory history;

	private final ModelClient model;

	private final StudioSettings settings;

	private final PostDrafts drafts;

	private final Brands brands;

	private final Workspaces workspaces;

	private final Channels channels;

	private final JdbcClient jdbc;

	private final TransactionTemplate tx;

	private final ObjectProvider<SchedulerClient> scheduler;

	private final JsonMapper json;

	private final Clock clock;

	BatchService(StudioService studio, StrategyStore strategies, BrandHistory history, ModelClient model,
			StudioSettings settings, PostDrafts drafts, Brands brands, Workspaces workspaces, Channels channels,
			JdbcClient jdbc, TransactionTemplate tx, ObjectProvider<SchedulerClient> scheduler, JsonMapper json,
			Clock clock) {
		this.studio = studio;
		this.strategies = strategies;
		this.history = history;
		this.model = model;
		this.settings = settings;
		this.drafts = drafts;
		this.brands = brands;
		this.workspaces = workspaces;
		this.channels = channels;
		this.jdbc = jdbc;
		this.tx = tx;
		this.scheduler = scheduler;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * A batch as asked for.
	 *
	 * @param brandId the brand
	 * @param count how many drafts, 7 to 30
	 * @param from the first day (default: tomorrow)
	 * @param to the last day (default: two weeks from the first)
	 * @param timezone the zone the days are read in (default: the user's)
	 * @param channelIds the channels (default: the brand's active ones)
	 * @param noCache whether to ask the model even for prompts answered today
	 */
	public record BatchRequest(UUID brandId, int count, @Nullable LocalDate from, @Nullable LocalDate to,
			String timezone, @Nullable List<UUID> channelIds, boolean noCache) {
	}

	/**
	 * Plans the batch and starts its job.
	 * @throws ApiError before anything is kept: no active strategy, no channel, a period
	 * too short, too few credits left, or no AI provider configured
	 */
	public AiJob submit(Tenant tenant, BatchRequest request) {
		if (request.count() < MIN || request.count() > MAX) {
			throw ApiError.invalid("count", "A batch has " + MIN + " to " + MAX + " drafts");
		}
		Brand brand = this.brands.require(tenant.workspaceId(), request.brandId(), "brandId");
		Strategy strategy = this.strategies.active(brand.id())
			.orElseThrow(() -> ApiError.invalid("brandId", "The brand has no active strategy: generate one first "
					+ "(POST /api/v1/ai/strategy, or Strategy in the studio)"));
		ZoneId zone = ZoneId.of(request.timezone());
		Instant now = Instant.now(this.clock);
		LocalDate from = (request.from() != null) ? request.from() : LocalDate.ofInstant(now, zone).plusDays(1);
		LocalDate to = (request.to() != null) ? request.to() : from.plusDays(13);
		if (to.isBefore(from)) {
			throw ApiError.invalid("to", "Must be on or after from");
		}
		if (ChronoUnit.DAYS.between(from, to) > 92) {
			throw ApiError.invalid("to", "A batch covers at most 93 days");
		}
		if (to.atStartOfDay(zone).plusDays(1).toInstant().isBefore(now)) {
			throw ApiError.invalid("to", "The period is in the past");
		}
		List<Channel> targets = targets(tenant, brand.id(), request.channelIds());
		// asked now, so that a missing provider is said before anything is kept
		boolean ownKey = this.model.model(tenant.workspaceId(), ModelClient.Task.CONTENT).ownKey();
		int left = this.studio.creditsLeft(tenant);
		if (!ownKey && left < request.count()) {
			throw new ApiError(ErrorCode.QUOTA_EXCEEDED,
					"A batch of " + request.count() + " drafts needs " + request.count() + " AI credits and "
							+ Math.max(0, left) + " are left this month: ask for fewer drafts, or wait for the "
							+ "first of next month");
		}
		Instant start = from.atStartOfDay(zone).toInstant();
		Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
		List<BatchPlanner.Slot> slots = BatchPlanner.plan(request.count(), from, to, zone,
				targets.stream().map((channel) -> new BatchPlanner.Target(channel.id(), channel.platform())).toList(),
				strategy.plan(), this.history.bestTimes(tenant.workspaceId(), brand.id(), zone),
				this.drafts.plannedTimes(tenant.workspaceId(), targets.stream().map(Channel::id).toList(), start, end),
				now.plus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES));
		if (slots.size() < request.count()) {
			throw ApiError.invalid("to", "The period has room for " + slots.size() + " more drafts at good times on "
					+ "these channels: choose a longer period or fewer drafts");
		}
		List<AiJob.Item> items = slots.stream()
			.map((slot) -> new AiJob.Item(slot.channelId(), slot.platform(), slot.at(), slot.pillar(), slot.topic(),
					"PENDING", null, null, null))
			.toList();
		UUID id = Ids.next();
		this.jdbc
			.sql("INSERT INTO ai_jobs (id, workspace_id, brand_id, user_id, kind, status, request, total, items, "
					+ "created_at) VALUES (?, ?, ?, ?, 'batch', 'QUEUED', CAST(? AS jsonb), ?, CAST(? AS jsonb), ?)")
			.params(id, tenant.workspaceId(), brand.id(), tenant.userId(),
					this.json.writeValueAsString(new BatchRequest(brand.id(), request.count(), from, to, zone.getId(),
							targets.stream().map(Channel::id).toList(), request.noCache())),
					items.size(), this.json.writeValueAsString(items), ts(now))
			.update();
		this.scheduler.getObject().schedule(new TaskInstance<>(TASK, id.toString()), now);
		return get(tenant, id);
	}

	private List<Channel> targets(Tenant tenant, UUID brandId, @Nullable List<UUID> asked) {
		List<Channel> live = this.channels.listLive(tenant.workspaceId())
			.stream()
			.filter((channel) -> channel.brandId().equals(brandId))
			.toList();
		if (asked == null || asked.isEmpty()) {
			List<Channel> active = live.stream().filter((channel) -> channel.status() == ChannelStatus.ACTIVE).toList();
			if (active.isEmpty()) {
				throw ApiError.invalid("channelIds", "The brand has no connected channel: connect one first");
			}
			return active;
		}
		List<Channel> chosen = new ArrayList<>();
		for (UUID channelId : asked.stream().distinct().toList()) {
			chosen.add(live.stream()
				.filter((channel) -> channel.id().equals(channelId))
				.findFirst()
				.orElseThrow(() -> ApiError.invalid("channelIds", "No such channel of this brand: " + channelId)));
		}
		return chosen;
	}

	public AiJob get(Tenant tenant, UUID id) {
		return this.jdbc.sql("SELECT * FROM ai_jobs WHERE workspace_id = ? AND id = ?")
			.params(tenant.workspaceId(), id)
			.query(this::map)
			.optional()
			.orElseThrow(() -> ApiError.notFound("Job"));
	}

	/** The workspace's latest jobs, of one brand if given, newest first. */
	public List<AiJob> recent(Tenant tenant, @Nullable UUID brandId) {
		return this.jdbc
			.sql("SELECT * FROM ai_jobs WHERE workspace_id = ? AND (CAST(? AS uuid) IS NULL OR brand_id = ?) "
					+ "ORDER BY created_at DESC LIMIT 20")
			.params(tenant.workspaceId(), brandId, brandId)
			.query(this::map)
			.list();
	}

	/**
	 * What scheduling a batch's drafts did.
	 *
	 * @param scheduled drafts now scheduled at their planned time
	 * @param skipped drafts left as they were, each with why
	 */
	public record Scheduled(int scheduled, List<Skipped> skipped) {
	}

	/**
	 * A draft that was not scheduled.
	 *
	 * @param postId the draft
	 * @param reason why
	 */
	public record Skipped(UUID postId, String reason) {
	}

	/**
	 * Schedules each draft the batch made at its planned time, as the composer would;
	 * drafts deleted, already scheduled or refused (a channel's rules, approval) are left
	 * as they are and said.
	 */
	public Scheduled scheduleAll(Tenant tenant, UUID id) {
		AiJob job = get(tenant, id);
		if (job.status().equals("QUEUED") || job.status().equals("RUNNING")) {
			throw ApiError.conflict("The batch is still being written: schedule it once it has finished");
		}
		int scheduled = 0;
		List<Skipped> skipped = new ArrayList<>();
		for (AiJob.Item item : job.items()) {
			if (item.postId() == null) {
				continue;
			}
			try {
				this.drafts.schedule(tenant, item.postId());
				scheduled++;
			}
			catch (ApiError refused) {
				skipped.add(new Skipped(item.postId(), refused.getMessage()));
			}
		}
		return new Scheduled(scheduled, skipped);
	}

	// The job

	/** Writes the job's pending drafts; run by the scheduler, again after a restart. */
	void run(UUID id) {
		Job job = this.jdbc.sql("SELECT workspace_id, user_id, request, items FROM ai_jobs WHERE id = ?")
			.param(id)
			.query((rs, n) -> new Job(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
					this.json.readValue(rs.getString(3), BatchRequest.class),
					this.json.readValue(rs.getString(4), ITEMS)))
			.optional()
			.orElse(null);
		if (job == null) {
			return;
		}
		this.jdbc.sql("UPDATE ai_jobs SET status = 'RUNNING', started_at = COALESCE(started_at, ?) WHERE id = ?")
			.params(ts(Instant.now(this.clock)), id)
			.update();
		Tenant tenant = new Tenant(job.workspaceId(), new AuthenticatedUser(job.userId(), null, null), Role.MEMBER,
				this.workspaces.policy(job.workspaceId()));
		Brand brand = this.brands.find(job.workspaceId(), job.request().brandId()).orElse(null);
		if (brand == null) {
			finish(id, "The brand was deleted");
			return;
		}
		Map<UUID, PostDrafts.ChannelCheck> limits = new ConcurrentHashMap<>();
		Semaphore permits = new Semaphore(this.settings.batchConcurrency());
		try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < job.items().size(); i++) {
				AiJob.Item item = job.items().get(i);
				if (!item.status().equals("PENDING")) {
					continue;
				}
				int index = i;
				permits.acquireUninterruptibly();
				writers.execute(() -> {
					try {
						write(tenant, brand, id, index, item, job.request(), limits);
					}
					finally {
						permits.release();
					}
				});
			}
		}
		finish(id, null);
	}

	private record Job(UUID workspaceId, UUID userId, BatchRequest request, List<AiJob.Item> items) {
	}

	private void write(Tenant tenant, Brand brand, UUID jobId, int index, AiJob.Item item, BatchRequest request,
			Map<UUID, PostDrafts.ChannelCheck> limits) {
		try {
			PostDrafts.ChannelCheck limit = limits.computeIfAbsent(item.channelId(),
					(channelId) -> this.drafts.check(tenant, brand.id(), "-", List.of(), List.of(channelId)).get(0));
			Map<String, Object> values = this.studio.postValues(brand, item.platform(), StudioService.textLimit(limit),
					item.pillar(),
					(item.topic() != null)
							? item.topic() + " (draft " + (index + 1) + " of a series: make it stand on its own)"
							: "draft " + (index + 1) + " of a series");
			StudioService.Generated<PostSuggestion> written = this.studio.generate(tenant, brand.id(),
					this.studio.postAsk(values, request.noCache()));
			String model = written.generation().model();
			StudioService.Fitted fitted = this.studio.fitted(tenant, brand.id(), item.platform(), item.channelId(),
					written, request.noCache());
			if (!fitted.check().fits()) {
				throw new IllegalStateException(
						"the channel would refuse it: " + String.join("; ", fitted.check().problems()));
			}
			PostSuggestion draft = fitted.post().result();
			this.tx.executeWithoutResult((status) -> {
				Post created = this.drafts.create(tenant,
						new PostDrafts.GeneratedDraft(brand.id(), draft.text(), draft.hashtags(),
								List.of(item.channelId()), item.at(), request.timezone(),
								(item.pillar() != null) ? List.of(item.pillar()) : List.of(), model,
								"post/v2: " + ((item.pillar() != null) ? item.pillar() : "") + " "
										+ ((item.topic() != null) ? item.topic() : "")));
				settle(jobId, index, new AiJob.Item(item.channelId(), item.platform(), item.at(), item.pillar(),
						item.topic(), "DONE", created.id(), StudioService.excerpt(draft.text(), 80), null), "done");
			});
		}
		catch (RuntimeException failure) {
			String reason = (failure instanceof ApiError) ? failure.getMessage()
					: "The draft could not be made: " + failure.getMessage();
			log.info("Batch {} item {} failed: {}", jobId, index, reason);
			settle(jobId, index, new AiJob.Item(item.channelId(), item.platform(), item.at(), item.pillar(),
					item.topic(), "FAILED", null, null, reason), "failed");
		}
	}

	private void settle(UUID jobId, int index, AiJob.Item item, String counter) {
		this.jdbc
			.sql("UPDATE ai_jobs SET items = jsonb_set(items, ARRAY[CAST(? AS text)], CAST(? AS jsonb)), " + counter
					+ " = " + counter + " + 1 WHERE id = ?")
			.params(String.valueOf(index), this.json.writeValueAsString(item), jobId)
			.update();
	}

	private void finish(UUID id, @Nullable String error) {
		this.jdbc
			.sql("UPDATE ai_jobs SET status = CASE WHEN CAST(? AS text) IS NOT NULL OR done = 0 THEN 'FAILED' "
					+ "WHEN failed > 0 THEN 'COMPLETED_WITH_ERRORS' ELSE 'COMPLETED' END, error = ?, finished_at = ? "
					+ "WHERE id = ?")
			.params(error, error, ts(Instant.now(this.clock)), id)
			.update();
	}

	private AiJob map(ResultSet rs, int n) throws SQLException {
		int total = rs.getInt("total");
		int done = rs.getInt("done");
		int failed = rs.getInt("failed");
		return new AiJob(rs.getObject("id", UUID.class), rs.getString("kind"), rs.getObject("brand_id", UUID.class),
				rs.getString("status"), total, done, failed, (total == 0) ? 100 : (done + failed) * 100 / total,
				this.json.readValue(rs.getString("items"), ITEMS), rs.getString("error"), required(rs, "created_at"),
				instant(rs, "started_at"), instant(rs, "finished_at"));
	}

}
