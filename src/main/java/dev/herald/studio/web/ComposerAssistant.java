package dev.herald.studio.web;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import dev.herald.common.ApiError;
import dev.herald.common.web.FormErrors;
import dev.herald.platform.PlatformKind;
import dev.herald.publishing.PostDrafts;
import dev.herald.studio.AdaptedPost;
import dev.herald.studio.CaptionSuggestion;
import dev.herald.studio.Generation;
import dev.herald.studio.HashtagSuggestion;
import dev.herald.studio.PostSuggestion;
import dev.herald.studio.internal.StudioService;
import dev.herald.studio.internal.TemplateService;
import dev.herald.workspace.Role;
import dev.herald.workspace.Tenancy;
import dev.herald.workspace.Tenant;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The composer's AI card, loaded into the composer by its own request: write, improve,
 * shorten for the strictest channel, hashtags and adapt to every channel. Each answers a
 * suggestion with a button that fills the composer's fields; nothing is saved or
 * published from here. Without a provider the card says how to configure one.
 */
@Controller
@RequestMapping("/studio/compose")
class ComposerAssistant {

	private static final String SUGGESTION = "studio/assistant :: suggestion";

	private final StudioService studio;

	private final TemplateService templates;

	private final PostDrafts drafts;

	private final Tenancy tenancy;

	ComposerAssistant(StudioService studio, TemplateService templates, PostDrafts drafts, Tenancy tenancy) {
		this.studio = studio;
		this.templates = templates;
		this.drafts = drafts;
		this.tenancy = tenancy;
	}

	@GetMapping("/assistant")
	String assistant(@RequestParam UUID brandId, Model model) {
		Tenant tenant = this.tenancy.require(Role.MEMBER);
		model.addAttribute("unavailable", this.studio.unavailable(tenant));
		model.addAttribute("credits", this.studio.credits(tenant));
		model.addAttribute("templates", this.templates.list(tenant, brandId));
		return "studio/assistant :: card";
	}

	@PostMapping("/write")
	String write(@RequestParam UUID brandId, @RequestParam(required = false) @Nullable List<UUID> channelIds,
			@RequestParam(required = false) @Nullable String aiTopic,
			@RequestParam(required = false) @Nullable UUID aiTemplateId, Model model) {
		return answer(model, () -> {
			Tenant tenant = this.tenancy.require(Role.MEMBER);
			PlatformKind platform = strictest(tenant, brandId, channelIds).platform();
			StudioService.Generated<PostSuggestion> written = this.studio.post(tenant,
					new StudioService.PostRequest(brandId, platform, null, aiTopic, aiTemplateId, false));
			suggest(model, "main", "Written for " + platform.displayName(), written.result(), written.generation());
		});
	}

	@PostMapping("/improve")
	String improve(@RequestParam UUID brandId, @RequestParam(required = false) @Nullable List<UUID> channelIds,
			@RequestParam(required = false) @Nullable String text,
			@RequestParam(required = false) @Nullable String aiFeedback, Model model) {
		return answer(model, () -> {
			Tenant tenant = this.tenancy.require(Role.MEMBER);
			PlatformKind platform = strictest(tenant, brandId, channelIds).platform();
			StudioService.Generated<PostSuggestion> improved = this.studio.improve(tenant,
					new StudioService.TextRequest(brandId, platform, required(text), aiFeedback, null, false));
			suggest(model, "main", "Rewritten", improved.result(), improved.generation());
		});
	}

	@PostMapping("/shorten")
	String shorten(@RequestParam UUID brandId, @RequestParam(required = false) @Nullable List<UUID> channelIds,
			@RequestParam(required = false) @Nullable String text, Model model) {
		return answer(model, () -> {
			Tenant tenant = this.tenancy.require(Role.MEMBER);
			String post = required(text);
			PostDrafts.ChannelCheck check = strictest(tenant, brandId, channelIds);
			if (check.maxLength() <= 0) {
				throw ApiError.invalid("channelIds", "Choose a channel first: the text is shortened to its limit");
			}
			int limit = Math.max(20, check.maxLength() * 9 / 10);
			StudioService.Generated<PostSuggestion> shorter = this.studio.improve(tenant,
					new StudioService.TextRequest(brandId, check.platform(), post,
							"Make it shorter: at most " + limit + " characters with its hashtags, keeping its point",
							limit, false));
			suggest(model, "main", "Shortened for " + check.platform().displayName() + " (at most " + limit + ")",
					shorter.result(), shorter.generation());
		});
	}

