package dev.herald.publishing.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.herald.channel.Channel;
import dev.herald.channel.Channels;
import dev.herald.common.ApiError;
import dev.herald.common.CursorPage;
import dev.herald.common.ErrorCode;
import dev.herald.common.ErrorDetail;
import dev.herald.common.web.FormErrors;
import dev.herald.common.web.TimeZones;
import dev.herald.identity.UserProfile;
import dev.herald.identity.Users;
import dev.herald.media.MediaItem;
import dev.herald.media.MediaLibrary;
import dev.herald.platform.Violation;
import dev.herald.publishing.Post;
import dev.herald.publishing.PreferredZone;
import dev.herald.publishing.PostStatus;
import dev.herald.publishing.TargetStatus;
import dev.herald.publishing.internal.PostService;
import dev.herald.publishing.internal.PostService.PostDraft;
import dev.herald.publishing.internal.PostService.TargetDraft;
import dev.herald.workspace.Brand;
import dev.herald.workspace.Brands;
import dev.herald.workspace.Role;
import dev.herald.workspace.Tenancy;
import dev.herald.workspace.Tenant;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Posts on the dashboard: the list, a post's detail with the actions its status and the
 * user's role allow, and the composer. The composer saves the post first and then does
 * what the pressed button asks (submit, schedule, publish now, queue), so that a refusal
 * of the action keeps the user's work as a draft and shows why next to the fields. Its
 * live counters come from {@link PostService#validate}, the same rules the server
 * schedules by.
 */
@Controller
@RequestMapping("/posts")
class PostPages {

	private static final Pattern TARGET_FIELD = Pattern.compile("targets\\[([^\\]]+)\\](?:\\.(.*))?");

	private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

	private static final Set<PostStatus> SCHEDULABLE_UNDER_APPROVAL = EnumSet.of(PostStatus.APPROVED,
			PostStatus.SCHEDULED, PostStatus.FAILED, PostStatus.PARTIALLY_PUBLISHED);

	private final PostService posts;

	private final Channels channels;

	private final Brands brands;

	private final Users users;

	private final PreferredZone zones;

	private final Tenancy tenancy;

	private final MediaLibrary media;

	private final Clock clock;

	PostPages(PostService posts, Channels channels, Brands brands, Users users, PreferredZone zones, Tenancy tenancy,
			MediaLibrary media, Clock clock) {
		this.media = media;
		this.posts = posts;
		this.channels = channels;
		this.brands = brands;
		this.users = users;
		this.zones = zones;
		this.tenancy = tenancy;
		this.clock = clock;
	}

	/**
	 * The composer as the form sends it. Read from the request's parameters one by one
	 * rather than bound, because binding turns a single value with commas into several
	 * list elements, which would cut a thread part at its first comma.
	 *
	 * @param brandId the brand
	 * @param channelIds the checked channels
	 * @param text the post's text
	 * @param thread the parts after it, blank ones included (they are dropped when saved)
	 * @param firstComment a comment after the post
	 * @param hashtags hashtags on one line
	 * @param overrides each channel's own text, by channel id
	 * @param mediaIds the files attached, in order
	 * @param mediaOverrides each channel's own files (ids separated by commas), by
	 * channel id, for the channels that have their own
	 * @param scheduledAt the local date and time ({@code 2026-03-01T09:30})
	 * @param timezone the zone it is read in
	 */
	record PostForm(@Nullable String brandId, List<String> channelIds, String text, List<String> thread,
			String firstComment, String hashtags, Map<String, String> overrides, List<String> mediaIds,
			Map<String, String> mediaOverrides, String scheduledAt, String timezone) {

		static PostForm from(HttpServletRequest request) {
			return new PostForm(request.getParameter("brandId"), values(request, "channelIds"), value(request, "text"),
					values(request, "thread"), value(request, "firstComment"), value(request, "hashtags"),
					pairs(request, "overrideChannelId", "overrideText"),
					values(request, "mediaIds").stream().filter((id) -> !id.isBlank()).toList(),
					pairs(request, "overrideMediaChannelId", "overrideMedia"), value(request, "scheduledAt"),
					value(request, "timezone"));
		}

		/**
		 * Two parallel lists of fields as a map from the first's values to the second's.
		 */
		private static Map<String, String> pairs(HttpServletRequest request, String keys, String values) {
			List<String> ids = values(request, keys);
			List<String> texts = values(request, values);
			Map<String, String> pairs = new LinkedHashMap<>();
			for (int i = 0; i < Math.min(ids.size(), texts.size()); i++) {
				pairs.put(ids.get(i), texts.get(i));
			}
			return pairs;
		}

		static PostForm empty(@Nullable UUID brandId, ZoneId zone) {
			return new PostForm((brandId != null) ? brandId.toString() : null, List.of(), "", List.of(), "", "",
					Map.of(), List.of(), Map.of(), "", zone.getId());
		}

		static PostForm of(Post post) {
			Map<String, String> overrides = new LinkedHashMap<>();
			post.targets()
				.stream()
				.filter((t) -> t.text() != null)
				.forEach((t) -> overrides.put(t.channelId().toString(), t.text()));
			Map<String, String> mediaOverrides = new LinkedHashMap<>();
			post.targets()
				.stream()
				.filter((t) -> t.mediaIds() != null)
				.forEach((t) -> mediaOverrides.put(t.channelId().toString(),
						String.join(",", t.mediaIds().stream().map(UUID::toString).toList())));
			String when = (post.scheduledFor() != null)
					? LOCAL.format(post.scheduledFor().atZone(ZoneId.of(post.timezone()))) : "";
			return new PostForm(post.brandId().toString(),
					post.targets().stream().map((t) -> t.channelId().toString()).toList(), post.text(), post.thread(),
					(post.firstComment() != null) ? post.firstComment() : "",
					String.join(" ", post.hashtags().stream().map((tag) -> "#" + tag).toList()), overrides,
					post.mediaIds().stream().map(UUID::toString).toList(), mediaOverrides, when, post.timezone());
		}

		/** The same form for another brand: its channels are not this brand's. */
		PostForm forBrand(@Nullable String brand) {
			return new PostForm(brand, List.of(), this.text, this.thread, this.firstComment, this.hashtags, Map.of(),
					this.mediaIds, Map.of(), this.scheduledAt, this.timezone);
		}

		public boolean selected(UUID channelId) {
			return this.channelIds.contains(channelId.toString());
		}

		public String override(UUID channelId) {
			return this.overrides.getOrDefault(channelId.toString(), "");
		}

		/**
		 * A channel's own files, as the form carries them; {@code null} when it has none.
		 */
		public @Nullable String mediaOverride(UUID channelId) {
			return this.mediaOverrides.get(channelId.toString());
		}

		/** The ids of a channel's own files; empty when it has none. */
		public List<String> mediaOverrideIds(UUID channelId) {
			String own = mediaOverride(channelId);
			return (own != null) ? split(own) : List.of();
		}

		/** Every file the form names, the channels' own ones included. */
		List<UUID> allMediaIds() {
			List<UUID> ids = new ArrayList<>(uuids("mediaIds", this.mediaIds));
			this.mediaOverrides.values().forEach((own) -> ids.addAll(uuids("mediaIds", split(own))));
			return ids;
		}

		private static List<String> split(String ids) {
			return Arrays.stream(ids.split(",")).map(String::strip).filter((id) -> !id.isEmpty()).toList();
		}

		private static List<UUID> uuids(String field, List<String> ids) {
			return ids.stream().map((id) -> uuid(field, id)).toList();
		}

		/** The thread parts to show: one blank part when there is none. */
		public List<String> parts() {
			return this.thread;
		}

		@Nullable UUID brand() {
			return (this.brandId != null && !this.brandId.isBlank()) ? uuid("brandId", this.brandId) : null;
		}

		/**
		 * The post as the service takes it. On creation the brand is sent; on change it
		 * stays. Every text field is sent, so that what the user cleared is cleared. A
		 * form without a zone (the page always sends one) is read in {@code fallback}.
		 */
		PostDraft draft(boolean withBrand, ZoneId fallback) {
			ZoneId zone = this.timezone.isBlank() ? fallback : zone(this.timezone);
			List<TargetDraft> targets = new ArrayList<>();
			for (String id : this.channelIds) {
				String own = this.overrides.get(id);
				String files = this.mediaOverrides.get(id);
				targets.add(new TargetDraft(uuid("targets", id), (own != null && !own.isBlank()) ? own : null, null,
						(files != null) ? uuids("targets", split(files)) : null));
			}
			List<String> hashtagList = Arrays.stream(this.hashtags.split("[\\s,]+"))
				.filter((tag) -> !tag.isBlank())
				.toList();
			return new PostDraft(withBrand ? brand() : null, this.text,
					this.thread.stream().filter((part) -> !part.isBlank()).toList(), this.firstComment, hashtagList,
					null, uuids("mediaIds", this.mediaIds), targets, when(this.scheduledAt, zone), zone.getId());
		}

		private static String value(HttpServletRequest request, String name) {
			String value = request.getParameter(name);
			return (value != null) ? value : "";
		}

		private static List<String> values(HttpServletRequest request, String name) {
			String[] values = request.getParameterValues(name);
			return (values != null) ? List.of(values) : List.of();
		}

	}

	/**
	 * What the detail page offers, from the post's status and the user's role; the
	 * service decides again when the button is pressed.
	 */
	record Actions(boolean edit, boolean schedule, boolean publishNow, boolean queue, boolean cancel, boolean duplicate,
			boolean submit, boolean review, boolean delete) {
	}

	// Listing

	@GetMapping
	String list(@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String brandId,
			@RequestParam(required = false) @Nullable String cursor, Model model) {
		Tenant tenant = this.tenancy.require(Role.VIEWER);
		PostStatus wanted = status(status);
		UUID brand = (brandId != null && !brandId.isBlank()) ? uuid("brandId", brandId) : null;
		CursorPage<Post> page = this.posts.list(tenant, brand, wanted, CursorPage.PageRequest.of(cursor, 20));
		List<Brand> all = this.brands.list(tenant.workspaceId());
		Map<UUID, String> brandNames = new LinkedHashMap<>();
		all.forEach((b) -> brandNames.put(b.id(), b.name()));
		model.addAttribute("page", page);
		model.addAttribute("brands", all);
		model.addAttribute("brandNames", brandNames);
		model.addAttribute("statuses", PostStatus.values());
		model.addAttribute("status", (wanted != null) ? wanted.name() : "");
		model.addAttribute("brandId", (brand != null) ? brand.toString() : "");
		model.addAttribute("filtered", wanted != null || brand != null || cursor != null);
		return "publishing/posts";
	}

	// Composing

	@GetMapping("/new")
	String compose(@RequestParam(required = false) @Nullable String brandId, Model model) {
		Tenant tenant = this.tenancy.require(Role.MEMBER);
		List<Brand> all = this.brands.list(tenant.workspaceId());
		UUID brand = (brandId != null && !brandId.isBlank()) ? uuid("brandId", brandId)
				: all.isEmpty() ? null : all.getFirst().id();
		return composer(tenant, null, PostForm.empty(brand, this.zones.of(tenant)), model);
	}

	@PostMapping("/new")
	String create(HttpServletRequest request, Model model, RedirectAttributes redirect) {
		Tenant tenant = this.tenancy.require(Role.MEMBER);
		PostForm form = PostForm.from(request);
		Post post;
		try {
			post = this.posts.create(tenant, form.draft(true, this.zones.of(tenant)));
		}
		catch (ApiError error) {
			showErrors(model, error, form);
			return composer(tenant, null, form, model);
		}
		return act(tenant, post, form, request.getParameter("action"), model, redirect);
	}

	@GetMapping("/{id}/edit")
	String edit(@PathVariable UUID id, Model model, RedirectAttributes redirect) {
		Tenant tenant = this.tenancy.require(Role.MEMBER);
		Post post = this.posts.get(tenant, id);
		if (!post.status().editable()) {
			redirect.addFlashAttribute(FormErrors.ERROR,
					"A post that is " + label(post.status()).toLowerCase(Locale.ROOT)
							+ " can no longer be changed: duplicate it to post it again.");
			return "redirect:/posts/" + id;
		}
		return composer(tenant, post, PostForm.of(post), model);
	}

	@PostMapping("/{id}/edit")
	String update(@PathVariable UUID id, HttpServletRequest request, Model model, RedirectAttributes redirect) {
		Tenant tenant = this.tenancy.require(Role.MEMBER);
		Post post = this.posts.get(tenant, id);
		PostForm form = PostForm.from(request);
		try {
			post = this.posts.update(tenant, id, form.draft(false, this.zones.of(tenant)));
		}
		catch (ApiError error) {
			showErrors(model, error, form);
			return composer(tenant, post, form, model);
		}
		return act(tenant, post, form, request.getParameter("action"), model, redirect);
	}

	/**
	 * What each checked channel would publish and refuse, for the composer's live
	 * counters; nothing is saved.
	 */
	@PostMapping("/compose/check")
	String check(HttpServletRequest request, Model model) {
		Tenant tenant = this.tenancy.require(Role.MEMBER);
		PostForm form = PostForm.from(request);
		try {
			PostDraft draft = form.draft(true, this.zones.of(tenant));
			model.addAttribute("validation", named(this.posts.validate(tenant, draft),
					this.media.find(tenant.workspaceId(), form.allMediaIds())));
			model.addAttribute("channelNames", channelNames(tenant));
		}
		catch (ApiError error) {
			model.addAttribute("checkError", checkMessage(error));
		}
		return "publishing/composer :: checks";
	}

	/**
	 * The checks with files named as the user knows them (the platforms name them by id).
	 */
	private static PostService.Validation named(PostService.Validation validation, List<MediaItem> files) {
		if (files.isEmpty()) {
			return validation;
		}
		return new PostService.Validation(validation.valid(),
				validation.targets()
					.stream()
					.map((t) -> new PostService.TargetValidation(t.channelId(), t.platform(), t.lengths(),
							t.maxLength(), t.violations().stream().map((v) -> {
								String message = v.message();
								for (MediaItem file : files) {
									message = message.replace(file.id().toString(), file.name());
								}
								return new Violation(v.field(), message, v.fix());
							}).toList()))
					.toList());
	}

	/** The composer again for another brand, keeping what was written. */
	@PostMapping("/compose/brand")
	String changeBrand(HttpServletRequest request, Model model) {
		Tenant tenant = this.tenancy.require(Role.MEMBER);
		PostForm form = PostForm.from(request);
		return composer(tenant, null, form.forBrand(form.brandId()), model);
	}

	/** One more blank thread part, for the composer's "Add a part" button. */
	@GetMapping("/compose/thread-part")
	String threadPart() {
		return "publishing/composer :: threadPart";
	}

	private String act(Tenant tenant, Post post, PostForm form, @Nullable String action, Model model,
			RedirectAttributes redirect) {
		String verb = (action != null) ? action : "draft";
		String notice;
		try {
			notice = switch (verb) {
				case "submit" -> {
					this.posts.submit(tenant, post.id());
					yield "Submitted for approval: the workspace's admins are told.";
				}
				case "schedule" -> {
					Post scheduled = this.posts.schedule(tenant, post.id(), null, null);
					yield "Scheduled for " + when(scheduled) + ".";
				}
				case "publish" -> {
					this.posts.publishNow(tenant, post.id());
					yield "Publishing now: each channel's status shows below.";
				}
				case "queue" -> {
					Post queued = this.posts.addToQueue(tenant, post.id());
					yield "Added to the queue: first at " + when(queued) + ".";
				}
				default -> (post.status() == PostStatus.DRAFT) ? "Draft saved." : "Saved.";
			};
		}
		catch (ApiError error) {
			// the post is saved; only the action was refused: the form edits it from now
			Post saved = this.posts.get(tenant, post.id());
			showErrors(model, error, form);
			model.addAttribute(FormErrors.ERROR, "Saved as " + label(saved.status()).toLowerCase(Locale.ROOT)
					+ ", but not " + done(verb) + ": " + FormErrors.message(error));
			return composer(tenant, saved, form, model);
		}
		redirect.addFlashAttribute("notice", notice);
		return "redirect:/posts/" + post.id();
	}

	private String composer(Tenant tenant, @Nullable Post post, PostForm form, Model model) {
		List<Brand> all = this.brands.list(tenant.workspaceId());
		UUID brandId = (post != null) ? post.brandId() : safeBrand(form);
		Brand brand = all.stream().filter((b) -> b.id().equals(brandId)).findFirst().orElse(null);
		List<Channel> live = (brand != null) ? this.channels.listLive(tenant.workspaceId())
			.stream()
			.filter((c) -> c.brandId().equals(brand.id()))
			.toList() : List.of();
		boolean admin = tenant.role().atLeast(Role.ADMIN);
		boolean approval = tenant.policy().approvalRequired();
		model.addAttribute("title", (post != null) ? "Edit post" : "New post");
		model.addAttribute("post", post);
		model.addAttribute("form", form);
		model.addAttribute("brands", all);
		model.addAttribute("brand", brand);
		model.addAttribute("channels", live);
		model.addAttribute("zones", TimeZones.ALL);
		model.addAttribute("canSubmit", approval && !admin && (post == null || post.status() == PostStatus.DRAFT));
		model.addAttribute("canSchedule", admin || !approval);
		model.addAttribute("approvalRequired", approval);
		model.addAttribute("action", (post != null) ? "/posts/" + post.id() + "/edit" : "/posts/new");
		List<UUID> ids;
		try {
			ids = form.allMediaIds();
		}
		catch (ApiError notIds) {
			ids = List.of();
		}
		Map<String, MediaItem> files = new LinkedHashMap<>();
		this.media.find(tenant.workspaceId(), ids).forEach((item) -> files.put(item.id().toString(), item));
		model.addAttribute("attached", form.mediaIds().stream().map(files::get).filter(Objects::nonNull).toList());
		model.addAttribute("files", files);
		if (!model.containsAttribute("channelErrors")) {
			model.addAttribute("channelErrors", Map.of());
		}
		return "publishing/composer";
	}

	// One post

	@GetMapping("/{id}")
	String post(@PathVariable UUID id, Model model) {
		Tenant tenant = this.tenancy.require(Role.VIEWER);
		Post post = this.posts.get(tenant, id);
		Map<UUID, Channel> targetChannels = new LinkedHashMap<>();
		for (Post.Target target : post.targets()) {
			this.channels.find(tenant.workspaceId(), target.channelId())
				.ifPresent((c) -> targetChannels.put(c.id(), c));
		}
		model.addAttribute("post", post);
		model.addAttribute("brand", this.brands.find(tenant.workspaceId(), post.brandId()).orElse(null));
		model.addAttribute("author", this.users.find(post.authorId()).map(UserProfile::name).orElse("A former member"));
		model.addAttribute("targetChannels", targetChannels);
		model.addAttribute("attached", this.media.find(tenant.workspaceId(), post.mediaIds()));
		model.addAttribute("actions", actions(tenant, post));
		model.addAttribute("zones", TimeZones.ALL);
		Instant planned = (post.scheduledFor() != null && post.scheduledFor().isAfter(Instant.now(this.clock)))
				? post.scheduledFor() : Instant.now(this.clock).plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.HOURS);
		model.addAttribute("scheduleAt", LOCAL.format(planned.atZone(ZoneId.of(post.timezone()))));
		return "publishing/post";
	}

	@PostMapping("/{id}/schedule")
	String schedule(@PathVariable UUID id, @RequestParam(defaultValue = "") String scheduledAt,
			@RequestParam(defaultValue = "") String timezone, RedirectAttributes redirect) {
		return action(id, redirect, Role.MEMBER, (tenant) -> {
			ZoneId zone = zone(timezone);
			Post post = this.posts.schedule(tenant, id, when(scheduledAt, zone), zone.getId());
			return "Scheduled for " + when(post) + ".";
		});
	}

	@PostMapping("/{id}/publish")
	String publish(@PathVariable UUID id, RedirectAttributes redirect) {
		return action(id, redirect, Role.MEMBER, (tenant) -> {
			this.posts.publishNow(tenant, id);
			return "Publishing now: each channel's status shows below.";
		});
	}

	@PostMapping("/{id}/queue")
	String queue(@PathVariable UUID id, RedirectAttributes redirect) {
		return action(id, redirect, Role.MEMBER, (tenant) -> {
			Post post = this.posts.addToQueue(tenant, id);
			return "Added to the queue: first at " + when(post) + ".";
		});
	}

	@PostMapping("/{id}/cancel")
	String cancel(@PathVariable UUID id, RedirectAttributes redirect) {
		return action(id, redirect, Role.MEMBER, (tenant) -> {
			this.posts.cancel(tenant, id);
			return "Taken off the schedule: the post is a draft again.";
		});
	}

	@PostMapping("/{id}/submit")
	String submit(@PathVariable UUID id, RedirectAttributes redirect) {
		return action(id, redirect, Role.MEMBER, (tenant) -> {
			this.posts.submit(tenant, id);
			return "Submitted for approval: the workspace's admins are told.";
		});
	}

	@PostMapping("/{id}/approve")
	String approve(@PathVariable UUID id, @RequestParam(required = false) @Nullable String comment,
			RedirectAttributes redirect) {
		return action(id, redirect, Role.ADMIN, (tenant) -> {
			Post post = this.posts.approve(tenant, id, blankToNull(comment));
			return (post.status() == PostStatus.SCHEDULED) ? "Approved and scheduled for " + when(post) + "."
					: "Approved: it can be scheduled now.";
		});
	}

	@PostMapping("/{id}/reject")
	String reject(@PathVariable UUID id, @RequestParam(required = false) @Nullable String comment,
			RedirectAttributes redirect) {
		return action(id, redirect, Role.ADMIN, (tenant) -> {
			this.posts.reject(tenant, id, blankToNull(comment));
			return "Sent back to its author with your comment.";
		});
	}

	@PostMapping("/{id}/duplicate")
	String duplicate(@PathVariable UUID id, RedirectAttributes redirect) {
		Tenant tenant = this.tenancy.require(Role.MEMBER);
		Post copy;
		try {
			copy = this.posts.duplicate(tenant, id);
		}
		catch (ApiError error) {
			flashError(redirect, error);
			return "redirect:/posts/" + id;
		}
		redirect.addFlashAttribute("notice", "A copy is saved as a new draft: change it and schedule it.");
		return "redirect:/posts/" + copy.id() + "/edit";
	}

	@PostMapping("/{id}/delete")
	String delete(@PathVariable UUID id, RedirectAttributes redirect) {
		Tenant tenant = this.tenancy.require(Role.MEMBER);
		try {
			this.posts.delete(tenant, id);
		}
		catch (ApiError error) {
			flashError(redirect, error);
			return "redirect:/posts/" + id;
		}
		redirect.addFlashAttribute("notice", "The post is deleted from Herald; what was published stays online.");
		return "redirect:/posts";
	}

	private interface Step {

		String run(Tenant tenant);

	}

	private String action(UUID id, RedirectAttributes redirect, Role role, Step step) {
		Tenant tenant = this.tenancy.require(role);
		try {
			redirect.addFlashAttribute("notice", step.run(tenant));
		}
		catch (ApiError error) {
			if (error.code() == ErrorCode.NOT_FOUND) {
				throw error;
			}
			flashError(redirect, error);
		}
		return "redirect:/posts/" + id;
	}

	/**
	 * A refusal on the detail page, which has no fields to mark: every detail is listed
	 * under the message.
	 */
	private static void flashError(RedirectAttributes redirect, ApiError error) {
		redirect.addFlashAttribute(FormErrors.ERROR, FormErrors.message(error));
		if (error.details().size() > 1) {
			redirect.addFlashAttribute("errorDetails", error.details().stream().map(ErrorDetail::message).toList());
		}
	}

	private Actions actions(Tenant tenant, Post post) {
		boolean member = tenant.role().atLeast(Role.MEMBER);
		boolean admin = tenant.role().atLeast(Role.ADMIN);
		boolean approval = tenant.policy().approvalRequired();
		boolean inFlight = post.targets()
			.stream()
			.anyMatch((t) -> t.status() == TargetStatus.PUBLISHING || t.status() == TargetStatus.UNCONFIRMED);
		PostStatus status = post.status();
		boolean mayPublish = member && !inFlight && (admin || !approval || SCHEDULABLE_UNDER_APPROVAL.contains(status));
		boolean waiting = status == PostStatus.DRAFT || status == PostStatus.APPROVED || status == PostStatus.SCHEDULED
				|| status == PostStatus.FAILED || status == PostStatus.PARTIALLY_PUBLISHED;
		return new Actions(member && status.editable() && !inFlight, mayPublish && waiting, mayPublish && waiting,
				mayPublish && waiting && status != PostStatus.SCHEDULED,
				mayPublish && (status == PostStatus.SCHEDULED || status == PostStatus.APPROVED), member,
				member && approval && !admin && status == PostStatus.DRAFT, admin && status == PostStatus.IN_REVIEW,
				member && !inFlight);
	}

	// Errors

	/**
	 * Puts a refusal into the model, with the channels' own refusals
	 * ({@code targets[<channel>].text}) gathered per channel for the composer.
	 */
	private static void showErrors(Model model, ApiError error, PostForm form) {
		FormErrors.show(model, error);
		Map<String, List<String>> perChannel = new LinkedHashMap<>();
		for (ErrorDetail detail : error.details()) {
			Matcher matcher = TARGET_FIELD.matcher(detail.field());
			if (!matcher.matches()) {
				continue;
			}
			String key = matcher.group(1);
			if (key.matches("\\d+") && Integer.parseInt(key) < form.channelIds().size()) {
				key = form.channelIds().get(Integer.parseInt(key));
			}
			perChannel.computeIfAbsent(key, (k) -> new ArrayList<>()).add(detail.message());
		}
		model.addAttribute("channelErrors", perChannel);
	}

	/** Why the live check could not run yet, said as what to do next. */
	private static String checkMessage(ApiError error) {
		String field = error.details().isEmpty() ? "" : error.details().getFirst().field();
		if ("text".equals(field)) {
			return "Write the post's text to see how each channel counts it.";
		}
		if ("targets".equals(field)) {
			return "Choose a channel to see its limits.";
		}
		if ("brandId".equals(field)) {
			return "Choose a brand.";
		}
		return FormErrors.message(error);
	}

	// Values

	private Map<UUID, String> channelNames(Tenant tenant) {
		Map<UUID, String> names = new LinkedHashMap<>();
		this.channels.listLive(tenant.workspaceId())
			.forEach((c) -> names.put(c.id(), (c.displayName() != null) ? c.displayName() : c.username()));
		return names;
	}

	private static @Nullable UUID safeBrand(PostForm form) {
		try {
			return form.brand();
		}
		catch (ApiError invalid) {
			return null;
		}
	}

	static String when(Post post) {
		if (post.scheduledFor() == null) {
			return "no time yet";
		}
		return DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", Locale.ENGLISH)
			.format(post.scheduledFor().atZone(ZoneId.of(post.timezone()))) + " (" + post.timezone() + ")";
	}

	private static @Nullable Instant when(String local, ZoneId zone) {
		if (local.isBlank()) {
			return null;
		}
		try {
			return LocalDateTime.parse(local.strip()).atZone(zone).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw ApiError.invalid("scheduledFor", "Must be a date and a time, like 2026-03-01 09:30");
		}
	}

	private static ZoneId zone(String zone) {
		try {
			return ZoneId.of(zone.strip());
		}
		catch (RuntimeException ex) {
			throw ApiError.invalid("timezone", "Not an IANA time zone, like Europe/Paris");
		}
	}

	private static UUID uuid(String field, String value) {
		try {
			return UUID.fromString(value.strip());
		}
		catch (IllegalArgumentException ex) {
			throw ApiError.invalid(field, "Is not an id");
		}
	}

	private static @Nullable PostStatus status(@Nullable String status) {
		if (status == null || status.isBlank()) {
			return null;
		}
		try {
			return PostStatus.valueOf(status.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw ApiError.invalid("status", "Must be one of " + List.of(PostStatus.values()));
		}
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

	private static String done(String verb) {
		return switch (verb) {
			case "submit" -> "submitted";
			case "schedule" -> "scheduled";
			case "publish" -> "published";
			case "queue" -> "queued";
			default -> "saved";
		};
	}

	/**
	 * A status as people say it: {@code PARTIALLY_PUBLISHED} is "Partially published".
	 */
	static String label(Enum<?> status) {
		String words = status.name().replace('_', ' ').toLowerCase(Locale.ROOT);
		return Character.toUpperCase(words.charAt(0)) + words.substring(1);
	}

}
