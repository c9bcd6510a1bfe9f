package dev.herald.studio.web;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.herald.channel.Channels;
import dev.herald.common.ApiError;
import dev.herald.common.web.FormErrors;
import dev.herald.publishing.PreferredZone;
import dev.herald.studio.AiJob;
import dev.herald.studio.Strategy;
import dev.herald.studio.StrategyPlan;
import dev.herald.studio.internal.BatchService;
import dev.herald.studio.internal.StrategyService;
import dev.herald.studio.internal.StudioService;
import dev.herald.studio.internal.TemplateService;
import dev.herald.workspace.Brand;
import dev.herald.workspace.Brands;
import dev.herald.workspace.Role;
import dev.herald.workspace.Tenancy;
import dev.herald.workspace.Tenant;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The studio's pages: a brand's strategy (written, edited, its versions), batches of
 * drafts with their progress, content templates, and the AI credits used. Where no AI
 * provider is configured, the page says how to configure one instead of offering the
 * buttons.
 */
@Controller
@RequestMapping("/studio")
class StudioPages {

	private final StudioService studio;

	private final StrategyService strategies;

	private final BatchService batches;

	private final TemplateService templates;

	private final Brands brands;

	private final Channels channels;

	private final Tenancy tenancy;

	private final PreferredZone zones;

	StudioPages(StudioService studio, StrategyService strategies, BatchService batches, TemplateService templates,
			Brands brands, Channels channels, Tenancy tenancy, PreferredZone zones) {
		this.studio = studio;
		this.strategies = strategies;
		this.batches = batches;
		this.templates = templates;
		this.brands = brands;
		this.channels = channels;
		this.tenancy = tenancy;
		this.zones = zones;
	}

	@GetMapping
	String studio(@RequestParam(required = false) @Nullable UUID brandId, Model model) {
		Tenant tenant = this.tenancy.require(Role.VIEWER);
		List<Brand> brands = this.brands.list(tenant.workspaceId());
		model.addAttribute("brands", brands);
		model.addAttribute("credits", this.studio.credits(tenant));
		model.addAttribute("unavailable", this.studio.unavailable(tenant));
		model.addAttribute("canWrite", tenant.role().atLeast(Role.MEMBER));
		Brand brand = Brands.chosen(brands, brandId);
		model.addAttribute("brand", brand);
		if (brand == null) {
			return "studio/studio";
		}
		List<Strategy> versions = this.strategies.list(tenant, brand.id());
		model.addAttribute("versions", versions);
		model.addAttribute("current", versions.stream().filter(Strategy::active).findFirst().orElse(null));
		model.addAttribute("channels",
				this.channels.listLive(tenant.workspaceId())
					.stream()
					.filter((channel) -> channel.brandId().equals(brand.id()))
					.toList());
		model.addAttribute("jobs", this.batches.recent(tenant, brand.id()));
		model.addAttribute("templates", this.templates.list(tenant, brand.id()));
		LocalDate tomorrow = LocalDate.now(this.zones.of(tenant)).plusDays(1);
		model.addAttribute("batchFrom", tomorrow);
		model.addAttribute("batchTo", tomorrow.plusDays(13));
		model.addAttribute("zone", this.zones.of(tenant).getId());
		return "studio/studio";
	}

	@PostMapping("/strategy")
	String writeStrategy(@RequestParam UUID brandId, @RequestParam(required = false) @Nullable String goals,
			RedirectAttributes redirect) {
		return act(brandId, redirect, () -> {
			Strategy strategy = this.strategies
				.generate(this.tenancy.require(Role.MEMBER),
						new StrategyService.StrategyRequest(brandId, goals, true, false))
				.result();
			return "Strategy version " + strategy.version() + " is written and active: batches follow it.";
		});
	}

	@PostMapping("/strategies/{id}/activate")
	String activate(@PathVariable UUID id, @RequestParam UUID brandId, RedirectAttributes redirect) {
		return act(brandId, redirect,
				() -> "Version " + this.strategies.activate(this.tenancy.require(Role.MEMBER), id).version()
						+ " is the active strategy.");
	}

	@GetMapping("/strategies/{id}/edit")
	String edit(@PathVariable UUID id, Model model) {
		Tenant tenant = this.tenancy.require(Role.MEMBER);
		model.addAttribute("strategy", this.strategies.get(tenant, id));
		return "studio/strategy-edit";
	}

