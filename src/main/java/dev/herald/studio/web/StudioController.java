package dev.herald.studio.web;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.herald.common.ApiError;
import dev.herald.common.ApiResponse;
import dev.herald.platform.PlatformKind;
import dev.herald.publishing.PreferredZone;
import dev.herald.studio.AdaptedPost;
import dev.herald.studio.AiJob;
import dev.herald.studio.CaptionSuggestion;
import dev.herald.studio.Generation;
import dev.herald.studio.HashtagSuggestion;
import dev.herald.studio.PostSuggestion;
import dev.herald.studio.internal.BatchService;
import dev.herald.studio.internal.StudioService;
import dev.herald.workspace.Role;
import dev.herald.workspace.Tenancy;
import dev.herald.workspace.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/ai}: what the studio writes (never publishes), its background jobs, and
 * the credits it uses.
 */
@RestController
@Tag(name = "AI studio")
class StudioController {

	private final StudioService studio;

	private final BatchService batches;

	private final Tenancy tenancy;

	private final PreferredZone zones;

	StudioController(StudioService studio, BatchService batches, Tenancy tenancy, PreferredZone zones) {
		this.studio = studio;
		this.batches = batches;
		this.tenancy = tenancy;
		this.zones = zones;
	}

	/**
	 * What a post is to be about.
	 *
	 * @param brandId the brand it speaks for
	 * @param platform where it goes (MASTODON, BLUESKY, WEBHOOK)
	 * @param pillar a content pillar
	 * @param topic what it is about
	 * @param templateId a content template of the brand to follow, filling its variables
	 * @param noCache ask the model even if the same request was answered in the last 24 h
	 */
	record ContentRequest(@NotNull UUID brandId, @NotNull String platform, @Nullable @Size(max = 200) String pillar,
			@Nullable @Size(max = 2000) String topic, @Nullable UUID templateId, @Nullable Boolean noCache) {
	}

	/**
	 * A written post and what it cost.
	 *
	 * @param post the post
	 * @param generation its provider, model, tokens, cost and the credits used
	 */
	record ContentAnswer(PostSuggestion post, Generation generation) {
	}

	@PostMapping(path = "/api/v1/ai/generate-content", consumes = "application/json", produces = "application/json")
	@Operation(summary = "Write one post for a platform in the brand's voice (MEMBER; one AI credit, none when cached)")
	ApiResponse<ContentAnswer> generateContent(@Valid @RequestBody ContentRequest body) {
		StudioService.Generated<PostSuggestion> generated = this.studio.post(this.tenancy.require(Role.MEMBER),
				new StudioService.PostRequest(body.brandId(), platform(body.platform()), body.pillar(), body.topic(),
						body.templateId(), Boolean.TRUE.equals(body.noCache())));
		return ApiResponse.of(new ContentAnswer(generated.result(), generated.generation()));
	}

	/**
	 * A post to work on.
	 *
	 * @param brandId the brand it speaks for
	 * @param platform where it goes (MASTODON, BLUESKY, WEBHOOK)
	 * @param text the post
	 * @param feedback what to change, for a rewrite
	 * @param maxLength the channel's own limit, when it is lower than the platform's
	 * @param noCache ask the model even if the same request was answered in the last 24 h
	 */
	record TextBody(@NotNull UUID brandId, @NotNull String platform, @NotNull @Size(min = 1, max = 20000) String text,
			@Nullable @Size(max = 2000) String feedback, @Nullable @Min(1) @Max(100000) Integer maxLength,
			@Nullable Boolean noCache) {

		StudioService.TextRequest request() {
			return new StudioService.TextRequest(this.brandId, StudioController.platform(this.platform), this.text,
					this.feedback, this.maxLength, Boolean.TRUE.equals(this.noCache));
		}

	}

	/**
	 * Suggested hashtags and what they cost.
	 *
	 * @param hashtags the hashtags
	 * @param generation its provider, model, tokens, cost and the credits used
	 */
	record HashtagAnswer(HashtagSuggestion hashtags, Generation generation) {
	}

