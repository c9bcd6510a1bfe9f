package dev.herald.publishing.internal;

import java.net.URI;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.herald.channel.Channel;
import dev.herald.channel.ChannelCredential;
import dev.herald.channel.ChannelStatus;
import dev.herald.channel.Channels;
import dev.herald.common.ApiError;
import dev.herald.common.CursorPage;
import dev.herald.common.ErrorCode;
import dev.herald.common.ErrorDetail;
import dev.herald.common.Ids;
import dev.herald.platform.Capabilities;
import dev.herald.platform.PlatformKind;
import dev.herald.media.MediaLibrary;
import dev.herald.platform.Media;
import dev.herald.platform.PostContent;
import dev.herald.platform.Violation;
import dev.herald.publishing.Post;
import dev.herald.publishing.PostDrafts;
import dev.herald.publishing.PostReviewed;
import dev.herald.publishing.PostStatus;
import dev.herald.publishing.PostSubmitted;
import dev.herald.publishing.TargetStatus;
import dev.herald.workspace.Brands;
import dev.herald.workspace.Role;
import dev.herald.workspace.Tenant;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import static dev.herald.common.SqlTime.instant;
import static dev.herald.common.SqlTime.required;
import static dev.herald.common.SqlTime.ts;

/**
 * Posts and their targets: the composer's drafts, approval, scheduling, the queue and the
 * calendar. Every query is scoped by the tenant's workspace. Content is validated against
 * each channel's platform before a post is scheduled, so that a refusal is said to the
 * user now rather than at publish time.
 */
@Service
public class PostService implements PostDrafts {

	private static final Pattern HASHTAG = Pattern.compile("[\\p{L}\\p{N}_]{1,100}");

	private static final int MAX_TEXT = 20_000;

	private static final int MAX_THREAD = 25;

	/**
	 * Files a post carries at most; each platform takes fewer (Mastodon and Bluesky 4).
	 */
	private static final int MAX_MEDIA = 10;

	/** How far in the past a schedule time may be and still count as "now". */
	private static final Duration NOW_TOLERANCE = Duration.ofSeconds(60);

	private final JdbcClient jdbc;

	private final Channels channels;

	private final Brands brands;

	private final Composer composer;

	private final DispatchLoop loop;

	private final ApplicationEventPublisher events;

	private final MediaLibrary media;

	private final Clock clock;