	@PostMapping("/caption")
	String caption(@RequestParam UUID brandId, @RequestParam(required = false) @Nullable List<UUID> channelIds,
			@RequestParam(required = false) @Nullable List<UUID> mediaIds, Model model) {
		return answer(model, () -> {
			Tenant tenant = this.tenancy.require(Role.MEMBER);
			if (mediaIds == null || mediaIds.isEmpty()) {
				throw ApiError.invalid("mediaIds", "Attach a picture first: the caption is written for it");
			}
			PlatformKind platform = strictest(tenant, brandId, channelIds).platform();
			StudioService.Generated<CaptionSuggestion> caption = this.studio.caption(tenant,
					new StudioService.CaptionRequest(brandId, mediaIds.get(0), platform, false));
			suggest(model, "main", "Caption for the first picture",
					new PostSuggestion(caption.result().text(), caption.result().hashtags()), caption.generation());
			model.addAttribute("altText", caption.result().altText());
		});
	}

	@PostMapping("/hashtags")
	String hashtags(@RequestParam UUID brandId, @RequestParam(required = false) @Nullable List<UUID> channelIds,
			@RequestParam(required = false) @Nullable String text, Model model) {
		return answer(model, () -> {
			Tenant tenant = this.tenancy.require(Role.MEMBER);
			PlatformKind platform = strictest(tenant, brandId, channelIds).platform();
			StudioService.Generated<HashtagSuggestion> tags = this.studio.hashtags(tenant,
					new StudioService.TextRequest(brandId, platform, required(text), null, null, false));
			model.addAttribute("fill", "hashtags");
			model.addAttribute("label", "Hashtags");
			model.addAttribute("tags", tags(tags.result().hashtags()));
			model.addAttribute("generation", tags.generation());
		});
	}

	@PostMapping("/adapt")
	String adapt(@RequestParam UUID brandId, @RequestParam(required = false) @Nullable List<UUID> channelIds,
			@RequestParam(required = false) @Nullable String text, Model model) {
		return answer(model, () -> {
			Tenant tenant = this.tenancy.require(Role.MEMBER);
			StudioService.Generated<List<AdaptedPost>> adapted = this.studio.adapt(tenant,
					new StudioService.AdaptRequest(brandId, required(text), chosen(channelIds), false));
			model.addAttribute("fill", "channels");
			model.addAttribute("label", "A version for each channel");
			model.addAttribute("versions", adapted.result()
				.stream()
				.map((version) -> new Version(version, (version.text() + " " + tags(version.hashtags())).strip()))
				.toList());
			model.addAttribute("generation", adapted.generation());
		});
	}

	private interface Step {

		void run();

	}

	private static String answer(Model model, Step step) {
		try {
			step.run();
		}
		catch (ApiError error) {
			model.addAttribute("problem", FormErrors.message(error));
		}
		return SUGGESTION;
	}

	private static void suggest(Model model, String fill, String label, PostSuggestion post, Generation generation) {
		model.addAttribute("fill", fill);
		model.addAttribute("label", label);
		model.addAttribute("text", post.text());
		model.addAttribute("tags", tags(post.hashtags()));
		model.addAttribute("generation", generation);
	}

	/**
	 * A channel's adapted version as the card shows it.
	 *
	 * @param post the version
	 * @param fill what goes in the channel's own text: the version with its hashtags
	 */
	record Version(AdaptedPost post, String fill) {
	}

	private static String tags(List<String> hashtags) {
		return hashtags.stream()
			.map((tag) -> tag.startsWith("#") ? tag : "#" + tag)
			.collect(java.util.stream.Collectors.joining(" "));
	}

	/**
	 * The checked channel with the lowest limit (one whose limit could not be asked
	 * last), whose platform the text is written for.
	 */
	private PostDrafts.ChannelCheck strictest(Tenant tenant, UUID brandId, @Nullable List<UUID> channelIds) {
		return this.drafts.check(tenant, brandId, "-", List.of(), chosen(channelIds))
			.stream()
			.min(Comparator
				.comparingInt((PostDrafts.ChannelCheck c) -> (c.maxLength() > 0) ? c.maxLength() : Integer.MAX_VALUE))
			.orElseThrow();
	}

	private static List<UUID> chosen(@Nullable List<UUID> channelIds) {
		if (channelIds == null || channelIds.isEmpty()) {
			throw ApiError.invalid("channelIds", "Choose a channel first: the studio writes for its platform");
		}
		return channelIds;
	}

	private static String required(@Nullable String text) {
		if (text == null || text.isBlank()) {
			throw ApiError.invalid("text", "Write something first, or use Write");
		}
		return text;
	}

}