	@PostMapping(path = "/api/v1/ai/suggest-hashtags", consumes = "application/json", produces = "application/json")
	@Operation(summary = "Hashtags for a post (MEMBER; one AI credit, none when cached)")
	ApiResponse<HashtagAnswer> suggestHashtags(@Valid @RequestBody TextBody body) {
		StudioService.Generated<HashtagSuggestion> generated = this.studio.hashtags(this.tenancy.require(Role.MEMBER),
				body.request());
		return ApiResponse.of(new HashtagAnswer(generated.result(), generated.generation()));
	}

	@PostMapping(path = "/api/v1/ai/improve-content", consumes = "application/json", produces = "application/json")
	@Operation(summary = "Rewrite a post as the feedback asks (MEMBER; one AI credit, none when cached)")
	ApiResponse<ContentAnswer> improveContent(@Valid @RequestBody TextBody body) {
		StudioService.Generated<PostSuggestion> generated = this.studio.improve(this.tenancy.require(Role.MEMBER),
				body.request());
		return ApiResponse.of(new ContentAnswer(generated.result(), generated.generation()));
	}

	/**
	 * A post to carry to other channels.
	 *
	 * @param brandId the brand it speaks for
	 * @param text the post
	 * @param channelIds the brand's channels to adapt it to
	 * @param noCache ask the model even if the same request was answered in the last 24 h
	 */
	record AdaptBody(@NotNull UUID brandId, @NotNull @Size(min = 1, max = 20000) String text,
			@NotNull @Size(min = 1, max = 20) List<UUID> channelIds, @Nullable Boolean noCache) {
	}

	/**
	 * A post for each channel.
	 *
	 * @param posts one per channel, each checked by the channel's rules
	 * @param generation the last generation's provider, model, tokens, cost and the
	 * credits used
	 */
	record AdaptAnswer(List<AdaptedPost> posts, Generation generation) {
	}

	@PostMapping(path = "/api/v1/ai/adapt", consumes = "application/json", produces = "application/json")
	@Operation(summary = "Adapt a post to each chosen channel within its limits (MEMBER; one AI credit, one more for "
			+ "each version still too long that is shortened)")
	ApiResponse<AdaptAnswer> adapt(@Valid @RequestBody AdaptBody body) {
		StudioService.Generated<List<AdaptedPost>> generated = this.studio.adapt(this.tenancy.require(Role.MEMBER),
				new StudioService.AdaptRequest(body.brandId(), body.text(), body.channelIds(),
						Boolean.TRUE.equals(body.noCache())));
		return ApiResponse.of(new AdaptAnswer(generated.result(), generated.generation()));
	}

	/**
	 * A picture to write about.
	 *
	 * @param brandId the brand it speaks for
	 * @param mediaId the picture, from the media library
	 * @param platform where the post goes
	 * @param noCache ask the model even if the same request was answered in the last 24 h
	 */
	record CaptionBody(@NotNull UUID brandId, @NotNull UUID mediaId, @NotNull String platform,
			@Nullable Boolean noCache) {
	}

	/**
	 * A caption and what it cost.
	 *
	 * @param caption the caption, its hashtags and alt text
	 * @param generation its provider, model, tokens, cost and the credits used
	 */
	record CaptionAnswer(CaptionSuggestion caption, Generation generation) {
	}

	@PostMapping(path = "/api/v1/ai/generate-image-caption", consumes = "application/json",
			produces = "application/json")
	@Operation(summary = "Caption and alt text for a picture of the media library, by a vision-capable model "
			+ "(MEMBER; one AI credit, none when cached)")
	ApiResponse<CaptionAnswer> caption(@Valid @RequestBody CaptionBody body) {
		StudioService.Generated<CaptionSuggestion> generated = this.studio.caption(this.tenancy.require(Role.MEMBER),
				new StudioService.CaptionRequest(body.brandId(), body.mediaId(), platform(body.platform()),
						Boolean.TRUE.equals(body.noCache())));
		return ApiResponse.of(new CaptionAnswer(generated.result(), generated.generation()));
	}

