package dev.herald.media.web;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.herald.common.ApiError;
import dev.herald.common.ApiResponse;
import dev.herald.common.CursorPage;
import dev.herald.common.Ids;
import dev.herald.common.RequestOrigin;
import dev.herald.media.MediaItem;
import dev.herald.media.MediaKind;
import dev.herald.media.MediaStatus;
import dev.herald.media.internal.MediaService;
import dev.herald.workspace.Role;
import dev.herald.workspace.Tenancy;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
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
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * {@code /api/v1/media}: upload, list and search, describe, delete, and signed URLs.
 */
@RestController
@RequestMapping(path = "/api/v1/media", produces = "application/json")
@Tag(name = "Media")
class MediaController {

	private final MediaService media;

	private final Tenancy tenancy;

	MediaController(MediaService media, Tenancy tenancy) {
		this.media = media;
		this.tenancy = tenancy;
	}

	/**
	 * What is said of a file; absent fields stay as they are.
	 *
	 * @param altText its description for those who cannot see it
	 * @param tags the team's labels
	 * @param brandId the brand it is for
	 */
	record MediaRequest(@Nullable @Size(max = 5000) String altText, @Nullable @Size(max = 50) List<String> tags,
			@Nullable UUID brandId) {
	}

	@GetMapping
	@Operation(summary = "The media library, newest first; filter by words (q), kind, tag, brand, status or source")
	ApiResponse<List<MediaItem>> list(@RequestParam(required = false) @Nullable String q,
			@RequestParam(required = false) @Nullable String kind, @RequestParam(required = false) @Nullable String tag,
			@RequestParam(required = false) @Nullable String brandId,
			@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String sourceId,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		MediaService.Filter filter = new MediaService.Filter(q, value(MediaKind.class, "kind", kind),
				(tag != null && !tag.isBlank()) ? tag.strip() : null,
				(brandId != null && !brandId.isBlank()) ? Ids.parse(brandId, "Brand") : null,
				value(MediaStatus.class, "status", status),
				(sourceId != null && !sourceId.isBlank()) ? Ids.parse(sourceId, "Media") : null);
		return ApiResponse
			.page(this.media.list(this.tenancy.require(Role.VIEWER), filter, CursorPage.PageRequest.of(cursor, limit)));
	}

	@PostMapping(path = "/upload", consumes = "multipart/form-data")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Upload a picture or video (MEMBER): multipart/form-data with the part file, "
			+ "and optionally altText, tags (repeated or comma-separated) and brandId")
	ApiResponse<MediaItem> upload(@RequestPart("file") MultipartFile file,
			@RequestParam(required = false) @Nullable String altText,
			@RequestParam(required = false) @Nullable List<String> tags,
			@RequestParam(required = false) @Nullable String brandId) throws IOException {
		var tenant = this.tenancy.require(Role.MEMBER);
		return ApiResponse.of(this.media.upload(tenant, (target) -> file.transferTo(target.toFile()),
				file.getOriginalFilename(), file.getSize(),
				new MediaService.Details((brandId != null && !brandId.isBlank()) ? Ids.parse(brandId, "Brand") : null,
						altText, tags(tags))));
	}

	@GetMapping("/{id}")
	@Operation(summary = "A media file, with signed URLs to it, its thumbnail and preview")
	ApiResponse<MediaItem> get(@PathVariable String id) {
		return ApiResponse.of(this.media.get(this.tenancy.require(Role.VIEWER), Ids.parse(id, "Media")));
	}

	@PatchMapping(path = "/{id}", consumes = "application/json")
	@Operation(summary = "Change a file's alt text, tags or brand (MEMBER)")
	ApiResponse<MediaItem> update(@PathVariable String id, @Valid @RequestBody MediaRequest body) {
		return ApiResponse.of(this.media.update(this.tenancy.require(Role.MEMBER), Ids.parse(id, "Media"),
				new MediaService.Details(body.brandId(), body.altText(), body.tags())));
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Delete a file and its variants (MEMBER); refused while a post still needs one")
	ResponseEntity<Void> delete(@PathVariable String id, HttpServletRequest request) throws IOException {
		this.media.delete(this.tenancy.require(Role.MEMBER), Ids.parse(id, "Media"), RequestOrigin.of(request));
		return ResponseEntity.noContent().build();
	}

	/**
	 * A variant to make.
	 *
	 * @param preset a preset: instagram, bluesky, square, portrait, jpeg, mp4, reel or
	 * cover
	 * @param format jpeg, mp4 or cover, when no preset is named
	 * @param aspect an aspect ratio (4:5) or a range (4:5-1.91:1)
	 * @param fit crop (the default) or pad
	 * @param maxSide the longest side in pixels
	 * @param maxBytes the largest size in bytes
	 */
	record VariantBody(@Nullable @Size(max = 20) String preset, @Nullable @Size(max = 10) String format,
			@Nullable @Size(max = 30) String aspect, @Nullable @Size(max = 10) String fit, @Nullable Integer maxSide,
			@Nullable Long maxBytes) {
	}

	@PostMapping(path = "/{id}/variants", consumes = "application/json")
	@Operation(summary = "Make a platform-ready variant (MEMBER): 202 while it is made, 200 when it exists")
	ResponseEntity<ApiResponse<MediaItem>> variant(@PathVariable String id, @Valid @RequestBody VariantBody body) {
		MediaItem item = this.media.variant(this.tenancy.require(Role.MEMBER), Ids.parse(id, "Media"),
				new MediaService.VariantRequest(body.preset(), body.format(), body.aspect(), body.fit(), body.maxSide(),
						body.maxBytes()));
		return ResponseEntity.status((item.status() == MediaStatus.PROCESSING) ? HttpStatus.ACCEPTED : HttpStatus.OK)
			.body(ApiResponse.of(item));
	}

	@GetMapping("/{id}/signed-url")
	@Operation(summary = "A time-limited URL that fetches the file without signing in")
	ApiResponse<MediaService.SignedUrl> signedUrl(@PathVariable String id) {
		return ApiResponse.of(this.media.signedUrl(this.tenancy.require(Role.VIEWER), Ids.parse(id, "Media")));
	}

	/** Tags sent repeated ({@code tags=a&tags=b}) or comma-separated. */
	static @Nullable List<String> tags(@Nullable List<String> tags) {
		if (tags == null) {
			return null;
		}
		return tags.stream()
			.flatMap((tag) -> Arrays.stream(tag.split(",")))
			.map(String::strip)
			.filter((tag) -> !tag.isEmpty())
			.toList();
	}

	private static <E extends Enum<E>> @Nullable E value(Class<E> type, String field, @Nullable String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			return Enum.valueOf(type, text.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw ApiError.invalid(field, "Must be one of " + Arrays.toString(type.getEnumConstants()));
		}
	}

}
