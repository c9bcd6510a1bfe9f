package dev.herald.media.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * FFmpeg and ffprobe as child processes (never linked into Herald): the binary named by
 * {@code FFMPEG_PATH}, or {@code ffmpeg} on the PATH, with ffprobe beside it. Every run
 * has a time limit; its error output is kept (the end of it) to say why it failed.
 */
final class Ffmpeg {

	private static final int KEPT_ERROR_CHARS = 600;

	private final String ffmpeg;

	private final String ffprobe;

	private final Duration timeout;

	private final JsonMapper json;

	private volatile @Nullable Boolean available;

	Ffmpeg(@Nullable String ffmpegPath, Duration timeout, JsonMapper json) {
		if (ffmpegPath == null || ffmpegPath.isBlank()) {
			this.ffmpeg = "ffmpeg";
			this.ffprobe = "ffprobe";
		}
		else {
			Path path = Path.of(ffmpegPath.trim());
			this.ffmpeg = path.toString();
			Path dir = path.getParent();
			this.ffprobe = (dir != null) ? dir.resolve("ffprobe").toString() : "ffprobe";
		}
		this.timeout = timeout;
		this.json = json;
	}

	/** Whether ffmpeg and ffprobe can be run; checked once. */
	boolean available() {
		Boolean known = this.available;
		if (known == null) {
			known = runs(this.ffmpeg) && runs(this.ffprobe);
			this.available = known;
		}
		return known;
	}

	/** What to tell a user when FFmpeg is missing. */
	String missing() {
		return "FFmpeg is not installed: install it (Debian: apt-get install ffmpeg) or set FFMPEG_PATH to the "
				+ "ffmpeg binary, with ffprobe beside it";
	}

	/**
	 * What ffprobe reads of a file: its container's duration and its streams.
	 * @throws FfmpegFailure when ffprobe cannot read it (a damaged or truncated file)
	 */
	Probe probe(Path file) throws IOException {
		String out = run(List.of(this.ffprobe, "-v", "error", "-print_format", "json", "-show_format", "-show_streams",
				file.toString()));
		JsonNode root = this.json.readTree(out);
		Integer width = null;
		Integer height = null;
		String video = null;
		String audio = null;
		for (JsonNode stream : root.path("streams")) {
			String type = stream.path("codec_type").asString("");
			boolean picture = stream.path("disposition").path("attached_pic").asInt(0) == 1;
			if (type.equals("video") && video == null && !picture) {
				video = stream.path("codec_name").asString(null);
				width = stream.hasNonNull("width") ? stream.get("width").asInt() : null;
				height = stream.hasNonNull("height") ? stream.get("height").asInt() : null;
				int rotation = rotation(stream);
				if (width != null && height != null && (rotation == 90 || rotation == 270)) {
					int w = width;
					width = height;
					height = w;
				}
			}
			else if (type.equals("audio") && audio == null) {
				audio = stream.path("codec_name").asString(null);
			}
		}
		String duration = root.path("format").path("duration").asString(null);
		Long millis = null;
		if (duration != null && !duration.isBlank()) {
			try {
				millis = Math.round(Double.parseDouble(duration) * 1000);
			}
			catch (NumberFormatException ex) {
				millis = null;
			}
		}
		return new Probe(width, height, millis, video, audio);
	}

	/**
	 * Runs ffmpeg with these arguments (after {@code -hide_banner -loglevel error -y}).
	 * @throws FfmpegFailure when it fails or takes too long
	 */
	void run(String... args) throws IOException {
		List<String> command = new ArrayList<>(
				List.of(this.ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-y"));
		command.addAll(List.of(args));
		run(command);
	}

	/**
	 * A frame of a video as a PNG file in {@code directory}: at one second, or halfway
	 * through a shorter video. The caller removes it.
	 */
	Path frame(Path video, @Nullable Long durationMs, Path directory) throws IOException {
		Path frame = Files.createTempFile(directory, "frame-", ".png");
		long at = (durationMs != null) ? Math.min(1000, durationMs / 2) : 0;
		try {
			run("-ss", String.format(java.util.Locale.ROOT, "%.3f", at / 1000.0), "-i", video.toString(), "-frames:v",
					"1", frame.toString());
			if (Files.size(frame) == 0) {
				throw new FfmpegFailure("ffmpeg took no frame of the video");
			}
			return frame;
		}
		catch (IOException ex) {
			Files.deleteIfExists(frame);
			throw ex;
		}
	}

	private String run(List<String> command) throws IOException {
		Path out = Files.createTempFile("herald-ffmpeg-", ".out");
		Path err = Files.createTempFile("herald-ffmpeg-", ".err");
		try {
			Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
				.redirectError(err.toFile())
				.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
				.start();
			boolean done;
			try {
				done = process.waitFor(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				process.destroyForcibly();
				Thread.currentThread().interrupt();
				throw new IOException("Interrupted while " + program(command) + " ran", ex);
			}
			if (!done) {
				process.destroyForcibly();
				throw new FfmpegFailure(
						program(command) + " took longer than " + this.timeout.toSeconds() + " s and was stopped");
			}
			if (process.exitValue() != 0) {
				String error = Files.readString(err, StandardCharsets.UTF_8).strip();
				if (error.length() > KEPT_ERROR_CHARS) {
					error = "…" + error.substring(error.length() - KEPT_ERROR_CHARS);
				}
				throw new FfmpegFailure(program(command) + " failed (exit " + process.exitValue() + ")"
						+ (error.isEmpty() ? "" : ": " + error));
			}
			return Files.readString(out, StandardCharsets.UTF_8);
		}
		finally {
			Files.deleteIfExists(out);
			Files.deleteIfExists(err);
		}
	}

	private static String program(List<String> command) {
		return Path.of(command.getFirst()).getFileName().toString();
	}

	private static int rotation(JsonNode stream) {
		int rotation = stream.path("tags").path("rotate").asInt(0);
		for (JsonNode side : stream.path("side_data_list")) {
			if (side.has("rotation")) {
				rotation = side.get("rotation").asInt();
			}
		}
		return Math.floorMod(rotation, 360);
	}

	private static boolean runs(String program) {
		try {
			Process process = new ProcessBuilder(program, "-version").redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			return process.waitFor(20, TimeUnit.SECONDS) && process.exitValue() == 0;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * What ffprobe read of a video or sound.
	 *
	 * @param width the picture's width as shown (after rotation)
	 * @param height the picture's height as shown
	 * @param durationMs its duration
	 * @param videoCodec the first video stream's codec ({@code h264}, {@code hevc}, ...)
	 * @param audioCodec the first audio stream's codec ({@code aac}, ...)
	 */
	record Probe(@Nullable Integer width, @Nullable Integer height, @Nullable Long durationMs,
			@Nullable String videoCodec, @Nullable String audioCodec) {
	}

	/** FFmpeg or ffprobe failed, with what it said. */
	static final class FfmpegFailure extends IOException {

		FfmpegFailure(String message) {
			super(message);
		}

	}

}
