package dev.herald.media.web;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Sizes and durations as the media pages show them ({@code ${@mediaFormat.size(bytes)}}).
 */
@Component("mediaFormat")
public class MediaFormat {

	private static final long MB = 1024L * 1024;

	private static final long GB = 1024L * MB;

	/**
	 * A size for people, in the binary units limits are configured in ({@code 250MB} is
	 * 250 × 1024 × 1024 bytes): {@code 250 MB}, {@code 1.2 MB}, {@code 830 KB}.
	 */
	public String size(long bytes) {
		if (bytes >= GB) {
			return number(bytes / (double) GB) + " GB";
		}
		if (bytes >= MB) {
			return number(bytes / (double) MB) + " MB";
		}
		return ((bytes == 0) ? 0 : Math.max(1, Math.round(bytes / 1024.0))) + " KB";
	}

	private static String number(double value) {
		return (Math.abs(value - Math.rint(value)) < 0.05) ? String.valueOf(Math.round(value))
				: String.format(Locale.ROOT, "%.1f", value);
	}

	/** A duration: {@code 0:07}, {@code 12:30}, {@code 1:02:03}; empty when unknown. */
	public String duration(@Nullable Long millis) {
		if (millis == null) {
			return "";
		}
		long seconds = Math.round(millis / 1000.0);
		long hours = seconds / 3600;
		return (hours > 0) ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, (seconds / 60) % 60, seconds % 60)
				: String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
	}

}