	/**
	 * Saves the edit form as a new version: summary, voice, and for each platform and
	 * pillar its fields, indexed ({@code platform[0].postsPerWeek}...).
	 */
	@PostMapping("/strategies/{id}/edit")
	String saveEdit(@PathVariable UUID id, @RequestParam MultiValueMap<String, String> form, Model model,
			RedirectAttributes redirect) {
		Tenant tenant = this.tenancy.require(Role.MEMBER);
		Strategy edited = this.strategies.get(tenant, id);
		StrategyPlan old = edited.plan();
		List<StrategyPlan.PlatformPlan> platforms = new ArrayList<>();
		for (int i = 0; i < old.platforms().size(); i++) {
			StrategyPlan.PlatformPlan platform = old.platforms().get(i);
			platforms.add(new StrategyPlan.PlatformPlan(platform.platform(),
					value(form, "platform" + i + ".why", platform.why()),
					number(form, "platform" + i + ".postsPerWeek", platform.postsPerWeek()), List
						.of(value(form, "platform" + i + ".bestTimes", String.join(", ", platform.bestTimes()))
							.split("\\s*,\\s*"))
						.stream()
						.filter((time) -> !time.isBlank())
						.toList()));
		}
		List<StrategyPlan.Pillar> pillars = new ArrayList<>();
		for (int i = 0; i < old.pillars().size(); i++) {
			StrategyPlan.Pillar pillar = old.pillars().get(i);
			String name = value(form, "pillar" + i + ".name", pillar.name());
			if (!name.isBlank()) {
				pillars
					.add(new StrategyPlan.Pillar(name, value(form, "pillar" + i + ".description", pillar.description()),
							number(form, "pillar" + i + ".share", pillar.share()), pillar.exampleTopics()));
			}
		}
		StrategyPlan.Voice voice = new StrategyPlan.Voice(
				value(form, "tone", (old.voice() != null) ? old.voice().tone() : ""),
				(old.voice() != null) ? old.voice().dos() : List.of(),
				(old.voice() != null) ? old.voice().donts() : List.of());
		StrategyPlan plan = new StrategyPlan(value(form, "summary", old.summary()), platforms, pillars, voice,
				old.kpis(),
				value(form, "audienceInsights", (old.audienceInsights() != null) ? old.audienceInsights() : ""));
		try {
			Strategy saved = this.strategies.update(tenant, id, null, plan);
			redirect.addFlashAttribute("notice", "Saved as version " + saved.version() + ".");
			return "redirect:/studio?brandId=" + edited.brandId();
		}
		catch (ApiError error) {
			FormErrors.show(model, error);
			model.addAttribute("strategy",
					new Strategy(edited.id(), edited.brandId(), edited.version(), edited.active(), edited.goals(), plan,
							edited.generationId(), edited.createdBy(), edited.createdAt()));
			return "studio/strategy-edit";
		}
	}

	@PostMapping("/batch")
	String batch(@RequestParam UUID brandId, @RequestParam(defaultValue = "14") int count,
			@RequestParam(required = false) @Nullable LocalDate from,
			@RequestParam(required = false) @Nullable LocalDate to,
			@RequestParam(required = false) @Nullable List<UUID> channelIds, RedirectAttributes redirect) {
		return act(brandId, redirect, () -> {
			Tenant tenant = this.tenancy.require(Role.MEMBER);
			AiJob job = this.batches.submit(tenant, new BatchService.BatchRequest(brandId, count, from, to,
					this.zones.of(tenant).getId(), channelIds, false));
			return "Writing " + job.total() + " drafts: follow them below; they appear on the calendar as drafts.";
		});
	}

	/** A job's progress, polled by its row while it runs. */
	@GetMapping("/jobs/{id}")
	String job(@PathVariable UUID id, Model model) {
		Tenant tenant = this.tenancy.require(Role.VIEWER);
		model.addAttribute("job", this.batches.get(tenant, id));
		model.addAttribute("canWrite", tenant.role().atLeast(Role.MEMBER));
		return "studio/studio :: job";
	}

	@PostMapping("/jobs/{id}/schedule")
	String scheduleJob(@PathVariable UUID id, @RequestParam UUID brandId, RedirectAttributes redirect) {
		return act(brandId, redirect, () -> {
			BatchService.Scheduled done = this.batches.scheduleAll(this.tenancy.require(Role.MEMBER), id);
			String notice = (done.scheduled() == 1) ? "1 draft is scheduled"
					: done.scheduled() + " drafts are scheduled";
			if (!done.skipped().isEmpty()) {
				notice += "; " + done.skipped().size() + " left as drafts (first reason: "
						+ done.skipped().get(0).reason() + ")";
			}
			return notice + ".";
		});
	}

	@PostMapping("/templates")
	String addTemplate(@RequestParam UUID brandId, @RequestParam(required = false) @Nullable String name,
			@RequestParam(required = false) @Nullable String category,
			@RequestParam(required = false) @Nullable String body, RedirectAttributes redirect) {
		return act(brandId, redirect,
				() -> "Template \"" + this.templates
					.create(this.tenancy.require(Role.MEMBER), brandId,
							new TemplateService.TemplateDraft(name, category, body))
					.name() + "\" added.");
	}

	@PostMapping("/templates/{id}/delete")
	String deleteTemplate(@PathVariable UUID id, @RequestParam UUID brandId, RedirectAttributes redirect) {
		return act(brandId, redirect, () -> {
			this.templates.delete(this.tenancy.require(Role.MEMBER), id);
			return "Template deleted.";
		});
	}

	private interface Step {

		String run();

	}

	/** Runs a form's step and comes back to the brand's studio with its outcome. */
	private static String act(UUID brandId, RedirectAttributes redirect, Step step) {
		try {
			redirect.addFlashAttribute("notice", step.run());
		}
		catch (ApiError error) {
			redirect.addFlashAttribute(FormErrors.ERROR, FormErrors.message(error));
		}
		return "redirect:/studio?brandId=" + brandId;
	}

	private static String value(MultiValueMap<String, String> form, String name, String otherwise) {
		String value = form.getFirst(name);
		return (value != null) ? value.strip() : otherwise;
	}

	private static int number(MultiValueMap<String, String> form, String name, int otherwise) {
		try {
			String value = form.getFirst(name);
			return (value != null) ? Integer.parseInt(value.strip()) : otherwise;
		}
		catch (NumberFormatException ex) {
			return otherwise;
		}
	}

}
