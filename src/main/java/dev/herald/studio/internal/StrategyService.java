package dev.herald.studio.internal;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.herald.channel.Channel;
import dev.herald.channel.Channels;
import dev.herald.common.ApiError;
import dev.herald.studio.Strategy;
import dev.herald.studio.StrategyPlan;
import dev.herald.workspace.Brand;
import dev.herald.workspace.Brands;
import dev.herald.workspace.Tenant;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Brand strategies: written by the strong model from the brand's profile and goals,
 * checked (3 to 5 pillars, a frequency and good times per platform), kept as versions
 * that a person edits, and one of them active.
 */
@Service
public class StrategyService {

	private final StudioService studio;

	private final StrategyStore store;

	private final Brands brands;

	private final Channels channels;

	private final TransactionTemplate tx;

	StrategyService(StudioService studio, StrategyStore store, Brands brands, Channels channels,
			TransactionTemplate tx) {
		this.studio = studio;
		this.store = store;
		this.brands = brands;
		this.channels = channels;
		this.tx = tx;
	}

	/**
	 * What a strategy is asked for.
	 *
	 * @param brandId the brand
	 * @param goals what the brand wants, in its words
	 * @param activate whether the new strategy becomes the active one
	 * @param noCache whether to ask the model even if the same request was answered today
	 */
	public record StrategyRequest(UUID brandId, @Nullable String goals, boolean activate, boolean noCache) {
	}

	public StudioService.Generated<Strategy> generate(Tenant tenant, StrategyRequest request) {
		Brand brand = this.brands.require(tenant.workspaceId(), request.brandId(), "brandId");
		Map<String, Object> values = this.studio.profileValues(brand);
		values.put("goals", goals(brand, request.goals()));
		List<String> connected = this.channels.listLive(tenant.workspaceId())
			.stream()
			.filter((channel) -> channel.brandId().equals(brand.id()))
			.map(Channel::platform)
			.distinct()
			.map((platform) -> platform.displayName())
			.toList();
		values.put("channels", connected.isEmpty() ? "none yet" : String.join(", ", connected));
		StudioService.Generated<StrategyPlan> generated = this.studio.generate(tenant, brand.id(),
				new StudioService.Ask<>("strategy", "strategy/v1", values, ModelClient.Task.STRATEGY,
						StrategyPlan.class, request.noCache())
					.checking(StrategyService::problem));
		Strategy strategy = this.tx.execute((status) -> this.store.add(tenant.workspaceId(), brand.id(),
				tenant.userId(), request.goals(), normalised(generated.result()), generated.generation().id(),
				request.activate() || this.store.active(brand.id()).isEmpty()));
		return new StudioService.Generated<>(strategy, generated.generation());
	}

	public List<Strategy> list(Tenant tenant, UUID brandId) {
		this.brands.find(tenant.workspaceId(), brandId).orElseThrow(() -> ApiError.notFound("Brand"));
		return this.store.list(tenant.workspaceId(), brandId);
	}

	public Strategy get(Tenant tenant, UUID id) {
		return this.store.find(tenant.workspaceId(), id).orElseThrow(() -> ApiError.notFound("Strategy"));
	}

	/**
	 * Saves an edit as a new version (active if the edited one was), keeping the edited
	 * one as it was.
	 */
	public Strategy update(Tenant tenant, UUID id, @Nullable String goals, StrategyPlan plan) {
		Strategy edited = get(tenant, id);
		String problem = problem(plan);
		if (problem != null) {
			throw ApiError.invalid("plan", "The strategy needs " + problem);
		}
		return this.tx.execute((status) -> this.store.add(tenant.workspaceId(), edited.brandId(), tenant.userId(),
				(goals != null) ? goals : edited.goals(), normalised(plan), null, edited.active()));
	}

	public Strategy activate(Tenant tenant, UUID id) {
		Strategy strategy = get(tenant, id);
		this.tx.executeWithoutResult((status) -> this.store.activate(strategy.brandId(), strategy.id()));
		return get(tenant, id);
	}

	/** What a strategy lacks, if anything, said so that the model can correct it. */
	static @Nullable String problem(StrategyPlan plan) {
		List<String> problems = new ArrayList<>();
		if (StudioService.blank(plan.summary())) {
			problems.add("a summary");
		}
		if (plan.platforms().isEmpty() || plan.platforms().size() > 10) {
			problems.add("1 to 10 platforms");
		}
		for (StrategyPlan.PlatformPlan platform : plan.platforms()) {
			if (StudioService.blank(platform.platform())) {
				problems.add("a name for every platform");
			}
			if (platform.postsPerWeek() < 1 || platform.postsPerWeek() > 21) {
				problems.add("1 to 21 posts a week on " + platform.platform());
			}
			for (String time : platform.bestTimes()) {
				try {
					LocalTime.parse(time);
				}
				catch (DateTimeParseException | NullPointerException ex) {
					problems.add("best times written as HH:mm (not \"" + time + "\")");
				}
			}
		}
		if (plan.pillars().size() < 3 || plan.pillars().size() > 5) {
			problems.add("3 to 5 content pillars (not " + plan.pillars().size() + ")");
		}
		if (plan.pillars().stream().anyMatch((pillar) -> StudioService.blank(pillar.name()))) {
			problems.add("a name for every pillar");
		}
		if (plan.voice() == null || StudioService.blank(plan.voice().tone())) {
			problems.add("a tone of voice");
		}
		if (plan.kpis().isEmpty()) {
			problems.add("at least one KPI");
		}
		return problems.isEmpty() ? null : String.join(", ", problems);
	}

	/** The pillars' shares scaled to add up to 100 (each at least 1). */
	static StrategyPlan normalised(StrategyPlan plan) {
		int total = plan.pillars().stream().mapToInt((pillar) -> Math.max(1, pillar.share())).sum();
		if (total == 100 || plan.pillars().isEmpty()) {
			return plan;
		}
		List<StrategyPlan.Pillar> pillars = new ArrayList<>();
		int given = 0;
		for (int i = 0; i < plan.pillars().size(); i++) {
			StrategyPlan.Pillar pillar = plan.pillars().get(i);
			int share = (i == plan.pillars().size() - 1) ? 100 - given
					: Math.max(1, Math.round(Math.max(1, pillar.share()) * 100f / total));
			given += share;
			pillars.add(new StrategyPlan.Pillar(pillar.name(), pillar.description(), Math.max(1, share),
					pillar.exampleTopics()));
		}
		return new StrategyPlan(plan.summary(), plan.platforms(), pillars, plan.voice(), plan.kpis(),
				plan.audienceInsights());
	}

	private static String goals(Brand brand, @Nullable String asked) {
		String figures = brand.goals()
			.entrySet()
			.stream()
			.map((goal) -> goal.getKey() + " " + goal.getValue().toPlainString())
			.collect(Collectors.joining(", "));
		String text = StudioService.blank(asked) ? "" : asked.strip();
		if (!figures.isEmpty()) {
			text = text.isEmpty() ? "Targets: " + figures : text + " (targets: " + figures + ")";
		}
		return text.isEmpty() ? "grow an engaged audience that turns into customers" : text;
	}

}
