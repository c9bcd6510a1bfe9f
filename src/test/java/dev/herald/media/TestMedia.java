package dev.herald.media;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

/**
 * Media files for tests, made on the spot: pictures drawn with ImageIO, photos with EXIF
 * written by Commons Imaging, damaged and hostile files, and videos made by ffmpeg.
 */
public final class TestMedia {

	private TestMedia() {
	}

	/**
	 * A picture whose left half is red and right half blue, so that a rotation shows.
	 */
	public static BufferedImage picture(int width, int height) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		g.setColor(Color.RED);
		g.fillRect(0, 0, width / 2, height);
		g.setColor(Color.BLUE);
		g.fillRect(width / 2, 0, width - width / 2, height);
		g.dispose();
		return image;
	}

	public static byte[] jpeg(int width, int height) throws IOException {
		return encode(picture(width, height), "jpeg");
	}

	public static byte[] png(int width, int height) throws IOException {
		return encode(picture(width, height), "png");
	}

	/**
	 * A PNG of random pixels, which compresses badly: about three bytes a pixel, for
	 * tests of size limits.
	 */
	public static byte[] png(int width, int height, boolean noise) throws IOException {
		if (!noise) {
			return png(width, height);
		}
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		java.util.Random random = new java.util.Random(42);
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				image.setRGB(x, y, random.nextInt(0xffffff));
			}
		}
		return encode(image, "png");
	}

	/** A JPEG whose EXIF holds an orientation tag and, if asked, a GPS location. */
	public static byte[] photo(int width, int height, int orientation, boolean withLocation) throws IOException {
		TiffOutputSet exif = new TiffOutputSet();
		exif.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_ORIENTATION, (short) orientation);
		if (withLocation) {
			exif.setGpsInDegrees(2.2945, 48.8584);
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		new ExifRewriter().updateExifMetadataLossless(jpeg(width, height), out, exif);
		return out.toByteArray();
	}

	/** The first part of a file, as an interrupted transfer leaves it. */
	public static byte[] truncated(byte[] file) {
		return Arrays.copyOf(file, file.length * 6 / 10);
	}

	/**
	 * A small PNG whose header claims a huge picture: decoding it would take gigabytes.
	 */
	public static byte[] pngBomb(int width, int height) {
		ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2);
		ihdr.put((byte) 0).put((byte) 0).put((byte) 0);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' });
		chunk(out, "IHDR", ihdr.array());
		chunk(out, "IDAT", new byte[] { 0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01 });
		chunk(out, "IEND", new byte[0]);
		return out.toByteArray();
	}

	/** A program, as a user might rename one to photo.jpg. */
	public static byte[] executable() throws IOException {
		return Files.readAllBytes(Path.of("/bin/true"));
	}

	/** An H.264/AAC MP4 of a test pattern and a tone, made by ffmpeg. */
	public static byte[] video(int seconds, int width, int height) throws IOException, InterruptedException {
		Path file = Files.createTempFile("herald-test-video-", ".mp4");
		try {
			Process process = new ProcessBuilder(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f",
					"lavfi", "-i", "testsrc=duration=" + seconds + ":size=" + width + "x" + height + ":rate=25", "-f",
					"lavfi", "-i", "sine=frequency=440:duration=" + seconds, "-c:v", "libx264", "-pix_fmt", "yuv420p",
					"-c:a", "aac", "-shortest", file.toString()))
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IOException("ffmpeg could not make the test video: " + output);
			}
			return Files.readAllBytes(file);
		}
		finally {
			Files.deleteIfExists(file);
		}
	}

	private static byte[] encode(BufferedImage image, String format) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, format, out);
		return out.toByteArray();
	}

	private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
		byte[] name = type.getBytes(StandardCharsets.US_ASCII);
		out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
		out.writeBytes(name);
		out.writeBytes(data);
		CRC32 crc = new CRC32();
		crc.update(name);
		crc.update(data);
		out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
	}

}
