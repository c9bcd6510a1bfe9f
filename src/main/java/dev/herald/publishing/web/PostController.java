package dev.herald.publishing.web;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.herald.common.ApiError;
import dev.herald.common.ApiResponse;
import dev.herald.common.CursorPage;
import dev.herald.common.Ids;
import dev.herald.publishing.Post;
import dev.herald.publishing.PostStatus;
import dev.herald.publishing.internal.PostService;
import dev.herald.publishing.internal.PostService.PostDraft;
import dev.herald.publishing.internal.PostService.TargetDraft;
import dev.herald.workspace.Role;
import dev.herald.workspace.Tenancy;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/posts}: compose once for many channels, validate, schedule, publish now,
 * queue, duplicate, cancel, the approval workflow, and the calendar.
 */
@RestController
@RequestMapping(path = "/api/v1/posts", produces = "application/json")
@Tag(name = "Posts")
class PostController {

	private final PostService posts;

	private final Tenancy tenancy;

	PostController(PostService posts, Tenancy tenancy) {
		this.posts = posts;
		this.tenancy = tenancy;
	}

	/**
	 * A post as sent; on change, absent fields stay as they are.
	 *
	 * @param brandId the brand (on creation)
	 * @param text the first part's text
	 * @param thread the parts after it, for a thread
	 * @param firstComment a comment after the post
	 * @param hashtags hashtags added to the text
	 * @param tags the team's labels
	 * @param mediaIds media library files attached to the first part, in order
	 * @param targets the channels, each with its own text, thread or files if they differ
	 * @param scheduledFor when to publish, with its offset
	 * @param timezone the IANA zone it is planned in
	 */
	record PostRequest(@Nullable UUID brandId, @Nullable @Size(max = 20000) String text,
			@Nullable @Size(max = 25) List<String> thread, @Nullable @Size(max = 20000) String firstComment,
			@Nullable @Size(max = 30) List<String> hashtags, @Nullable @Size(max = 20) List<String> tags,
			@Nullable @Size(max = 10) List<UUID> mediaIds, @Nullable @Size(max = 50) List<@Valid TargetRequest> targets,
			@Nullable OffsetDateTime scheduledFor, @Nullable @Size(max = 64) String timezone) {

		PostDraft draft() {
			return new PostDraft(this.brandId, this.text, this.thread, this.firstComment, this.hashtags, this.tags,
					this.mediaIds,
					(this.targets != null) ? this.targets.stream()
						.map((t) -> new TargetDraft(t.channelId(), t.text(), t.thread(), t.mediaIds()))
						.toList() : null,
					(this.scheduledFor != null) ? this.scheduledFor.toInstant() : null, this.timezone);
		}

	}

	/**
	 * One channel of a post.
	 *
	 * @param channelId the channel
	 * @param text its own text
	 * @param thread its own thread parts
	 * @param mediaIds its own files instead of the post's (an empty list: none)
	 */
	record TargetRequest(@NotNull UUID channelId, @Nullable @Size(max = 20000) String text,
			@Nullable @Size(max = 25) List<String> thread, @Nullable @Size(max = 10) List<UUID> mediaIds) {
	}

	/**
	 * When to publish.
	 *
	 * @param scheduledFor the time, with its offset (absent: the post's planned time)
	 * @param timezone the IANA zone it is planned in
	 */
	record ScheduleRequest(@Nullable OffsetDateTime scheduledFor, @Nullable @Size(max = 64) String timezone) {
	}

	/**
	 * A reviewer's word.
	 *
	 * @param comment what to change, or a note
	 */
	record ReviewRequest(@Nullable @Size(max = 2000) String comment) {
	}

	@GetMapping
	@Operation(summary = "Posts, newest first, optionally of one brand or status")
	ApiResponse<List<Post>> list(@RequestParam(required = false) @Nullable String brandId,
			@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		return ApiResponse.page(this.posts.list(this.tenancy.require(Role.VIEWER),
				(brandId != null) ? Ids.parse(brandId, "Brand") : null, status(status),
				CursorPage.PageRequest.of(cursor, limit)));
	}

	@PostMapping(consumes = "application/json")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Create a draft for one or more channels (MEMBER)")
	ApiResponse<Post> create(@Valid @RequestBody PostRequest body) {
		return ApiResponse.of(this.posts.create(this.tenancy.require(Role.MEMBER), body.draft()));
	}

	@PostMapping(path = "/validate", consumes = "application/json")
	@Operation(summary = "What each channel would publish and refuse, without saving anything")
	ApiResponse<PostService.Validation> validate(@Valid @RequestBody PostRequest body) {
		return ApiResponse.of(this.posts.validate(this.tenancy.require(Role.VIEWER), body.draft()));
	}

