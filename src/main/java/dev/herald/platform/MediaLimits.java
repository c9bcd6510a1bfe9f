package dev.herald.platform;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Which media files a platform (or instance) takes: their kinds and types, how large,
 * which shapes and how long.
 *
 * @param maxImageBytes the largest picture in bytes; 0 when the platform takes none
 * @param maxVideoBytes the largest video or sound in bytes; 0 when the platform takes
 * none
 * @param mimeTypes the exact types taken, when the platform lists them; empty means any
 * type of a kind that has a limit
 * @param minAspect the narrowest width ÷ height taken (Instagram 0.8, 4:5), if limited
 * @param maxAspect the widest width ÷ height taken (Instagram 1.91), if limited
 * @param maxVideoDuration the longest video taken, if limited
 */
public record MediaLimits(long maxImageBytes, long maxVideoBytes, Set<String> mimeTypes, @Nullable Double minAspect,
		@Nullable Double maxAspect, @Nullable Duration maxVideoDuration) {

	/** A platform that takes no media. */
	public static final MediaLimits NONE = new MediaLimits(0, 0, Set.of());

	public MediaLimits {
		Assert.isTrue(maxImageBytes >= 0 && maxVideoBytes >= 0, "limits must not be negative");
		Assert.isTrue(minAspect == null || maxAspect == null || minAspect <= maxAspect,
				"minAspect must not be wider than maxAspect");
		mimeTypes = Set.copyOf(mimeTypes);
	}

	/** Limits of kind, type and size only, any shape and length. */
	public MediaLimits(long maxImageBytes, long maxVideoBytes, Set<String> mimeTypes) {
		this(maxImageBytes, maxVideoBytes, mimeTypes, null, null, null);
	}

	/**
	 * Why the platform would refuse this file, for the user; {@code null} when it would
	 * take it. Shape and length are judged only when the library knows them.
	 */
	public @Nullable String refusal(Media medium) {
		long limit = limit(medium);
		if (limit == 0 || (!this.mimeTypes.isEmpty() && !this.mimeTypes.contains(medium.mimeType()))) {
			return "Files of type " + medium.mimeType() + " are not accepted";
		}
		if (medium.size() > limit) {
			return "Is " + megabytes(medium.size()) + "; at most " + megabytes(limit) + " (" + limit
					+ " bytes) is accepted";
		}
		if (!aspectFits(medium)) {
			return "Is " + ratio(aspect(medium)) + " (width ÷ height); " + range() + " is accepted";
		}
		if (!durationFits(medium)) {
			return "Is " + clock(Duration.ofMillis(medium.durationMs())) + " long; at most "
					+ clock(this.maxVideoDuration) + " is accepted";
		}
		return null;
	}

	/**
	 * The variant this platform would take instead of a file it refuses: a JPEG picture
	 * or an H.264 MP4 video within its size limit, cropped to its aspect ratios;
	 * {@code null} when no variant would do (the platform takes no file of that kind, or
	 * the video is too long, which only the user can cut).
	 */
	public @Nullable MediaFix fix(Media medium) {
		boolean picture = medium.isImage();
		long limit = limit(medium);
		String type = picture ? "image/jpeg" : "video/mp4";
		if (limit == 0 || (!this.mimeTypes.isEmpty() && !this.mimeTypes.contains(type)) || !durationFits(medium)) {
			return null;
		}
		boolean tooLarge = medium.size() > limit;
		String aspect = aspectFits(medium) ? null : ratio(this.minAspect) + "-" + ratio(this.maxAspect);
		String label = (picture ? "Make a JPEG" : "Make an H.264 MP4")
				+ ((aspect != null) ? " cropped to " + range() : "") + (tooLarge ? " under " + megabytes(limit) : "");
		return new MediaFix(medium.id(), picture ? "jpeg" : "mp4", tooLarge ? limit : null, aspect, label);
	}

	private long limit(Media medium) {
		return medium.isImage() ? this.maxImageBytes : medium.isVideo() ? this.maxVideoBytes : 0;
	}

	private static @Nullable Double aspect(Media medium) {
		return (medium.width() != null && medium.height() != null && medium.height() > 0)
				? medium.width() / (double) medium.height() : null;
	}

	private boolean aspectFits(Media medium) {
		Double aspect = aspect(medium);
		if (aspect == null) {
			return true;
		}
		// a rounding of the pixels is not a refusal
		return (this.minAspect == null || aspect >= this.minAspect - 0.005)
				&& (this.maxAspect == null || aspect <= this.maxAspect + 0.005);
	}

	private boolean durationFits(Media medium) {
		return this.maxVideoDuration == null || medium.durationMs() == null
				|| medium.durationMs() <= this.maxVideoDuration.toMillis();
	}

	private String range() {
		if (this.minAspect != null && this.maxAspect != null) {
			return this.minAspect.equals(this.maxAspect) ? ratio(this.minAspect)
					: ratio(this.minAspect) + " to " + ratio(this.maxAspect);
		}
		return (this.minAspect != null) ? "at least " + ratio(this.minAspect) : "at most " + ratio(this.maxAspect);
	}

	/** A ratio as platforms write it: {@code 4:5}, {@code 1.91:1}, {@code 9:16}. */
	private static String ratio(@Nullable Double value) {
		if (value == null) {
			return "any";
		}
		for (int height = 1; height <= 16; height++) {
			double width = value * height;
			if (Math.abs(width - Math.rint(width)) < 0.005) {
				return Math.round(width) + ":" + height;
			}
		}
		return String.format(Locale.ROOT, "%.2f", value).replaceAll("0+$", "").replaceAll("\\.$", "") + ":1";
	}

	private static String clock(Duration duration) {
		long seconds = duration.toSeconds();
		return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
	}

	private static String megabytes(long bytes) {
		return (bytes % 1_000_000 == 0) ? bytes / 1_000_000 + " MB"
				: String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
	}

}