	PostService(JdbcClient jdbc, Channels channels, Brands brands, Composer composer, DispatchLoop loop,
			MediaLibrary media, ApplicationEventPublisher events, Clock clock) {
		this.media = media;
		this.jdbc = jdbc;
		this.channels = channels;
		this.brands = brands;
		this.composer = composer;
		this.loop = loop;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * A post as the composer sends it; on change, absent fields stay as they are.
	 *
	 * @param brandId the brand (required on creation)
	 * @param text the first part's text (required on creation)
	 * @param thread the parts that follow
	 * @param firstComment a comment after the post
	 * @param hashtags hashtags, with or without #
	 * @param tags the team's labels
	 * @param mediaIds media library files attached to the first part, in order
	 * @param targets the channels, each with its own text, thread or files if they differ
	 * @param scheduledFor when to publish (kept on a draft as the planned time)
	 * @param timezone the IANA zone it is planned in
	 */
	public record PostDraft(@Nullable UUID brandId, @Nullable String text, @Nullable List<String> thread,
			@Nullable String firstComment, @Nullable List<String> hashtags, @Nullable List<String> tags,
			@Nullable List<UUID> mediaIds, @Nullable List<TargetDraft> targets, @Nullable Instant scheduledFor,
			@Nullable String timezone) {
	}

	/**
	 * One channel of a post.
	 *
	 * @param channelId the channel
	 * @param text its own text, if it differs from the post's
	 * @param thread its own thread parts, if they differ
	 * @param mediaIds its own files, if they differ (an empty list: none)
	 */
	public record TargetDraft(UUID channelId, @Nullable String text, @Nullable List<String> thread,
			@Nullable List<UUID> mediaIds) {
	}

	/**
	 * What each channel would publish and what its platform would refuse.
	 *
	 * @param valid whether every channel would accept the post
	 * @param targets per channel
	 */
	public record Validation(boolean valid, List<TargetValidation> targets) {
	}

	/**
	 * One channel's verdict.
	 *
	 * @param channelId the channel
	 * @param platform its platform
	 * @param lengths each part's length as the platform counts it
	 * @param maxLength the platform's (or instance's) limit
	 * @param violations what to fix, with fields named as in the request
	 */
	public record TargetValidation(UUID channelId, PlatformKind platform, List<Integer> lengths, int maxLength,
			List<Violation> violations) {
	}

	// Reading

	public Post get(Tenant tenant, UUID postId) {
		return find(tenant.workspaceId(), postId).orElseThrow(() -> ApiError.notFound("Post"));
	}

	java.util.Optional<Post> find(UUID workspaceId, UUID postId) {
		return this.jdbc.sql("SELECT * FROM posts WHERE workspace_id = ? AND id = ?")
			.params(workspaceId, postId)
			.query(this::mapPost)
			.optional()
			.map(this::withTargets);
	}

	/** Posts newest first, optionally of one brand or status. */
	public CursorPage<Post> list(Tenant tenant, @Nullable UUID brandId, @Nullable PostStatus status,
			CursorPage.PageRequest page) {
		UUID before = page.beforeOrLast();
		List<Post> rows = this.jdbc
			.sql("SELECT * FROM posts WHERE workspace_id = ? AND id < ? AND (CAST(? AS uuid) IS NULL OR brand_id = ?) "
					+ "AND (CAST(? AS text) IS NULL OR status = ?) ORDER BY id DESC LIMIT ?")
			.params(tenant.workspaceId(), before, brandId, brandId, (status != null) ? status.name() : null,
					(status != null) ? status.name() : null, page.fetchSize())
			.query(this::mapPost)
			.list();
		return CursorPage.of(rows.stream().map(this::withTargets).toList(), page, Post::id);
	}

	/**
	 * A post on the calendar.
	 *
	 * @param id the post
	 * @param title the start of its text
	 * @param start when it is published, in the calendar's zone
	 * @param status where it stands
	 * @param brandId its brand
	 * @param platforms its channels' platforms
	 * @param channelIds its channels
	 * @param editable whether it can still be moved
	 */
	public record CalendarEntry(UUID id, String title, java.time.OffsetDateTime start, PostStatus status, UUID brandId,
			List<PlatformKind> platforms, List<UUID> channelIds, boolean editable) {
	}

	/**
	 * Posts with a time in {@code [from, to)}, both read in {@code zone} (a day of a
	 * daylight-saving change has 23 or 25 hours), each shown at its local time there.
	 */
	public List<CalendarEntry> calendar(Tenant tenant, Instant from, Instant to, ZoneId zone, @Nullable UUID brandId,
			@Nullable UUID channelId, @Nullable PostStatus status) {
		if (!to.isAfter(from)) {
			throw ApiError.invalid("to", "Must be after from");
		}
		if (Duration.between(from, to).compareTo(Duration.ofDays(100)) > 0) {
			throw ApiError.invalid("to", "A calendar shows at most 100 days at once");
		}
		List<Post> posts = this.jdbc
			.sql("SELECT p.* FROM posts p WHERE p.workspace_id = ? AND p.scheduled_at >= ? AND p.scheduled_at < ? "
					+ "AND (CAST(? AS uuid) IS NULL OR p.brand_id = ?) AND (CAST(? AS text) IS NULL OR p.status = ?) "
					+ "AND (CAST(? AS uuid) IS NULL OR EXISTS (SELECT 1 FROM post_targets t WHERE t.post_id = p.id "
					+ "AND t.channel_id = ?)) ORDER BY p.scheduled_at, p.id LIMIT 2000")
			.params(tenant.workspaceId(), ts(from), ts(to), brandId, brandId, (status != null) ? status.name() : null,
					(status != null) ? status.name() : null, channelId, channelId)
			.query(this::mapPost)
			.list();
		return posts.stream().map(this::withTargets).map((post) -> {
			String title = excerpt(post.text(), 60);
			return new CalendarEntry(post.id(), title,
					Objects.requireNonNull(post.scheduledFor()).atZone(zone).toOffsetDateTime(), post.status(),
					post.brandId(), post.targets().stream().map(Post.Target::platform).distinct().toList(),
					post.targets().stream().map(Post.Target::channelId).toList(), movable(post));
		}).toList();
	}

	/** The start of a text on one line, cut at {@code max} characters. */
	static String excerpt(String text, int max) {
		String line = text.strip().replaceAll("\\s+", " ");
		return (line.length() <= max) ? line : line.substring(0, max - 1) + "…";
	}

	// Writing

	@Transactional
	public Post create(Tenant tenant, PostDraft draft) {
		if (draft.brandId() == null) {
			throw ApiError.invalid("brandId", "Is required");
		}
		this.brands.require(tenant.workspaceId(), draft.brandId(), "brandId");
		Content content = content(draft, null);
		this.media.require(tenant.workspaceId(), content.mediaIds(), "mediaIds");
		List<TargetDraft> targets = targets(tenant, draft.brandId(), draft.targets(), true);
		String zone = zone(tenant, draft.timezone(), null);
		UUID id = Ids.next();
		Instant now = Instant.now(this.clock);
		this.jdbc
			.sql("INSERT INTO posts (id, workspace_id, brand_id, author_id, text, thread, first_comment, hashtags, "
					+ "tags, media_ids, status, scheduled_at, timezone, created_at, updated_at) "
					+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'DRAFT', ?, ?, ?, ?)")
			.params(id, tenant.workspaceId(), draft.brandId(), tenant.userId(), content.text(),
					content.thread().toArray(String[]::new), content.firstComment(),
					content.hashtags().toArray(String[]::new), content.tags().toArray(String[]::new),
					content.mediaIds().toArray(UUID[]::new), ts(draft.scheduledFor()), zone, ts(now), ts(now))
			.update();
		replaceTargets(tenant, id, targets, List.of());
		return get(tenant, id);
	}

	@Override
	public List<ChannelCheck> check(Tenant tenant, UUID brandId, String text, List<String> hashtags,
			List<UUID> channelIds) {
		Validation validation = validate(tenant, new PostDraft(brandId, text, null, null, hashtags, null, null,
				channelIds.stream().map((id) -> new TargetDraft(id, null, null, null)).toList(), null, null));
		return validation.targets()
			.stream()
			.map((target) -> new ChannelCheck(target.channelId(), target.platform(),
					target.lengths().isEmpty() ? 0 : target.lengths().get(0), target.maxLength(),
					target.violations().stream().map(Violation::message).toList()))
			.toList();
	}

	@Override
	@Transactional
	public Post create(Tenant tenant, GeneratedDraft draft) {
		Post post = create(tenant,
				new PostDraft(draft.brandId(), draft.text(), null, null, draft.hashtags(), draft.tags(), null,
						draft.channelIds().stream().map((id) -> new TargetDraft(id, null, null, null)).toList(),
						draft.plannedFor(), draft.timezone()));
		this.jdbc.sql("UPDATE posts SET ai_generated = TRUE, ai_model = ?, ai_prompt = ? WHERE id = ?")
			.params(draft.model(), draft.prompt(), post.id())
			.update();
		return get(tenant, post.id());
	}

	@Override
	public Post schedule(Tenant tenant, UUID postId) {
		return schedule(tenant, postId, null, null);
	}

	@Override
	public Set<Instant> plannedTimes(UUID workspaceId, List<UUID> channelIds, Instant from, Instant to) {
		return new HashSet<>(this.jdbc
			.sql("SELECT DISTINCT p.scheduled_at FROM posts p JOIN post_targets t ON t.post_id = p.id "
					+ "WHERE p.workspace_id = ? AND t.channel_id = ANY (?) AND p.scheduled_at >= ? AND p.scheduled_at < ?")
			.params(workspaceId, channelIds.toArray(UUID[]::new), ts(from), ts(to))
			.query((rs, n) -> rs.getTimestamp(1).toInstant())
			.list());
	}

	@Transactional
	public Post update(Tenant tenant, UUID postId, PostDraft draft) {
		Post post = lock(tenant, postId);
		if (!post.status().editable()) {
			throw ApiError.conflict("A post that is " + post.status() + " can no longer be changed: duplicate it");
		}
		requireNothingInFlight(post);
		if (draft.brandId() != null && !draft.brandId().equals(post.brandId())) {
			throw ApiError.invalid("brandId", "A post stays with its brand: duplicate it for another");
		}
		Content content = content(draft, post);
		this.media.require(tenant.workspaceId(), content.mediaIds(), "mediaIds");
		List<TargetDraft> targets = (draft.targets() != null) ? targets(tenant, post.brandId(), draft.targets(), true)
				: post.targets()
					.stream()
					.map((t) -> new TargetDraft(t.channelId(), t.text(), t.thread(), t.mediaIds()))
					.toList();
		String zone = zone(tenant, draft.timezone(), post.timezone());
		Instant when = (draft.scheduledFor() != null) ? draft.scheduledFor() : post.scheduledFor();
		// a change of content needs a new review when reviews are required
		PostStatus status = post.status();
		boolean reviewed = status == PostStatus.IN_REVIEW || status == PostStatus.APPROVED
				|| status == PostStatus.SCHEDULED;
		boolean needsReview = reviewed && approvalRequired(tenant) && !tenant.role().atLeast(Role.ADMIN);
		this.jdbc
			.sql("UPDATE posts SET text = ?, thread = ?, first_comment = ?, hashtags = ?, tags = ?, media_ids = ?, "
					+ "timezone = ?, scheduled_at = ?, updated_at = ? WHERE id = ?")
			.params(content.text(), content.thread().toArray(String[]::new), content.firstComment(),
					content.hashtags().toArray(String[]::new), content.tags().toArray(String[]::new),
					content.mediaIds().toArray(UUID[]::new), zone, ts(when), ts(Instant.now(this.clock)), postId)
			.update();
		replaceTargets(tenant, postId, targets, post.targets());
		if (needsReview) {
			unschedule(postId, PostStatus.DRAFT);
		}
		else if (status == PostStatus.SCHEDULED) {
			// still scheduled: the new content must pass, and the time may have moved
			schedule(tenant, postId, when, zone, false);
		}
		return get(tenant, postId);
	}

	@Transactional
	public void delete(Tenant tenant, UUID postId) {
		Post post = lock(tenant, postId);
		requireNothingInFlight(post);
		this.jdbc.sql("DELETE FROM posts WHERE id = ?").param(postId).update();
	}

	/** What every channel of a post would publish, and what it would refuse. */
	public Validation validate(Tenant tenant, PostDraft draft) {
		if (draft.brandId() == null) {
			throw ApiError.invalid("brandId", "Is required");
		}
		this.brands.require(tenant.workspaceId(), draft.brandId(), "brandId");
		Content content = content(draft, null);
		List<TargetValidation> verdicts = new ArrayList<>();
		for (TargetDraft target : targets(tenant, draft.brandId(), draft.targets(), false)) {
			verdicts.add(validate(tenant.workspaceId(), target.channelId(), content, target.text(), target.thread(),
					target.mediaIds()));
		}
		return new Validation(verdicts.stream().allMatch((v) -> v.violations().isEmpty()), verdicts);
	}

	private TargetValidation validate(UUID workspaceId, UUID channelId, Content post, @Nullable String text,
			@Nullable List<String> thread, @Nullable List<UUID> mediaIds) {
		ChannelCredential credential = this.channels.credential(channelId);
		if (!credential.usable()) {
			// a channel waiting for its reconnect still takes posts, checked by its
			// platform's defaults
			List<Violation> violations = (credential.status() == ChannelStatus.DISCONNECTED)
					? List.of(new Violation("targets", "The channel was disconnected")) : List.of();
			return new TargetValidation(channelId, credential.platform(), List.of(), 0, violations);
		}
		Capabilities capabilities;
		try {
			capabilities = this.composer.platform(credential.platform()).capabilities(credential.access());
		}
		catch (RuntimeException unreachable) {
			return new TargetValidation(channelId, credential.platform(), List.of(), 0,
					List.of(new Violation("targets", "The platform could not be asked for its limits; try again")));
		}
		Composer.Draft draft = post.draft();
		List<Media> media = this.composer.media(workspaceId, (mediaIds != null) ? mediaIds : post.mediaIds(),
				(mediaIds != null) ? "targets[" + channelId + "].mediaIds" : "mediaIds");
		PostContent content = Composer.content(draft, text, thread, media, capabilities);
		return new TargetValidation(channelId, credential.platform(),
				content.parts().stream().map(capabilities::length).toList(), capabilities.maxTextLength(),
				this.composer.validate(credential.platform(), draft, content, capabilities));
	}

	// Scheduling

	/**
	 * Schedules a post at {@code at} ({@code null}: its planned time), validating every
	 * channel first. A failed or partly published post schedules its failed channels
	 * again.
	 */
	@Transactional
	public Post schedule(Tenant tenant, UUID postId, @Nullable Instant at, @Nullable String timezone) {
		Post post = lock(tenant, postId);
		Instant when = (at != null) ? at : post.scheduledFor();
		if (when == null) {
			throw ApiError.invalid("scheduledFor", "Is required: when should it be published?");
		}
		schedule(tenant, postId, when, zone(tenant, timezone, post.timezone()), true);
		return get(tenant, postId);
	}

	@Transactional
	public Post publishNow(Tenant tenant, UUID postId) {
		lock(tenant, postId);
		Post post = get(tenant, postId);
		schedule(tenant, postId, Instant.now(this.clock), post.timezone(), true);
		return get(tenant, postId);
	}

	/**
	 * Schedules each channel of a post at its next free posting slot (a time no other
	 * scheduled post of that channel holds).
	 */
	@Transactional
	public Post addToQueue(Tenant tenant, UUID postId) {
		Post post = lock(tenant, postId);
		checkMaySchedule(tenant, post);
		Instant now = Instant.now(this.clock);
		Map<UUID, Instant> slots = new LinkedHashMap<>();
		for (Post.Target target : post.targets()) {
			if (target.status() == TargetStatus.PUBLISHED) {
				continue;
			}
			Set<Instant> taken = new HashSet<>(this.jdbc
				.sql("SELECT due_at FROM post_targets WHERE channel_id = ? AND post_id <> ? AND due_at > ? "
						+ "AND status IN ('SCHEDULED', 'PUBLISHING', 'UNCONFIRMED', 'PUBLISHED')")
				.params(target.channelId(), postId, ts(now))
				.query((rs, n) -> rs.getTimestamp(1).toInstant())
				.list());
			Instant slot = this.channels.nextFreeSlot(target.channelId(), now, taken)
				.orElseThrow(() -> ApiError.invalid("targets", "Channel " + target.channelId()
						+ " has no free posting slot in the next weeks: " + "set its slots under Channels"));
			slots.put(target.id(), slot);
		}
		if (slots.isEmpty()) {
			throw ApiError.conflict("Every channel of this post is already published");
		}
		validateForScheduling(tenant, post);
		for (Map.Entry<UUID, Instant> slot : slots.entrySet()) {
			scheduleTarget(slot.getKey(), slot.getValue());
		}
		Instant first = slots.values().stream().min(Instant::compareTo).orElseThrow();
		this.jdbc.sql("UPDATE posts SET status = 'SCHEDULED', scheduled_at = ?, updated_at = ? WHERE id = ?")
			.params(ts(first), ts(now), postId)
			.update();
		return get(tenant, postId);
	}

	private void schedule(Tenant tenant, UUID postId, Instant when, String zone, boolean checkRole) {
		Post post = get(tenant, postId);
		if (checkRole) {
			checkMaySchedule(tenant, post);
		}
		requireNothingInFlight(post);
		Instant now = Instant.now(this.clock);
		if (when.isBefore(now.minus(NOW_TOLERANCE))) {
			throw ApiError.invalid("scheduledFor", "Must be a future date");
		}
		Instant due = when.isBefore(now) ? now : when;
		validateForScheduling(tenant, post);
		for (Post.Target target : post.targets()) {
			if (target.status() != TargetStatus.PUBLISHED) {
				scheduleTarget(target.id(), due);
			}
		}
		this.jdbc
			.sql("UPDATE posts SET status = 'SCHEDULED', scheduled_at = ?, timezone = ?, updated_at = ? WHERE id = ?")
			.params(ts(due), zone, ts(now), postId)
			.update();
	}

	private void scheduleTarget(UUID targetId, Instant due) {
		this.jdbc
			.sql("UPDATE post_targets SET status = 'SCHEDULED', due_at = ?, next_attempt_at = NULL, attempts = 0, "
					+ "error_class = NULL, error_message = NULL, updated_at = ? WHERE id = ?")
			.params(ts(due), ts(Instant.now(this.clock)), targetId)
			.update();
		this.loop.due(due);
	}

	private void validateForScheduling(Tenant tenant, Post post) {
		if (post.targets().isEmpty()) {
			throw ApiError.invalid("targets", "Choose at least one channel");
		}
		Content content = Content.of(post);
		List<ErrorDetail> details = new ArrayList<>();
		for (Post.Target target : post.targets()) {
			if (target.status() == TargetStatus.PUBLISHED) {
				continue;
			}
			TargetValidation verdict = validate(tenant.workspaceId(), target.channelId(), content, target.text(),
					target.thread(), target.mediaIds());
			for (Violation violation : verdict.violations()) {
				details.add(new ErrorDetail("targets[" + target.channelId() + "]." + violation.field(),
						verdict.platform().displayName() + ": " + violation.message()));
			}
		}
		if (!details.isEmpty()) {
			throw new ApiError(ErrorCode.VALIDATION_ERROR, "Some channels would refuse this post", details, null);
		}
	}

	/** Takes a post off the schedule: its channels not yet published are cancelled. */
	@Transactional
	public Post cancel(Tenant tenant, UUID postId) {
		Post post = lock(tenant, postId);
		if (post.status() != PostStatus.SCHEDULED && post.status() != PostStatus.APPROVED) {
			throw ApiError.conflict("Only a scheduled post can be cancelled; this one is " + post.status());
		}
		checkMaySchedule(tenant, post);
		requireNothingInFlight(post);
		unschedule(postId, PostStatus.DRAFT);
		return get(tenant, postId);
	}

	private void unschedule(UUID postId, PostStatus status) {
		Instant now = Instant.now(this.clock);
		this.jdbc
			.sql("UPDATE post_targets SET status = 'CANCELLED', next_attempt_at = NULL, updated_at = ? "
					+ "WHERE post_id = ? AND status = 'SCHEDULED'")
			.params(ts(now), postId)
			.update();
		this.jdbc.sql("UPDATE posts SET status = ?, updated_at = ? WHERE id = ?")
			.params(status.name(), ts(now), postId)
			.update();
	}

	@Transactional
	public Post duplicate(Tenant tenant, UUID postId) {
		Post post = get(tenant, postId);
		List<TargetDraft> targets = post.targets()
			.stream()
			.filter((t) -> this.channels.find(tenant.workspaceId(), t.channelId())
				.map((c) -> c.status() != ChannelStatus.DISCONNECTED)
				.orElse(false))
			.map((t) -> new TargetDraft(t.channelId(), t.text(), t.thread(), t.mediaIds()))
			.toList();
		return create(tenant, new PostDraft(post.brandId(), post.text(), post.thread(), post.firstComment(),
				post.hashtags(), post.tags(), post.mediaIds(), targets, null, post.timezone()));
	}

	// Approval

	@Transactional
	public Post submit(Tenant tenant, UUID postId) {
		Post post = lock(tenant, postId);
		if (post.status() != PostStatus.DRAFT) {
			throw ApiError.conflict("Only a draft can be submitted for approval; this post is " + post.status());
		}
		validateForScheduling(tenant, post);
		this.jdbc
			.sql("UPDATE posts SET status = 'IN_REVIEW', submitted_at = ?, review_comment = NULL, updated_at = ? "
					+ "WHERE id = ?")
			.params(ts(Instant.now(this.clock)), ts(Instant.now(this.clock)), postId)
			.update();
		this.events
			.publishEvent(new PostSubmitted(tenant.workspaceId(), postId, tenant.userId(), excerpt(post.text(), 80)));
		return get(tenant, postId);
	}

	/**
	 * Approves a post in review; one with a future planned time is scheduled at once.
	 */
	@Transactional
	public Post approve(Tenant tenant, UUID postId, @Nullable String comment) {
		Post post = review(tenant, postId, comment, true);
		if (post.scheduledFor() != null && post.scheduledFor().isAfter(Instant.now(this.clock))) {
			schedule(tenant, postId, post.scheduledFor(), post.timezone(), false);
		}
		return get(tenant, postId);
	}

	@Transactional
	public Post reject(Tenant tenant, UUID postId, @Nullable String comment) {
		if (comment == null || comment.isBlank()) {
			throw ApiError.invalid("comment", "Say what should change");
		}
		return review(tenant, postId, comment, false);
	}

	private Post review(Tenant tenant, UUID postId, @Nullable String comment, boolean approved) {
		Post post = lock(tenant, postId);
		if (post.status() != PostStatus.IN_REVIEW) {
			throw ApiError.conflict("Only a post in review can be reviewed; this one is " + post.status());
		}
		if (comment != null && comment.length() > 2000) {
			throw ApiError.invalid("comment", "Must be at most 2000 characters");
		}
		Instant now = Instant.now(this.clock);
		this.jdbc
			.sql("UPDATE posts SET status = ?, reviewed_by = ?, reviewed_at = ?, review_comment = ?, updated_at = ? "
					+ "WHERE id = ?")
			.params(approved ? "APPROVED" : "DRAFT", tenant.userId(), ts(now),
					(comment != null && !comment.isBlank()) ? comment.strip() : null, ts(now), postId)
			.update();
		this.events.publishEvent(
				new PostReviewed(tenant.workspaceId(), postId, post.authorId(), tenant.userId(), approved, comment));
		return get(tenant, postId);
	}

	private boolean approvalRequired(Tenant tenant) {
		return tenant.policy().approvalRequired();
	}

	/**
	 * Admins schedule anything; members schedule their workspace's posts unless approval
	 * is required, when only approved posts.
	 */
	private void checkMaySchedule(Tenant tenant, Post post) {
		if (tenant.role().atLeast(Role.ADMIN)) {
			return;
		}
		if (!tenant.role().atLeast(Role.MEMBER)) {
			throw ApiError.forbidden("Viewers cannot schedule posts");
		}
		if (approvalRequired(tenant) && post.status() != PostStatus.APPROVED && post.status() != PostStatus.SCHEDULED
				&& post.status() != PostStatus.FAILED && post.status() != PostStatus.PARTIALLY_PUBLISHED) {
			throw ApiError.forbidden("This workspace requires approval: submit the post for review first");
		}
	}

	// Rows

	private Post lock(Tenant tenant, UUID postId) {
		this.jdbc.sql("SELECT id FROM posts WHERE workspace_id = ? AND id = ? FOR UPDATE")
			.params(tenant.workspaceId(), postId)
			.query(UUID.class)
			.optional()
			.orElseThrow(() -> ApiError.notFound("Post"));
		return get(tenant, postId);
	}

	private static void requireNothingInFlight(Post post) {
		for (Post.Target target : post.targets()) {
			if (target.status() == TargetStatus.PUBLISHING || target.status() == TargetStatus.UNCONFIRMED) {
				throw ApiError.conflict(
						"The post is being published on " + target.platform() + " right now; wait until it is done");
			}
		}
	}

	private static boolean movable(Post post) {
		return post.status().editable() && post.targets()
			.stream()
			.noneMatch((t) -> t.status() == TargetStatus.PUBLISHING || t.status() == TargetStatus.UNCONFIRMED);
	}

	private void replaceTargets(Tenant tenant, UUID postId, List<TargetDraft> wanted, List<Post.Target> current) {
		Map<UUID, Post.Target> existing = new HashMap<>();
		current.forEach((t) -> existing.put(t.channelId(), t));
		Set<UUID> keep = new HashSet<>();
		Instant now = Instant.now(this.clock);
		for (TargetDraft target : wanted) {
			keep.add(target.channelId());
			Post.Target known = existing.get(target.channelId());
			String[] thread = (target.thread() != null) ? target.thread().toArray(String[]::new) : null;
			UUID[] files = (target.mediaIds() != null) ? target.mediaIds().toArray(UUID[]::new) : null;
			if (known != null) {
				this.jdbc.sql(
						"UPDATE post_targets SET text_override = ?, thread_override = ?, media_ids = ?, updated_at = ? "
								+ "WHERE id = ?")
					.params(target.text(), thread, files, ts(now), known.id())
					.update();
				continue;
			}
			Channel channel = this.channels.find(tenant.workspaceId(), target.channelId()).orElseThrow();
			this.jdbc
				.sql("INSERT INTO post_targets (id, post_id, workspace_id, channel_id, platform, text_override, "
						+ "thread_override, media_ids, status, created_at, updated_at) "
						+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'DRAFT', ?, ?)")
				.params(Ids.next(), postId, tenant.workspaceId(), target.channelId(), channel.platform().name(),
						target.text(), thread, files, ts(now), ts(now))
				.update();
		}
		for (Post.Target target : current) {
			if (!keep.contains(target.channelId())) {
				if (target.status() == TargetStatus.PUBLISHED) {
					throw ApiError.invalid("targets",
							"The post is already published on " + target.platform() + ": that channel stays");
				}
				this.jdbc.sql("DELETE FROM post_targets WHERE id = ?").param(target.id()).update();
			}
		}
	}

	/** Checks the channels a post goes to: the brand's own, connected, each once. */
	private List<TargetDraft> targets(Tenant tenant, UUID brandId, @Nullable List<TargetDraft> given,
			boolean allowEmpty) {
		if (given == null || given.isEmpty()) {
			if (allowEmpty) {
				return List.of();
			}
			throw ApiError.invalid("targets", "Choose at least one channel");
		}
		if (given.size() > 50) {
			throw ApiError.invalid("targets", "At most 50 channels a post");
		}
		Set<UUID> seen = new LinkedHashSet<>();
		for (int i = 0; i < given.size(); i++) {
			TargetDraft target = given.get(i);
			String field = "targets[" + i + "]";
			if (target == null || target.channelId() == null) {
				throw ApiError.invalid(field + ".channelId", "Is required");
			}
			if (!seen.add(target.channelId())) {
				throw ApiError.invalid(field + ".channelId", "This channel is listed twice");
			}
			Channel channel = this.channels.find(tenant.workspaceId(), target.channelId())
				.orElseThrow(() -> ApiError.invalid(field + ".channelId", "No such channel in this workspace"));
			if (!channel.brandId().equals(brandId)) {
				throw ApiError.invalid(field + ".channelId", "This channel belongs to another brand");
			}
			if (channel.status() == ChannelStatus.DISCONNECTED) {
				throw ApiError.invalid(field + ".channelId", "This channel was disconnected: reconnect it first");
			}
			text(field + ".text", target.text(), true);
			parts(field + ".thread", target.thread());
			if (target.mediaIds() != null) {
				mediaIds(field + ".mediaIds", target.mediaIds());
				this.media.require(tenant.workspaceId(), target.mediaIds(), field + ".mediaIds");
			}
		}
		return given;
	}

	private String zone(Tenant tenant, @Nullable String given, @Nullable String current) {
		if (given == null || given.isBlank()) {
			return (current != null) ? current : tenant.policy().defaultTimezone();
		}
		try {
			return ZoneId.of(given.strip()).getId();
		}
		catch (RuntimeException ex) {
			throw ApiError.invalid("timezone", "Not an IANA time zone, like Europe/Paris");
		}
	}

	/** Parses a calendar bound: a date (midnight in the zone) or a date-time. */
	public static Instant bound(String field, String text, ZoneId zone) {
		try {
			if (text.length() == 10) {
				return LocalDate.parse(text).atStartOfDay(zone).toInstant();
			}
			return java.time.OffsetDateTime.parse(text).toInstant();
		}
		catch (RuntimeException ex) {
			throw ApiError.invalid(field, "Must be a date (2026-03-01) or a date-time with offset");
		}
	}

	/**
	 * A post's text fields, checked.
	 */
	record Content(String text, List<String> thread, @Nullable String firstComment, List<String> hashtags,
			List<String> tags, List<UUID> mediaIds) {

		static Content of(Post post) {
			return new Content(post.text(), post.thread(), post.firstComment(), post.hashtags(), post.tags(),
					post.mediaIds());
		}

		Composer.Draft draft() {
			return new Composer.Draft(this.text, this.thread, this.firstComment, this.hashtags);
		}

	}

	private static Content content(PostDraft draft, @Nullable Post current) {
		String text = (draft.text() != null) ? draft.text() : (current != null) ? current.text() : null;
		text(("text"), text, false);
		List<String> thread = (draft.thread() != null) ? draft.thread()
				: (current != null) ? current.thread() : List.of();
		parts("thread", thread);
		String comment = (draft.firstComment() != null) ? draft.firstComment()
				: (current != null) ? current.firstComment() : null;
		if (comment != null && comment.isBlank()) {
			comment = null;
		}
		text("firstComment", comment, true);
		List<String> hashtags = (draft.hashtags() != null) ? hashtags(draft.hashtags())
				: (current != null) ? current.hashtags() : List.of();
		List<String> tags = (draft.tags() != null) ? tags(draft.tags())
				: (current != null) ? current.tags() : List.of();
		List<UUID> mediaIds = (draft.mediaIds() != null) ? mediaIds("mediaIds", draft.mediaIds())
				: (current != null) ? current.mediaIds() : List.of();
		return new Content(Objects.requireNonNull(text), thread, comment, hashtags, tags, mediaIds);
	}

	private static List<UUID> mediaIds(String field, List<UUID> given) {
		if (given.size() > MAX_MEDIA) {
			throw ApiError.invalid(field, "At most " + MAX_MEDIA + " files a post");
		}
		for (int i = 0; i < given.size(); i++) {
			if (given.get(i) == null) {
				throw ApiError.invalid(field + "[" + i + "]", "Is not a media id");
			}
			if (given.indexOf(given.get(i)) != i) {
				throw ApiError.invalid(field + "[" + i + "]", "This file is attached twice");
			}
		}
		return List.copyOf(given);
	}

	private static void text(String field, @Nullable String text, boolean optional) {
		if (text == null || text.isBlank()) {
			if (!optional || (text != null && text.isBlank())) {
				throw ApiError.invalid(field, optional ? "Must not be blank: leave it out instead" : "Is required");
			}
			return;
		}
		if (text.length() > MAX_TEXT) {
			throw ApiError.invalid(field, "Must be at most " + MAX_TEXT + " characters");
		}
	}

	private static void parts(String field, @Nullable List<String> parts) {
		if (parts == null) {
			return;
		}
		if (parts.size() > MAX_THREAD) {
			throw ApiError.invalid(field, "A thread has at most " + (MAX_THREAD + 1) + " parts");
		}
		for (int i = 0; i < parts.size(); i++) {
			text(field + "[" + i + "]", parts.get(i), false);
		}
	}

	private static List<String> hashtags(List<String> given) {
		if (given.size() > 30) {
			throw ApiError.invalid("hashtags", "At most 30 hashtags");
		}
		LinkedHashSet<String> tags = new LinkedHashSet<>();
		for (int i = 0; i < given.size(); i++) {
			String tag = (given.get(i) != null) ? given.get(i).strip().replaceFirst("^#", "") : "";
			if (!HASHTAG.matcher(tag).matches()) {
				throw ApiError.invalid("hashtags[" + i + "]", "A hashtag is 1 to 100 letters, digits or _");
			}
			tags.add(tag);
		}
		return List.copyOf(tags);
	}

	private static List<String> tags(List<String> given) {
		if (given.size() > 20) {
			throw ApiError.invalid("tags", "At most 20 tags");
		}
		LinkedHashSet<String> tags = new LinkedHashSet<>();
		for (int i = 0; i < given.size(); i++) {
			String tag = (given.get(i) != null) ? given.get(i).strip() : "";
			if (tag.isEmpty() || tag.length() > 50) {
				throw ApiError.invalid("tags[" + i + "]", "A tag is 1 to 50 characters");
			}
			tags.add(tag);
		}
		return List.copyOf(tags);
	}

	private Post mapPost(ResultSet rs, int n) throws SQLException {
		return new Post(rs.getObject("id", UUID.class), rs.getObject("brand_id", UUID.class),
				rs.getObject("author_id", UUID.class), rs.getString("text"), strings(rs.getArray("thread")),
				rs.getString("first_comment"), strings(rs.getArray("hashtags")), strings(rs.getArray("tags")),
				uuids(rs.getArray("media_ids")), PostStatus.valueOf(rs.getString("status")),
				instant(rs, "scheduled_at"), rs.getString("timezone"), rs.getString("review_comment"),
				rs.getBoolean("ai_generated") ? rs.getString("ai_model") : null, List.of(), instant(rs, "published_at"),
				required(rs, "created_at"), required(rs, "updated_at"));
	}

	private Post withTargets(Post post) {
		List<Post.Target> targets = this.jdbc
			.sql("SELECT * FROM post_targets WHERE post_id = ? ORDER BY created_at, id")
			.param(post.id())
			.query(PostService::mapTarget)
			.list();
		return new Post(post.id(), post.brandId(), post.authorId(), post.text(), post.thread(), post.firstComment(),
				post.hashtags(), post.tags(), post.mediaIds(), post.status(), post.scheduledFor(), post.timezone(),
				post.reviewComment(), post.aiModel(), targets, post.publishedAt(), post.createdAt(), post.updatedAt());
	}

	static Post.Target mapTarget(ResultSet rs, int n) throws SQLException {
		Array thread = rs.getArray("thread_override");
		Array files = rs.getArray("media_ids");
		String url = rs.getString("platform_url");
		return new Post.Target(rs.getObject("id", UUID.class), rs.getObject("channel_id", UUID.class),
				PlatformKind.valueOf(rs.getString("platform")), rs.getString("text_override"),
				(thread != null) ? strings(thread) : null, (files != null) ? uuids(files) : null,
				TargetStatus.valueOf(rs.getString("status")), rs.getInt("attempts"), instant(rs, "next_attempt_at"),
				rs.getString("platform_post_id"), (url != null && !url.isEmpty()) ? URI.create(url) : null,
				rs.getString("error_class"), rs.getString("error_message"), instant(rs, "published_at"));
	}

	static List<String> strings(Array array) throws SQLException {
		return Arrays.asList((String[]) array.getArray());
	}

	static List<UUID> uuids(Array array) throws SQLException {
		return Arrays.asList((UUID[]) array.getArray());
	}

}
