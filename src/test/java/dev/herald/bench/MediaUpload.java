package dev.herald.bench;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.herald.HeraldApi;
import dev.herald.HeraldProcess;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The upload benchmark ({@code bench/media-upload.sh}): Herald as its own process (as
 * {@code ./herald} starts it, local storage under a new data directory) takes real H.264
 * videos of each size asked for (default 50 MB and 200 MB, made once by ffmpeg and kept
 * under {@code target/bench-media}) through {@code POST /api/v1/media/upload}, streamed
 * from disk by the client. For each it prints the upload's wall time and throughput, the
 * time until the thumbnail is made, and Herald's resident memory: the highest sampled
 * every 20 ms during the upload, and the JVM's peak so far (VmHWM). Memory that does not
 * grow with the file's size is the target.
 */
public final class MediaUpload {

	private static final String USAGE = """
			Usage: bench/media-upload.sh [--sizes 50,200] [--set name=value ...]
			  --sizes  the videos' sizes in MB, uploaded in this order (a 1 MB warm-up comes first)
			  --set    a Herald setting, e.g. --set herald.media.storage=s3 (repeatable)""";

	private MediaUpload() {
	}

	public static void main(String[] args) throws Exception {
		List<Integer> sizes = new ArrayList<>(List.of(50, 200));
		List<String[]> settings = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--sizes" -> {
					sizes.clear();
					for (String size : args[++i].split(",")) {
						sizes.add(Integer.parseInt(size.strip()));
					}
				}
				case "--set" -> settings.add(args[++i].split("=", 2));
				default -> {
					System.err.println(USAGE);
					System.exit(2);
				}
			}
		}
		Path dir = Path.of("target", "bench-media");
		Files.createDirectories(dir);
		Path warmup = video(dir, 1);
		List<Path> videos = new ArrayList<>();
		for (int size : sizes) {
			videos.add(video(dir, size));
		}
		JsonMapper json = JsonMapper.builder().build();
		try (HeraldProcess herald = HeraldProcess.create("bench-media")) {
			// room for every video on one workspace
			herald.setting("herald.media.plans.FREE.storage", "20GB")
				.setting("herald.media.plans.FREE.max-file-size", "2GB");
			settings.forEach((setting) -> herald.setting(setting[0], setting[1]));
			say("Starting Herald...");
			herald.start();
			HeraldApi api = new HeraldApi(herald.url()).signUp("Bench");
			api.workspaceWithBrand("Bench");
			upload(api, json, herald, warmup, false);
			say("After the warm-up: %d MB resident, peak %d MB", herald.procStatusKilobytes("VmRSS") / 1024,
					herald.procStatusKilobytes("VmHWM") / 1024);
			for (Path video : videos) {
				upload(api, json, herald, video, true);
			}
		}
	}

	private static void upload(HeraldApi api, JsonMapper json, HeraldProcess herald, Path video, boolean report)
			throws Exception {
		AtomicLong highest = new AtomicLong();
		ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
		sampler.scheduleAtFixedRate(() -> highest.accumulateAndGet(herald.procStatusKilobytes("VmRSS"), Math::max), 0,
				20, TimeUnit.MILLISECONDS);
		long bytes = Files.size(video);
		long started = System.nanoTime();
		HttpResponse<String> response = api.upload(video, "video/mp4");
		double seconds = (System.nanoTime() - started) / 1e9;
		sampler.shutdown();
		sampler.awaitTermination(1, TimeUnit.SECONDS);
		if (response.statusCode() != 201) {
			throw new IllegalStateException("The upload answered " + response.statusCode() + ": " + response.body());
		}
		String id = json.readTree(response.body()).get("data").get("id").asString();
		long waiting = System.nanoTime();
		JsonNode item;
		do {
			TimeUnit.MILLISECONDS.sleep(100);
			item = api.get("/api/v1/media/" + id);
		}
		while ("PROCESSING".equals(item.get("status").asString())
				&& System.nanoTime() - waiting < Duration.ofMinutes(5).toNanos());
		double ready = (System.nanoTime() - waiting) / 1e9;
		if (!report) {
			return;
		}
		System.out.printf(Locale.ROOT,
				"%s: %.0f MB (%s, %s ms) uploaded in %.2f s = %.0f MB/s; thumbnail ready %.2f s later; "
						+ "Herald resident memory: highest during the upload %d MB, JVM peak so far %d MB%n",
				video.getFileName(), bytes / 1e6, item.get("videoCodec").asString(), item.get("durationMs").asString(),
				seconds, bytes / 1e6 / seconds, ready, highest.get() / 1024,
				herald.procStatusKilobytes("VmHWM") / 1024);
	}

	/** A real H.264 video of about {@code megabytes} MB, made once by ffmpeg and kept. */
	private static Path video(Path dir, int megabytes) throws IOException, InterruptedException {
		Path file = dir.resolve("video-" + megabytes + "MB.mp4");
		if (Files.isRegularFile(file)) {
			return file;
		}
		say("Making a %d MB video with ffmpeg (once)...", megabytes);
		Path partial = dir.resolve("video-" + megabytes + "MB.partial.mp4");
		// lossless 1080p of a moving test pattern: about 4 MB a second, stopped at the
		// size
		Process ffmpeg = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
				"testsrc2=size=1920x1080:rate=30", "-t", Integer.toString(Math.max(2, megabytes / 3)), "-c:v",
				"libx264", "-preset", "ultrafast", "-qp", "0", "-pix_fmt", "yuv420p", "-fs", megabytes + "M",
				partial.toString())
			.inheritIO()
			.start();
		if (ffmpeg.waitFor() != 0) {
			throw new IllegalStateException("ffmpeg could not make the video (is it installed?)");
		}
		Files.move(partial, file);
		return file;
	}

	private static void say(String format, Object... args) {
		System.out.printf(Locale.ROOT, format + "%n", args);
	}

}
