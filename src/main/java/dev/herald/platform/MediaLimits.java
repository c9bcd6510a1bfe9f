package dev.herald.platform;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Which media files a platform (or instance) takes, and how large.
 *
 * @param maxImageBytes the largest picture in bytes; 0 when the platform takes none
 * @param maxVideoBytes the largest video or sound in bytes; 0 when the platform takes
 * none
 * @param mimeTypes the exact types taken, when the platform lists them; empty means any
 * type of a kind that has a limit
 */
public record MediaLimits(long maxImageBytes, long maxVideoBytes, Set<String> mimeTypes) {

	/** A platform that takes no media. */
	public static final MediaLimits NONE = new MediaLimits(0, 0, Set.of());

	public MediaLimits {
		Assert.isTrue(maxImageBytes >= 0 && maxVideoBytes >= 0, "limits must not be negative");
		mimeTypes = Set.copyOf(mimeTypes);
	}

	/**
	 * Why the platform would refuse this file, for the user; {@code null} when it would
	 * take it.
	 */
	public @Nullable String refusal(Media medium) {
		long limit = medium.isImage() ? this.maxImageBytes : medium.isVideo() ? this.maxVideoBytes : 0;
		if (limit == 0 || (!this.mimeTypes.isEmpty() && !this.mimeTypes.contains(medium.mimeType()))) {
			return "Files of type " + medium.mimeType() + " are not accepted";
		}
		if (medium.size() > limit) {
			return "Is " + megabytes(medium.size()) + "; at most " + megabytes(limit) + " (" + limit
					+ " bytes) is accepted";
		}
		return null;
	}

	/**
	 * The variant this platform would take instead of a file it refuses: a JPEG picture
	 * or an H.264 MP4 video within its size limit; {@code null} when no variant would do
	 * (the platform takes no file of that kind).
	 */
	public @Nullable MediaFix fix(Media medium) {
		boolean picture = medium.isImage();
		long limit = picture ? this.maxImageBytes : medium.isVideo() ? this.maxVideoBytes : 0;
		String format = picture ? "jpeg" : "mp4";
		String type = picture ? "image/jpeg" : "video/mp4";
		if (limit == 0 || (!this.mimeTypes.isEmpty() && !this.mimeTypes.contains(type))) {
			return null;
		}
		boolean tooLarge = medium.size() > limit;
		return new MediaFix(medium.id(), format, tooLarge ? limit : null,
				(picture ? "Make a JPEG" : "Make an H.264 MP4") + (tooLarge ? " under " + megabytes(limit) : ""));
	}

	private static String megabytes(long bytes) {
		return (bytes % 1_000_000 == 0) ? bytes / 1_000_000 + " MB"
				: String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
	}

}
