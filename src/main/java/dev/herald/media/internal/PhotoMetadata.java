package dev.herald.media.internal;

import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.common.ImageMetadata;
import org.apache.commons.imaging.formats.jpeg.JpegImageMetadata;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.TiffField;
import org.apache.commons.imaging.formats.tiff.TiffImageMetadata;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;

/**
 * What a photo's EXIF would give away or get wrong: its location is removed, and a
 * camera's orientation tag is applied to the pixels (so that every platform shows the
 * photo upright, whether or not it reads the tag). Only JPEG photos carry EXIF in
 * practice.
 */
final class PhotoMetadata {

	/** Full-size decodes at a time: a 50-megapixel photo takes about 150 MB. */
	private static final Semaphore FULL_DECODES = new Semaphore(1);

	private static final float JPEG_QUALITY = 0.92f;

	private PhotoMetadata() {
	}

	/**
	 * The photo as Herald stores it: {@code file} itself when nothing needs changing,
	 * otherwise a new file in {@code temp}: re-encoded upright (without any metadata)
	 * when it was rotated by a tag, or without its EXIF (pixels untouched) when it held a
	 * location.
	 */
	static Path clean(Path file, String type, Path temp, boolean stripLocation) throws IOException {
		if (!type.equals("image/jpeg")) {
			return file;
		}
		TiffImageMetadata exif = exif(file);
		if (exif == null) {
			return file;
		}
		int orientation = orientation(exif);
		if (orientation > 1 && orientation <= 8) {
			return upright(file, orientation, temp);
		}
		if (stripLocation && hasLocation(exif)) {
			Path out = Files.createTempFile(temp, "exif-", ".jpg");
			try (OutputStream stream = Files.newOutputStream(out)) {
				new ExifRewriter().removeExifMetadata(file.toFile(), stream);
			}
			return out;
		}
		return file;
	}

	private static TiffImageMetadata exif(Path file) {
		try {
			ImageMetadata metadata = Imaging.getMetadata(file.toFile());
			return (metadata instanceof JpegImageMetadata jpeg) ? jpeg.getExif() : null;
		}
		catch (IOException | RuntimeException ex) {
			// unreadable EXIF: the decoder decides whether the picture itself is sound
			return null;
		}
	}

	private static int orientation(TiffImageMetadata exif) {
		try {
			TiffField field = exif.findField(TiffTagConstants.TIFF_TAG_ORIENTATION);
			return (field != null) ? field.getIntValue() : 1;
		}
		catch (IOException | RuntimeException ex) {
			return 1;
		}
	}

	private static boolean hasLocation(TiffImageMetadata exif) {
		try {
			return exif.getGpsInfo() != null;
		}
		catch (IOException | RuntimeException ex) {
			// a GPS directory that cannot be parsed is still a GPS directory
			return true;
		}
	}

	private static Path upright(Path file, int orientation, Path temp) throws IOException {
		FULL_DECODES.acquireUninterruptibly();
		try {
			BufferedImage source = ImageIO.read(file.toFile());
			if (source == null) {
				return file;
			}
			boolean swap = orientation >= 5;
			int w = source.getWidth();
			int h = source.getHeight();
			BufferedImage target = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
			Graphics2D g = target.createGraphics();
			try {
				g.drawImage(source, transform(orientation, w, h), null);
			}
			finally {
				g.dispose();
			}
			Path out = Files.createTempFile(temp, "upright-", ".jpg");
			writeJpeg(target, out, JPEG_QUALITY);
			return out;
		}
		finally {
			FULL_DECODES.release();
		}
	}

	/** The EXIF orientations 2-8 as transforms of a w×h picture. */
	private static AffineTransform transform(int orientation, int w, int h) {
		AffineTransform t = new AffineTransform();
		switch (orientation) {
			case 2 -> {
				t.translate(w, 0);
				t.scale(-1, 1);
			}
			case 3 -> {
				t.translate(w, h);
				t.rotate(Math.PI);
			}
			case 4 -> {
				t.translate(0, h);
				t.scale(1, -1);
			}
			case 5 -> {
				t.rotate(Math.PI / 2);
				t.scale(1, -1);
			}
			case 6 -> {
				t.translate(h, 0);
				t.rotate(Math.PI / 2);
			}
			case 7 -> {
				t.scale(-1, 1);
				t.translate(-h, 0);
				t.translate(0, w);
				t.rotate(3 * Math.PI / 2);
			}
			case 8 -> {
				t.translate(0, w);
				t.rotate(3 * Math.PI / 2);
			}
			default -> {
			}
		}
		return t;
	}

	/** Writes a JPEG at a quality, without metadata, replacing the file's content. */
	static void writeJpeg(BufferedImage image, Path out, float quality) throws IOException {
		ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
		// a stream over a truncated file: an ImageIO stream on the file itself would
		// leave
		// the end of a longer earlier content in place
		try (OutputStream file = Files.newOutputStream(out);
				ImageOutputStream stream = ImageIO.createImageOutputStream(file)) {
			writer.setOutput(stream);
			ImageWriteParam param = writer.getDefaultWriteParam();
			param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
			param.setCompressionQuality(quality);
			writer.write(null, new IIOImage(image, null, null), param);
		}
		finally {
			writer.dispose();
		}
	}

}
