package dev.herald.media.internal;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import dev.herald.media.MediaKind;
import net.coobird.thumbnailator.Thumbnails;
import org.jspecify.annotations.Nullable;

/**
 * Makes what the dashboard shows of a file: a WebP thumbnail (for the library grid) and,
 * for pictures, a larger WebP preview. A video's thumbnail is a frame taken by ffmpeg.
 */
final class MediaProcessor {

	static final int THUMBNAIL_SIDE = 400;

	static final int PREVIEW_SIDE = 1280;

	private final MediaStorage storage;

	private final Inspector inspector;

	private final Ffmpeg ffmpeg;

	private final TempFiles temp;

	MediaProcessor(MediaStorage storage, Inspector inspector, Ffmpeg ffmpeg, TempFiles temp) {
		this.storage = storage;
		this.inspector = inspector;
		this.ffmpeg = ffmpeg;
		this.temp = temp;
	}

	/**
	 * The keys of what was made.
	 *
	 * @param thumbnailKey the thumbnail
	 * @param previewKey the preview, for pictures
	 */
	record Previews(String thumbnailKey, @Nullable String previewKey) {
	}

	/**
	 * Makes and stores the thumbnail (and a picture's preview) under {@code base}.
	 */
	Previews previews(String key, String type, MediaKind kind, @Nullable Long durationMs, String base)
			throws IOException {
		Path source = this.storage.file(key);
		Files.createDirectories(this.temp.directory());
		Path frame = null;
		try {
			BufferedImage picture;
			if (kind == MediaKind.IMAGE) {
				picture = this.inspector.decode(source, type, PREVIEW_SIDE * 2);
			}
			else {
				if (!this.ffmpeg.available()) {
					throw new IOException(this.ffmpeg.missing());
				}
				frame = this.ffmpeg.frame(source, durationMs, this.temp.directory());
				picture = ImageIO.read(frame.toFile());
				if (picture == null) {
					throw new IOException("ffmpeg took no frame of the video");
				}
			}
			String thumbnailKey = base + ".webp";
			store(picture, THUMBNAIL_SIDE, thumbnailKey);
			String previewKey = null;
			if (kind == MediaKind.IMAGE) {
				previewKey = base + "-preview.webp";
				store(picture, PREVIEW_SIDE, previewKey);
			}
			return new Previews(thumbnailKey, previewKey);
		}
		finally {
			if (frame != null) {
				Files.deleteIfExists(frame);
			}
		}
	}

	/**
	 * The picture as 8-bit RGB (with alpha if it has any), which the WebP encoder takes
	 * whatever the source was (a GIF's palette, a grey PNG).
	 */
	private static BufferedImage rgb(BufferedImage picture) {
		int type = picture.getType();
		if (type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB) {
			return picture;
		}
		boolean alpha = picture.getColorModel().hasAlpha();
		BufferedImage copy = new BufferedImage(picture.getWidth(), picture.getHeight(),
				alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
		java.awt.Graphics2D g = copy.createGraphics();
		try {
			g.drawImage(picture, 0, 0, null);
		}
		finally {
			g.dispose();
		}
		return copy;
	}

	private void store(BufferedImage picture, int side, String key) throws IOException {
		Path out = Files.createTempFile(this.temp.directory(), "preview-", ".webp");
		try {
			BufferedImage scaled = (picture.getWidth() > side || picture.getHeight() > side)
					? Thumbnails.of(picture).size(side, side).asBufferedImage() : picture;
			if (!ImageIO.write(rgb(scaled), "webp", out.toFile())) {
				throw new IOException("No WebP writer is available");
			}
			this.storage.put(key, out, "image/webp");
		}
		finally {
			Files.deleteIfExists(out);
		}
	}

}
