package dev.herald.media.internal;

import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import dev.herald.common.ApiError;
import dev.herald.common.ErrorCode;
import dev.herald.media.MediaKind;
import org.apache.tika.Tika;
import org.jspecify.annotations.Nullable;

/**
 * Tells what a file is from its content (never its name) and reads what it holds:
 * pictures through ImageIO (dimensions from the header first, so that a decompression
 * bomb is refused before it is decoded, then every pixel, so that a truncated or damaged
 * file is refused), videos through ffprobe.
 */
final class Inspector {

	/** The types Herald takes, with the extension its files are stored under. */
	static final Map<String, String> TYPES = Map.of("image/jpeg", "jpg", "image/png", "png", "image/gif", "gif",
			"image/webp", "webp", "video/mp4", "mp4", "video/quicktime", "mov", "video/webm", "webm", "video/x-m4v",
			"m4v");

	private static final String TAKEN = "Upload a JPEG, PNG, GIF or WebP picture, or an MP4, MOV or WebM video.";

	private final Ffmpeg ffmpeg;

	private final long maxPixels;

	Inspector(Ffmpeg ffmpeg, int maxMegapixels) {
		this.ffmpeg = ffmpeg;
		this.maxPixels = maxMegapixels * 1_000_000L;
	}

	/**
	 * What a file is and holds.
	 *
	 * @param mimeType the type sniffed from its content
	 * @param kind picture or video
	 * @param width its width in pixels as shown, when known
	 * @param height its height in pixels as shown, when known
	 * @param durationMs a video's duration, when known
	 * @param videoCodec a video's codec, when known
	 * @param audioCodec a video's sound codec, when known
	 * @param note what could not be read, and why (FFmpeg missing)
	 */
	record Inspection(String mimeType, MediaKind kind, @Nullable Integer width, @Nullable Integer height,
			@Nullable Long durationMs, @Nullable String videoCodec, @Nullable String audioCodec,
			@Nullable String note) {

		String extension() {
			return TYPES.get(this.mimeType);
		}

	}