	@GetMapping("/calendar")
	@Operation(summary = "Posts with a time in [from, to), shown in a time zone; "
			+ "from/to are dates (midnight there) or date-times with offset")
	ApiResponse<List<PostService.CalendarEntry>> calendar(@RequestParam String from, @RequestParam String to,
			@RequestParam(required = false) @Nullable String timezone,
			@RequestParam(required = false) @Nullable String brandId,
			@RequestParam(required = false) @Nullable String channelId,
			@RequestParam(required = false) @Nullable String status) {
		ZoneId zone;
		try {
			zone = (timezone != null && !timezone.isBlank()) ? ZoneId.of(timezone) : ZoneId.of("UTC");
		}
		catch (RuntimeException ex) {
			throw ApiError.invalid("timezone", "Not an IANA time zone, like Europe/Paris");
		}
		Instant start = PostService.bound("from", from, zone);
		Instant end = PostService.bound("to", to, zone);
		return ApiResponse.of(this.posts.calendar(this.tenancy.require(Role.VIEWER), start, end, zone,
				(brandId != null) ? Ids.parse(brandId, "Brand") : null,
				(channelId != null) ? Ids.parse(channelId, "Channel") : null, status(status)));
	}

	@GetMapping("/{id}")
	@Operation(summary = "A post with each channel's status, error and link")
	ApiResponse<Post> get(@PathVariable String id) {
		return ApiResponse.of(this.posts.get(this.tenancy.require(Role.VIEWER), Ids.parse(id, "Post")));
	}

	@PatchMapping(path = "/{id}", consumes = "application/json")
	@Operation(summary = "Change a post not yet published (MEMBER)")
	ApiResponse<Post> update(@PathVariable String id, @Valid @RequestBody PostRequest body) {
		return ApiResponse
			.of(this.posts.update(this.tenancy.require(Role.MEMBER), Ids.parse(id, "Post"), body.draft()));
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Delete a post from Herald (MEMBER); what was published stays on the platforms")
	ResponseEntity<Void> delete(@PathVariable String id) {
		this.posts.delete(this.tenancy.require(Role.MEMBER), Ids.parse(id, "Post"));
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/{id}/schedule")
	@Operation(summary = "Schedule at a time (or the post's planned time); a failed post retries its failed channels")
	ApiResponse<Post> schedule(@PathVariable String id,
			@Valid @RequestBody(required = false) @Nullable ScheduleRequest body) {
		return ApiResponse.of(this.posts.schedule(this.tenancy.require(Role.MEMBER), Ids.parse(id, "Post"),
				(body != null && body.scheduledFor() != null) ? body.scheduledFor().toInstant() : null,
				(body != null) ? body.timezone() : null));
	}

	@PostMapping("/{id}/publish")
	@Operation(summary = "Publish now")
	ApiResponse<Post> publish(@PathVariable String id) {
		return ApiResponse.of(this.posts.publishNow(this.tenancy.require(Role.MEMBER), Ids.parse(id, "Post")));
	}

	@PostMapping("/{id}/queue")
	@Operation(summary = "Schedule each channel at its next free posting slot")
	ApiResponse<Post> queue(@PathVariable String id) {
		return ApiResponse.of(this.posts.addToQueue(this.tenancy.require(Role.MEMBER), Ids.parse(id, "Post")));
	}

	@PostMapping("/{id}/duplicate")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Copy a post into a new draft")
	ApiResponse<Post> duplicate(@PathVariable String id) {
		return ApiResponse.of(this.posts.duplicate(this.tenancy.require(Role.MEMBER), Ids.parse(id, "Post")));
	}

	@PostMapping("/{id}/cancel")
	@Operation(summary = "Take a scheduled post off the schedule (back to draft)")
	ApiResponse<Post> cancel(@PathVariable String id) {
		return ApiResponse.of(this.posts.cancel(this.tenancy.require(Role.MEMBER), Ids.parse(id, "Post")));
	}

	@PostMapping("/{id}/submit")
	@Operation(summary = "Submit a draft for approval")
	ApiResponse<Post> submit(@PathVariable String id) {
		return ApiResponse.of(this.posts.submit(this.tenancy.require(Role.MEMBER), Ids.parse(id, "Post")));
	}

	@PostMapping("/{id}/approve")
	@Operation(summary = "Approve a post in review (ADMIN); one with a future time is scheduled")
	ApiResponse<Post> approve(@PathVariable String id,
			@Valid @RequestBody(required = false) @Nullable ReviewRequest body) {
		return ApiResponse.of(this.posts.approve(this.tenancy.require(Role.ADMIN), Ids.parse(id, "Post"),
				(body != null) ? body.comment() : null));
	}

	@PostMapping("/{id}/reject")
	@Operation(summary = "Send a post in review back to its author with a comment (ADMIN)")
	ApiResponse<Post> reject(@PathVariable String id,
			@Valid @RequestBody(required = false) @Nullable ReviewRequest body) {
		return ApiResponse.of(this.posts.reject(this.tenancy.require(Role.ADMIN), Ids.parse(id, "Post"),
				(body != null) ? body.comment() : null));
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

}
