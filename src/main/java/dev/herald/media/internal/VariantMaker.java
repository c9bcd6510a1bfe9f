package dev.herald.media.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import net.coobird.thumbnailator.Thumbnails;
import org.jspecify.annotations.Nullable;

/**
 * Makes platform-ready variants: pictures cropped or padded to an allowed aspect ratio,
 * resized and encoded as JPEG within a size (Java); videos transcoded to H.264/AAC MP4
 * with the moov atom first, and cover frames taken (ffmpeg).
 */
final class VariantMaker {

	/** Pictures are decoded at most this large for a variant with no side limit. */
	private static final int LARGEST_SIDE = 4096;

	private static final float[] QUALITIES = { 0.9f, 0.8f, 0.7f, 0.6f, 0.5f };

	private final Inspector inspector;

	private final Ffmpeg ffmpeg;

	private final TempFiles temp;

	VariantMaker(Inspector inspector, Ffmpeg ffmpeg, TempFiles temp) {
		this.inspector = inspector;
		this.ffmpeg = ffmpeg;
		this.temp = temp;
	}

	/**
	 * Makes the variant of a stored file into a new file under {@code system/temp}, which
	 * the caller stores and removes.
	 */
	Path make(Path source, String sourceType, @Nullable Long durationMs, VariantSpec spec) throws IOException {
		Files.createDirectories(this.temp.directory());
		return switch (spec.format()) {
			case "mp4" -> transcode(source, durationMs, spec);
			case "cover" -> {
				requireFfmpeg();
				Path frame = this.ffmpeg.frame(source, durationMs, this.temp.directory());
				try {
					yield picture(frame, "image/png", spec);
				}
				finally {
					Files.deleteIfExists(frame);
				}
			}
			default -> picture(source, sourceType, spec);
		};
	}

	private Path picture(Path source, String type, VariantSpec spec) throws IOException {
		int side = (spec.maxSide() != null) ? spec.maxSide() : LARGEST_SIDE;
		BufferedImage image = fit(this.inspector.decode(source, type, side * 2), spec);
		if (image.getWidth() > side || image.getHeight() > side) {
			image = Thumbnails.of(image).size(side, side).asBufferedImage();
		}
		image = opaque(image);
		Path out = Files.createTempFile(this.temp.directory(), "variant-", ".jpg");
		for (int shrink = 0; shrink < 8; shrink++) {
			for (float quality : QUALITIES) {
				PhotoMetadata.writeJpeg(image, out, quality);
				if (spec.maxBytes() == null || Files.size(out) <= spec.maxBytes()) {
					return out;
				}
			}
			image = opaque(Thumbnails.of(image).scale(0.8).asBufferedImage());
		}
		Files.deleteIfExists(out);
		throw new IOException("No JPEG of this picture fits in " + spec.maxBytes() + " bytes");
	}

	/** Crops or pads the picture to the nearest allowed ratio. */
	private static BufferedImage fit(BufferedImage image, VariantSpec spec) {
		int w = image.getWidth();
		int h = image.getHeight();
		double ratio = (double) w / h;
		double target = ratio;
		if (spec.minAspect() != null && ratio < spec.minAspect().value()) {
			target = spec.minAspect().value();
		}
		else if (spec.maxAspect() != null && ratio > spec.maxAspect().value()) {
			target = spec.maxAspect().value();
		}
		if (Math.abs(target - ratio) < 0.005) {
			return image;
		}
		if (spec.fit() == VariantSpec.Fit.CROP) {
			int cw = (target < ratio) ? (int) Math.round(h * target) : w;
			int ch = (target < ratio) ? h : (int) Math.round(w / target);
			return image.getSubimage((w - cw) / 2, (h - ch) / 2, cw, ch);
		}
		int pw = (target > ratio) ? (int) Math.round(h * target) : w;
		int ph = (target > ratio) ? h : (int) Math.round(w / target);
		BufferedImage padded = new BufferedImage(pw, ph, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = padded.createGraphics();
		try {
			g.setColor(Color.WHITE);
			g.fillRect(0, 0, pw, ph);
			g.drawImage(image, (pw - w) / 2, (ph - h) / 2, null);
		}
		finally {
			g.dispose();
		}
		return padded;
	}

	/** The picture on white, without alpha, as JPEG takes it. */
	private static BufferedImage opaque(BufferedImage image) {
		if (image.getType() == BufferedImage.TYPE_INT_RGB || image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
			return image;
		}
		BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
		Graphics2D g = rgb.createGraphics();
		try {
			g.setColor(Color.WHITE);
			g.fillRect(0, 0, image.getWidth(), image.getHeight());
			g.drawImage(image, 0, 0, null);
		}
		finally {
			g.dispose();
		}
		return rgb;
	}

	private Path transcode(Path source, @Nullable Long durationMs, VariantSpec spec) throws IOException {
		requireFfmpeg();
		List<String> filters = new ArrayList<>();
		if (spec.minAspect() != null && spec.maxAspect() != null) {
			// to the nearest allowed ratio: widen what is too narrow, narrow what is too
			// wide
			String min = ratio(spec.minAspect().value());
			String max = ratio(spec.maxAspect().value());
			if (spec.fit() == VariantSpec.Fit.CROP) {
				filters.add("crop='min(iw,ih*" + max + ")':'min(ih,iw/" + min + ")'");
			}
			else {
				filters.add("pad='max(iw,ih*" + min + ")':'max(ih,iw/" + max + ")':(ow-iw)/2:(oh-ih)/2:color=black");
			}
		}
		if (spec.maxSide() != null) {
			int m = spec.maxSide();
			filters.add("scale='if(gte(iw,ih),min(" + m + ",iw),-2)':'if(gte(iw,ih),-2,min(" + m + ",ih))'");
		}
		// H.264 in 4:2:0 needs even sides
		filters.add("scale=trunc(iw/2)*2:trunc(ih/2)*2");
		List<String> args = new ArrayList<>(List.of("-i", source.toString(), "-map", "0:v:0", "-map", "0:a:0?", "-vf",
				String.join(",", filters), "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p"));
		if (spec.maxBytes() != null && durationMs != null && durationMs > 0) {
			// a bitrate that leaves a tenth of the size for the sound and the container
			long kbps = Math.max(100, spec.maxBytes() * 8 * 9 / 10 / durationMs - 128);
			args.addAll(List.of("-b:v", kbps + "k", "-maxrate", kbps + "k", "-bufsize", (2 * kbps) + "k"));
		}
		else {
			args.addAll(List.of("-crf", "23"));
		}
		args.addAll(List.of("-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-movflags", "+faststart"));
		Path out = Files.createTempFile(this.temp.directory(), "variant-", ".mp4");
		args.add(out.toString());
		this.ffmpeg.run(args.toArray(String[]::new));
		if (spec.maxBytes() != null && Files.size(out) > spec.maxBytes()) {
			long size = Files.size(out);
			Files.deleteIfExists(out);
			throw new IOException("The MP4 came out at " + size + " bytes, over the " + spec.maxBytes()
					+ " asked for: ask for a smaller side, or shorten the video");
		}
		return out;
	}

	private void requireFfmpeg() throws IOException {
		if (!this.ffmpeg.available()) {
			throw new IOException(this.ffmpeg.missing());
		}
	}

	private static String ratio(double value) {
		return String.format(Locale.ROOT, "%.6f", value);
	}

}