	/**
	 * A batch of drafts to write.
	 *
	 * @param brandId the brand (it needs an active strategy)
	 * @param count how many drafts, 7 to 30
	 * @param from the first day (default: tomorrow)
	 * @param to the last day (default: 13 days after the first)
	 * @param timezone the IANA zone the days are read in (default: the user's)
	 * @param channelIds the brand's channels (default: its active ones)
	 * @param noCache ask the model even for prompts answered in the last 24 h
	 */
	record BatchBody(@NotNull UUID brandId, @NotNull @Min(7) @Max(30) Integer count, @Nullable LocalDate from,
			@Nullable LocalDate to, @Nullable String timezone, @Nullable @Size(max = 20) List<UUID> channelIds,
			@Nullable Boolean noCache) {
	}

	@PostMapping(path = "/api/v1/ai/generate-batch", consumes = "application/json", produces = "application/json")
	@Operation(summary = "Plan 7 to 30 drafts over a period from the active strategy and write them in the "
			+ "background (MEMBER; one AI credit a draft); follow the job at GET /api/v1/ai/jobs/{id}")
	ResponseEntity<ApiResponse<AiJob>> generateBatch(@Valid @RequestBody BatchBody body) {
		Tenant tenant = this.tenancy.require(Role.MEMBER);
		String zone = (body.timezone() != null) ? body.timezone() : this.zones.of(tenant).getId();
		try {
			java.time.ZoneId.of(zone);
		}
		catch (RuntimeException ex) {
			throw ApiError.invalid("timezone", "Not an IANA time zone, like Europe/Paris");
		}
		AiJob job = this.batches.submit(tenant, new BatchService.BatchRequest(body.brandId(), body.count(), body.from(),
				body.to(), zone, body.channelIds(), Boolean.TRUE.equals(body.noCache())));
		return ResponseEntity.accepted()
			.location(java.net.URI.create("/api/v1/ai/jobs/" + job.id()))
			.body(ApiResponse.of(job));
	}

	@GetMapping(path = "/api/v1/ai/jobs/{id}", produces = "application/json")
	@Operation(summary = "A background generation's progress and what it made")
	ApiResponse<AiJob> job(@PathVariable UUID id) {
		return ApiResponse.of(this.batches.get(this.tenancy.require(Role.VIEWER), id));
	}

	@PostMapping(path = "/api/v1/ai/jobs/{id}/schedule", produces = "application/json")
	@Operation(summary = "Schedule every draft of a finished batch at its planned time, as the composer would "
			+ "(MEMBER); drafts refused or already scheduled are listed with why")
	ApiResponse<BatchService.Scheduled> scheduleJob(@PathVariable UUID id) {
		return ApiResponse.of(this.batches.scheduleAll(this.tenancy.require(Role.MEMBER), id));
	}

	@GetMapping(path = "/api/v1/ai/jobs", produces = "application/json")
	@Operation(summary = "The workspace's latest 20 background generations, of one brand if given")
	ApiResponse<List<AiJob>> jobs(@RequestParam(required = false) @Nullable UUID brandId) {
		return ApiResponse.of(this.batches.recent(this.tenancy.require(Role.VIEWER), brandId));
	}

	@GetMapping(path = "/api/v1/users/me/usage", produces = "application/json")
	@Operation(summary = "The current workspace's AI credits this month")
	ApiResponse<StudioService.Credits> usage() {
		return ApiResponse.of(this.studio.credits(this.tenancy.require(Role.VIEWER)));
	}

	private static PlatformKind platform(String name) {
		try {
			return PlatformKind.valueOf(name.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw ApiError.invalid("platform", "Must be one of " + java.util.Arrays.toString(PlatformKind.values()));
		}
	}

}
