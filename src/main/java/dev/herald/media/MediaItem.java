package dev.herald.media;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One file of a workspace's media library, as the API shows it: what it is (sniffed from
 * its content), what it holds, and signed URLs to it that work until
 * {@code urlsExpireAt}.
 *
 * @param id the file's id
 * @param brandId the brand it was uploaded for, if any
 * @param sourceId the file this one was made from, for a variant
 * @param variant which variant of its source it is ({@code jpeg}, {@code 4:5}, ...)
 * @param name the name it was uploaded under
 * @param mimeType its type, from its content
 * @param kind picture or video
 * @param bytes its size
 * @param width its width in pixels, as shown
 * @param height its height in pixels, as shown
 * @param durationMs a video's duration
 * @param videoCodec a video's codec
 * @param audioCodec a video's sound codec
 * @param checksum the SHA-256 of its bytes, in hex
 * @param altText its description for those who cannot see it
 * @param tags the team's labels
 * @param status where its processing is
 * @param processingError why processing failed, or what could not be done
 * @param url a signed URL to the file
 * @param thumbnailUrl a signed URL to its thumbnail (WebP), once made
 * @param previewUrl a signed URL to a larger WebP preview of a picture, once made
 * @param urlsExpireAt when the signed URLs stop working
 * @param createdAt when it was uploaded
 * @param updatedAt when it last changed
 */
public record MediaItem(UUID id, @Nullable UUID brandId, @Nullable UUID sourceId, @Nullable String variant, String name,
		String mimeType, MediaKind kind, long bytes, @Nullable Integer width, @Nullable Integer height,
		@Nullable Long durationMs, @Nullable String videoCodec, @Nullable String audioCodec, String checksum,
		@Nullable String altText, List<String> tags, MediaStatus status, @Nullable String processingError, URI url,
		@Nullable URI thumbnailUrl, @Nullable URI previewUrl, Instant urlsExpireAt, Instant createdAt,
		Instant updatedAt) {

	public MediaItem {
		tags = List.copyOf(tags);
	}

}
