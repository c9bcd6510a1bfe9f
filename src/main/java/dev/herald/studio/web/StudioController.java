package dev.herald.studio.web;

import java.util.Locale;
import java.util.UUID;

import dev.herald.common.ApiError;
import dev.herald.common.ApiResponse;
import dev.herald.platform.PlatformKind;
import dev.herald.studio.Generation;
import dev.herald.studio.HashtagSuggestion;
import dev.herald.studio.PostSuggestion;
import dev.herald.studio.internal.StudioService;
import dev.herald.workspace.Role;
import dev.herald.workspace.Tenancy;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/ai}: what the studio writes (never publishes), and the credits it uses.
 */
@RestController
@Tag(name = "AI studio")
class StudioController {

	private final StudioService studio;

	private final Tenancy tenancy;

	StudioController(StudioService studio, Tenancy tenancy) {
		this.studio = studio;
		this.tenancy = tenancy;
	}

	/**
	 * What a post is to be about.
	 *
	 * @param brandId the brand it speaks for
	 * @param platform where it goes (MASTODON, BLUESKY, WEBHOOK)
	 * @param pillar a content pillar
	 * @param topic what it is about
	 * @param noCache ask the model even if the same request was answered in the last 24 h
	 */
	record ContentRequest(@NotNull UUID brandId, @NotNull String platform, @Nullable @Size(max = 200) String pillar,
			@Nullable @Size(max = 2000) String topic, @Nullable Boolean noCache) {
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
						Boolean.TRUE.equals(body.noCache())));
		return ApiResponse.of(new ContentAnswer(generated.result(), generated.generation()));
	}

	/**
	 * A post to work on.
	 *
	 * @param brandId the brand it speaks for
	 * @param platform where it goes (MASTODON, BLUESKY, WEBHOOK)
	 * @param text the post
	 * @param feedback what to change, for a rewrite
	 * @param noCache ask the model even if the same request was answered in the last 24 h
	 */
	record TextBody(@NotNull UUID brandId, @NotNull String platform, @NotNull @Size(min = 1, max = 20000) String text,
			@Nullable @Size(max = 2000) String feedback, @Nullable Boolean noCache) {

		StudioService.TextRequest request() {
			return new StudioService.TextRequest(this.brandId, StudioController.platform(this.platform), this.text,
					this.feedback, Boolean.TRUE.equals(this.noCache));
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
