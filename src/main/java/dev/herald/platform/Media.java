package dev.herald.platform;

import java.nio.file.Path;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * One file attached to a post, as the media library hands it to the adapters: a file on
 * disk, so that an adapter streams it to the platform without holding it in memory and a
 * test needs no more than a temporary file.
 *
 * @param id the library's id of the file, naming it in violations and errors
 * @param mimeType its type, for example {@code image/png} or {@code video/mp4}
 * @param size its length in bytes, as the library measured it (validation reads no file)
 * @param altText the description shown to those who cannot see it, if any
 * @param content where the file is
 */
public record Media(String id, String mimeType, long size, @Nullable String altText, Path content) {

	public Media {
		Assert.hasText(id, "id must not be empty");
		Assert.hasText(mimeType, "mimeType must not be empty");
		Assert.isTrue(size >= 0, "size must not be negative");
		Assert.notNull(content, "content must not be null");
		mimeType = mimeType.toLowerCase(Locale.ROOT);
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

}
