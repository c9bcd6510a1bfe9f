package dev.herald.media.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.herald.common.ApiError;
import dev.herald.media.MediaKind;
import org.jspecify.annotations.Nullable;

/**
 * What a variant of a file is to be: its format, the aspect ratios it may have (cropped
 * or padded to the nearest), its longest side and its largest size. Named presets cover
 * what the platforms ask for; its canonical {@link #name()} keeps one variant of a kind
 * per file.
 *
 * @param format {@code jpeg} (a picture, or a video's cover frame) or {@code mp4}
 * (H.264/AAC, moov atom first)
 * @param minAspect the narrowest width ÷ height allowed, if any
 * @param maxAspect the widest width ÷ height allowed, if any
 * @param fit how a picture outside the ratios is brought in: cropped or padded
 * @param maxSide the longest side in pixels, if limited
 * @param maxBytes the largest size in bytes, if limited
 */
record VariantSpec(String format, @Nullable Ratio minAspect, @Nullable Ratio maxAspect, Fit fit,
		@Nullable Integer maxSide, @Nullable Long maxBytes) {

	/** The presets, by name: what each platform asks for. */
	static final Map<String, VariantSpec> PRESETS = Map.of("jpeg",
			new VariantSpec("jpeg", null, null, Fit.CROP, null, null), "instagram",
			new VariantSpec("jpeg", new Ratio(4, 5), new Ratio(1.91, 1), Fit.CROP, 1440, 8_000_000L), "square",
			new VariantSpec("jpeg", new Ratio(1, 1), new Ratio(1, 1), Fit.CROP, 1080, null), "portrait",
			new VariantSpec("jpeg", new Ratio(4, 5), new Ratio(4, 5), Fit.CROP, 1080, null), "bluesky",
			new VariantSpec("jpeg", null, null, Fit.CROP, 2000, 1_000_000L), "mp4",
			new VariantSpec("mp4", null, null, Fit.CROP, 1920, null), "reel",
			new VariantSpec("mp4", new Ratio(9, 16), new Ratio(9, 16), Fit.CROP, 1920, null), "cover",
			new VariantSpec("cover", null, null, Fit.CROP, 1920, null));

	VariantSpec {
		if (!format.equals("jpeg") && !format.equals("mp4") && !format.equals("cover")) {
			throw ApiError.invalid("format", "Must be jpeg, mp4 or cover");
		}
		if (maxSide != null && (maxSide < 16 || maxSide > 8192)) {
			throw ApiError.invalid("maxSide", "Must be between 16 and 8192 pixels");
		}
		if (maxBytes != null && maxBytes < 10_000) {
			throw ApiError.invalid("maxBytes", "Must be at least 10000 bytes");
		}
		if (minAspect != null && maxAspect != null && minAspect.value() > maxAspect.value()) {
			throw ApiError.invalid("aspect", "The first ratio must not be wider than the second");
		}
	}

	/**
	 * A spec from a request: a preset, or the fields given.
	 * @param aspect {@code 4:5} for one ratio, {@code 4:5-1.91:1} for a range
	 */
	static VariantSpec of(@Nullable String preset, @Nullable String format, @Nullable String aspect,
			@Nullable String fit, @Nullable Integer maxSide, @Nullable Long maxBytes) {
		if (preset != null && !preset.isBlank()) {
			VariantSpec spec = PRESETS.get(preset.strip().toLowerCase(Locale.ROOT));
			if (spec == null) {
				throw ApiError.invalid("preset", "Must be one of " + PRESETS.keySet().stream().sorted().toList());
			}
			return spec;
		}
		if (format == null || format.isBlank()) {
			throw ApiError.invalid("format", "Give a preset, or a format (jpeg, mp4 or cover)");
		}
		Ratio min = null;
		Ratio max = null;
		if (aspect != null && !aspect.isBlank()) {
			String[] range = aspect.strip().split("-");
			if (range.length > 2) {
				throw ApiError.invalid("aspect", "Must be a ratio (4:5) or a range (4:5-1.91:1)");
			}
			min = Ratio.parse(range[0]);
			max = (range.length == 2) ? Ratio.parse(range[1]) : min;
		}
		Fit how = Fit.CROP;
		if (fit != null && !fit.isBlank()) {
			try {
				how = Fit.valueOf(fit.strip().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw ApiError.invalid("fit", "Must be crop or pad");
			}
		}
		return new VariantSpec(format.strip().toLowerCase(Locale.ROOT), min, max, how, maxSide, maxBytes);
	}

	/** Whether a file of this kind can be made into this. */
	void checkSource(MediaKind kind) {
		if (this.format.equals("jpeg") && kind != MediaKind.IMAGE) {
			throw ApiError.invalid("format", "A video becomes a picture through its cover frame: ask for cover");
		}
		if ((this.format.equals("mp4") || this.format.equals("cover")) && kind != MediaKind.VIDEO) {
			throw ApiError.invalid("format", this.format + " is made from a video; for a picture ask for jpeg");
		}
	}

	/**
	 * The canonical name, stored with the variant:
	 * {@code jpeg 4:5-1.91:1 crop 1440px 8000000B}.
	 */
	String name() {
		List<String> parts = new ArrayList<>(List.of(this.format));
		if (this.minAspect != null && this.maxAspect != null) {
			parts.add(this.minAspect.equals(this.maxAspect) ? this.minAspect.toString()
					: this.minAspect + "-" + this.maxAspect);
			parts.add(this.fit.name().toLowerCase(Locale.ROOT));
		}
		if (this.maxSide != null) {
			parts.add(this.maxSide + "px");
		}
		if (this.maxBytes != null) {
			parts.add(this.maxBytes + "B");
		}
		return String.join(" ", parts);
	}

	/** Reads a canonical name back. */
	static VariantSpec parse(String name) {
		String[] parts = name.split(" ");
		Ratio min = null;
		Ratio max = null;
		Fit fit = Fit.CROP;
		Integer side = null;
		Long bytes = null;
		for (int i = 1; i < parts.length; i++) {
			String part = parts[i];
			if (part.contains(":")) {
				String[] range = part.split("-");
				min = Ratio.parse(range[0]);
				max = (range.length == 2) ? Ratio.parse(range[1]) : min;
			}
			else if (part.endsWith("px")) {
				side = Integer.valueOf(part.substring(0, part.length() - 2));
			}
			else if (part.endsWith("B")) {
				bytes = Long.valueOf(part.substring(0, part.length() - 1));
			}
			else {
				fit = Fit.valueOf(part.toUpperCase(Locale.ROOT));
			}
		}
		return new VariantSpec(parts[0], min, max, fit, side, bytes);
	}

	/** A short label for file names: the preset's name, or the format. */
	String label() {
		return PRESETS.entrySet()
			.stream()
			.filter((preset) -> preset.getValue().equals(this))
			.map(Map.Entry::getKey)
			.findFirst()
			.orElse(this.format + "-variant");
	}

	/** The type of the file made. */
	String mimeType() {
		return this.format.equals("mp4") ? "video/mp4" : "image/jpeg";
	}

	/** The kind of the file made: a video, or a picture (a cover frame is one). */
	MediaKind kind() {
		return this.format.equals("mp4") ? MediaKind.VIDEO : MediaKind.IMAGE;
	}

	/** How a picture is brought within the ratios. */
	enum Fit {

		CROP, PAD

	}

	/**
	 * A ratio of width to height, as platforms write them ({@code 4:5}, {@code 1.91:1}).
	 */
	record Ratio(double width, double height) {

		Ratio {
			if (!(width > 0 && height > 0 && width <= 100 && height <= 100)) {
				throw ApiError.invalid("aspect", "A ratio's two numbers are between 0 and 100, like 4:5 or 1.91:1");
			}
		}

		static Ratio parse(String text) {
			String[] sides = text.strip().split(":");
			try {
				if (sides.length == 2) {
					return new Ratio(Double.parseDouble(sides[0]), Double.parseDouble(sides[1]));
				}
			}
			catch (NumberFormatException ex) {
				// answered below
			}
			throw ApiError.invalid("aspect", "Must be a ratio like 4:5 or 1.91:1");
		}

		double value() {
			return this.width / this.height;
		}

		@Override
		public String toString() {
			return number(this.width) + ":" + number(this.height);
		}

		private static String number(double n) {
			return (n == Math.rint(n)) ? String.valueOf((long) n) : String.valueOf(n);
		}

	}

}