	/**
	 * Sniffs and reads a file.
	 * @throws ApiError 415 for a type Herald does not take, 422 for an empty, damaged or
	 * oversized picture or an unreadable video
	 */
	Inspection inspect(Path file) throws IOException {
		if (Files.size(file) == 0) {
			throw ApiError.invalid("file", "The file is empty (0 bytes): choose the file again");
		}
		String type = sniff(file);
		if (!TYPES.containsKey(type)) {
			throw new ApiError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "The file's content is " + type
					+ ", which Herald does not take (its name does not matter). " + TAKEN);
		}
		if (type.startsWith("image/")) {
			Dimensions size = dimensions(file, type);
			decode(file, type, 64);
			return new Inspection(type, MediaKind.IMAGE, size.width(), size.height(), null, null, null, null);
		}
		if (!this.ffmpeg.available()) {
			return new Inspection(type, MediaKind.VIDEO, null, null, null, null, null,
					"Its size, duration and codecs are unknown: " + this.ffmpeg.missing());
		}
		Ffmpeg.Probe probe;
		try {
			probe = this.ffmpeg.probe(file);
		}
		catch (Ffmpeg.FfmpegFailure ex) {
			throw ApiError.invalid("file",
					"The video is damaged or incomplete and cannot be read: upload the whole file again");
		}
		if (probe.videoCodec() == null) {
			throw ApiError.invalid("file", "The file holds no video stream: upload a video with a picture");
		}
		return new Inspection(type, MediaKind.VIDEO, probe.width(), probe.height(), probe.durationMs(),
				probe.videoCodec(), probe.audioCodec(), null);
	}

	/**
	 * The type of a file's content, from its first bytes; for the ISO media family (MP4,
	 * MOV, M4V), from the major brand of its {@code ftyp} box, which Tika's magic alone
	 * does not tell apart.
	 */
	String sniff(Path file) throws IOException {
		String type;
		try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
			type = Detector.TIKA.detect(in);
		}
		if (type.equals("video/quicktime") || type.equals("video/mp4")) {
			String brand = majorBrand(file);
			if (brand != null) {
				return brand.equals("qt  ") ? "video/quicktime" : brand.startsWith("M4V") ? "video/x-m4v" : "video/mp4";
			}
		}
		return type;
	}

	private static @Nullable String majorBrand(Path file) throws IOException {
		byte[] head = new byte[12];
		try (InputStream in = Files.newInputStream(file)) {
			if (in.readNBytes(head, 0, 12) < 12) {
				return null;
			}
		}
		String box = new String(head, 4, 4, StandardCharsets.ISO_8859_1);
		return box.equals("ftyp") ? new String(head, 8, 4, StandardCharsets.ISO_8859_1) : null;
	}

	/**
	 * Decodes a picture, subsampled so that its longer side is about {@code maxSide}
	 * pixels (memory stays small whatever the picture's size).
	 * @throws ApiError 422 when it is damaged, truncated or too large
	 */
	BufferedImage decode(Path file, String type, int maxSide) throws IOException {
		return read(file, type, (reader) -> {
			List<String> warnings = new ArrayList<>();
			reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
			ImageReadParam param = reader.getDefaultReadParam();
			int step = Math.max(1, Math.max(reader.getWidth(0), reader.getHeight(0)) / Math.max(1, maxSide));
			param.setSourceSubsampling(step, step, 0, 0);
			BufferedImage image = reader.read(0, param);
			if (!warnings.isEmpty()) {
				throw damaged();
			}
			return image;
		});
	}

	/** A picture's stored width and height, read from its header only. */
	Dimensions dimensions(Path file, String type) throws IOException {
		return read(file, type, (reader) -> new Dimensions(reader.getWidth(0), reader.getHeight(0)));
	}

	/**
	 * Reads a picture with its type's reader, after its size (from the header) passed the
	 * checks; any failure to read is a damaged picture.
	 */
	private <T> T read(Path file, String type, Reading<T> reading) throws IOException {
		try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
			ImageReader reader = reader(in, type);
			try {
				checkSize(reader.getWidth(0), reader.getHeight(0));
				return reading.apply(reader);
			}
			catch (IOException | RuntimeException ex) {
				if (ex instanceof ApiError api) {
					throw api;
				}
				throw damaged();
			}
			finally {
				reader.dispose();
			}
		}
	}

	/** What is read of a picture. */
	@FunctionalInterface
	private interface Reading<T> {

		T apply(ImageReader reader) throws IOException;

	}

	private void checkSize(int width, int height) {
		if (width <= 0 || height <= 0) {
			throw damaged();
		}
		if ((long) width * height > this.maxPixels) {
			throw ApiError.invalid("file",
					"The picture is " + width + "×" + height + " pixels (" + ((long) width * height / 1_000_000)
							+ " megapixels); at most " + this.maxPixels / 1_000_000
							+ " megapixels are taken: scale it down and upload it again");
		}
	}

	private static ImageReader reader(@Nullable ImageInputStream in, String type) {
		if (in == null) {
			throw damaged();
		}
		Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(type);
		if (!readers.hasNext()) {
			throw new ApiError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Herald cannot read " + type + " pictures. " + TAKEN);
		}
		ImageReader reader = readers.next();
		reader.setInput(in, true, true);
		return reader;
	}

	private static ApiError damaged() {
		return ApiError.invalid("file", "The picture is damaged or incomplete and cannot be read: upload the whole "
				+ "file again, or export it again from the program that made it");
	}

	/**
	 * Tika's detector, loaded with its type database at the first upload rather than at
	 * start-up (it takes a few hundred milliseconds).
	 */
	private static final class Detector {

		static final Tika TIKA = new Tika();

	}

	/**
	 * A picture's size.
	 *
	 * @param width in pixels
	 * @param height in pixels
	 */
	record Dimensions(int width, int height) {
	}

}
