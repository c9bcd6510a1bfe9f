package dev.herald.studio.web;

import java.util.UUID;

import dev.herald.common.ApiResponse;
import dev.herald.studio.internal.OfflineStudio;
import dev.herald.workspace.Role;
import dev.herald.workspace.Tenancy;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/ai}: what the studio answers with no generative provider, from the
 * brand's own published posts and their metrics. No AI credit is used.
 */
@RestController
@Tag(name = "AI studio (offline)")
class OfflineController {

	private final OfflineStudio offline;

	private final Tenancy tenancy;

	OfflineController(OfflineStudio offline, Tenancy tenancy) {
		this.offline = offline;
		this.tenancy = tenancy;
	}

	/**
	 * A draft to compare with past posts.
	 *
	 * @param brandId the brand whose posts are searched
	 * @param channelId only this channel's posts, if given
	 * @param text the draft
	 * @param limit how many posts to answer (5 unless said, 20 at most)
	 */
	record SimilarRequest(@NotNull UUID brandId, @Nullable UUID channelId, @NotBlank @Size(max = 20000) String text,
			@Nullable @Min(1) @Max(20) Integer limit) {
	}

	@PostMapping(path = "/api/v1/ai/similar-posts", consumes = "application/json", produces = "application/json")
	@Operation(summary = "The brand's past published posts nearest a draft, with their similarity and latest "
			+ "metrics (MEMBER; offline, no AI credit)")
	ApiResponse<OfflineStudio.SimilarPosts> similarPosts(@Valid @RequestBody SimilarRequest body) {
		return ApiResponse.of(this.offline.similar(this.tenancy.require(Role.MEMBER), body.brandId(), body.channelId(),
				body.text(), (body.limit() != null) ? body.limit() : 5));
	}

	/**
	 * A draft to find hashtags for.
	 *
	 * @param brandId the brand whose history is used
	 * @param text the draft
	 * @param limit how many hashtags to answer (10 unless said, 30 at most)
	 */
	record HashtagRequest(@NotNull UUID brandId, @NotBlank @Size(max = 20000) String text,
			@Nullable @Min(1) @Max(30) Integer limit) {
	}

	@PostMapping(path = "/api/v1/ai/history-hashtags", consumes = "application/json", produces = "application/json")
	@Operation(summary = "Hashtags from the brand's own published posts, ranked by how similar the posts that used "
			+ "them are to the draft and how they engaged (MEMBER; offline, no AI credit)")
	ApiResponse<OfflineStudio.HistoryHashtags> historyHashtags(@Valid @RequestBody HashtagRequest body) {
		return ApiResponse.of(this.offline.hashtags(this.tenancy.require(Role.MEMBER), body.brandId(), body.text(),
				(body.limit() != null) ? body.limit() : 10));
	}

	/**
	 * Whose past posts to group into themes.
	 *
	 * @param brandId a brand's posts
	 * @param channelId or one channel's (of the brand, when both are given)
	 * @param k how many themes (chosen from the number of posts unless said)
	 */
	record ThemesRequest(@Nullable UUID brandId, @Nullable UUID channelId, @Nullable @Min(2) @Max(12) Integer k) {
	}

	@PostMapping(path = "/api/v1/ai/themes", consumes = "application/json", produces = "application/json")
	@Operation(summary = "Themes of a brand's or channel's published posts (k-means over their embeddings), each with "
			+ "its top terms, size, examples and average engagement (MEMBER; offline, no AI credit)")
	ApiResponse<OfflineStudio.ThemeList> themes(@Valid @RequestBody ThemesRequest body) {
		return ApiResponse
			.of(this.offline.themes(this.tenancy.require(Role.MEMBER), body.brandId(), body.channelId(), body.k()));
	}

	/**
	 * A draft whose engagement to predict.
	 *
	 * @param brandId the brand whose history is used
	 * @param channelId only this channel's history, if given
	 * @param text the draft
	 */
	record PredictRequest(@NotNull UUID brandId, @Nullable UUID channelId, @NotBlank @Size(max = 20000) String text) {
	}

	@PostMapping(path = "/api/v1/ai/predict-engagement", consumes = "application/json", produces = "application/json")
	@Operation(summary = "A draft's engagement predicted from its nearest past posts with metrics, with a confidence "
			+ "and the posts used; says when the history is too short (MEMBER; offline, no AI credit)")
	ApiResponse<OfflineStudio.Prediction> predictEngagement(@Valid @RequestBody PredictRequest body) {
		return ApiResponse
			.of(this.offline.predict(this.tenancy.require(Role.MEMBER), body.brandId(), body.channelId(), body.text()));
	}

}
