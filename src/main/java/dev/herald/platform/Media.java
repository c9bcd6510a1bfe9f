package dev.herald.platform;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * One file attached to a post, as the media library hands it to the adapters. Its bytes
 * are a file on disk, fetched only when an adapter uploads it (validation reads no file),
 * so that an adapter streams it to the platform without holding it in memory and a test
 * needs no more than a temporary file.
 *
 * @param id the library's id of the file, naming it in violations and errors
 * @param mimeType its type, for example {@code image/png} or {@code video/mp4}
 * @param size its length in bytes, as the library measured it
 * @param altText the description shown to those who cannot see it, if any
 * @param width its width in pixels as shown, when known
 * @param height its height in pixels as shown, when known
 * @param durationMs a video's duration, when known
 * @param source where its bytes are
 */
public record Media(String id, String mimeType, long size, @Nullable String altText, @Nullable Integer width,
		@Nullable Integer height, @Nullable Long durationMs, Source source) {

	public Media {
		Assert.hasText(id, "id must not be empty");
		Assert.hasText(mimeType, "mimeType must not be empty");
		Assert.isTrue(size >= 0, "size must not be negative");
		Assert.notNull(source, "source must not be null");
		mimeType = mimeType.toLowerCase(Locale.ROOT);
	}

	/** A file already on disk, of unknown dimensions. */
	public Media(String id, String mimeType, long size, @Nullable String altText, Path content) {
		this(id, mimeType, size, altText, null, null, null, () -> content);
	}

	/** The file with its bytes, fetched from the library's storage if need be. */
	public Path file() throws IOException {
		return this.source.file();
	}

	/** Whether it is a picture ({@code image/*}). */
	public boolean isImage() {
		return this.mimeType.startsWith("image/");
	}

	/**
	 * Whether it is a video or a sound ({@code video/*}, {@code audio/*}), which
	 * platforms process before it can be attached.
	 */
	public boolean isVideo() {
		return this.mimeType.startsWith("video/") || this.mimeType.startsWith("audio/");
	}

	/** Where a medium's bytes are. */
	@FunctionalInterface
	public interface Source {

		/** A file on this machine with the bytes. */
		Path file() throws IOException;

	}

}
