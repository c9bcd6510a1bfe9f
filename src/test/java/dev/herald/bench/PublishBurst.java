package dev.herald.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.IntStream;

import dev.herald.HeraldApi;
import dev.herald.HeraldProcess;
import dev.herald.platform.mastodon.FakeMastodon;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.convert.DurationStyle;

/**
 * The publishing benchmark ({@code bench/publish-burst.sh}): Herald as its own process
 * (started as {@code ./herald} starts it, on a new data directory with its embedded
 * PostgreSQL) publishing to a fake Mastodon instance in this JVM that answers every post
 * after a latency (200 ms).
 * <ul>
 * <li>Burst (default): {@code --posts} posts (10,000) across {@code --channels} accounts
 * (1,000), all due at one instant.</li>
 * <li>Steady: {@code --rate} posts a second for {@code --duration} seconds, each due at
 * its own time.</li>
 * </ul>
 * Channels are connected through the API first, and a warm-up burst (by default as many
 * posts as are measured, due at one instant) is published, unmeasured: a Herald that has
 * run a while has its publishing code compiled (after 1,000 posts, the JIT's compiler
 * threads took over two fifths of Herald's CPU during the measured burst). Then the
 * measured posts are created as drafts and every one is scheduled for its time, which is
 * chosen to fall after the scheduling ends. Each post has its own text, so that copies
 * are counted by what the platform holds, not by idempotency key. The fake creates a
 * status when it answers (after the latency), so the status's creation time is the time
 * of the answer: lateness is that minus the post's due time, never less than the latency;
 * throughput is the published posts over the time from the first due time to the last
 * answer.
 */
public final class PublishBurst {

	private static final String USAGE = """
			Usage: bench/publish-burst.sh [--posts 10000] [--channels 1000] [--latency 200ms]
			                              [--rate 50 --duration 120] [--margin 0s] [--timeout 10m]
			                              [--set herald.publishing.concurrency=256 ...] [--jvm "-Xmx512m ..."]
			                              [--jfr /tmp/herald.jfr] [--clients 8] [--warmup N]
			  --posts       posts of a burst, all due at one instant
			  --channels    Mastodon accounts the posts are spread over
			  --latency     how late the fake Mastodon answers each post
			  --rate/--duration  steady mode: this many posts a second for this many seconds
			  --margin      time between the end of the scheduling and the first due post (0: 5 s)
			  --set         a Herald setting (repeatable), e.g. herald.publishing.platform-concurrency=256
			  --jvm         Herald's JVM options instead of ./herald's
			  --jfr         record a JFR profile of Herald, from the first due time to the last answer
			  --clients     API requests at once while setting up
			  --warmup      posts published first in one burst, unmeasured, as a Herald that has run
			                a while has its publishing code compiled (default: as many as are measured;
			                0: measure a cold Herald)""";

	private PublishBurst() {
	}

	/**
	 * What to run.
	 *
	 * @param posts posts in all
	 * @param channels accounts they are spread over
	 * @param latency the fake's answer time
	 * @param rate posts a second in steady mode, or 0 for a burst
	 * @param margin wait between the end of scheduling and the first due time
	 * @param timeout how long to wait for every post after the last is due
	 * @param settings Herald settings
	 * @param jvm Herald's JVM options
	 * @param jfr where to write a flight recording
	 * @param clients API requests at once while setting up
	 * @param warmup posts published before the measured ones, to warm Herald up
	 */
	record Options(int posts, int channels, Duration latency, int rate, Duration margin, Duration timeout,
			Map<String, String> settings, List<String> jvm, @Nullable Path jfr, int clients, int warmup) {

		static Options parse(String[] args) {
			int posts = 10_000;
			int channels = 1_000;
			Duration latency = Duration.ofMillis(200);
			int rate = 0;
			int duration = 0;
			Duration margin = Duration.ofSeconds(5);
			Duration timeout = Duration.ofMinutes(10);
			Map<String, String> settings = new LinkedHashMap<>();
			List<String> jvm = HeraldProcess.HERALD_JVM_OPTIONS;
			Path jfr = null;
			int clients = 8;
			int warmup = -1;
			boolean postsGiven = false;
			for (int i = 0; i < args.length; i++) {
				String name = args[i];
				if ("--help".equals(name) || "-h".equals(name)) {
					throw new IllegalArgumentException("");
				}
				if (i + 1 >= args.length) {
					throw new IllegalArgumentException(name + " needs a value");
				}
				String value = args[++i];
				switch (name) {
					case "--posts" -> {
						posts = Integer.parseInt(value);
						postsGiven = true;
					}
					case "--channels" -> channels = Integer.parseInt(value);
					case "--latency" -> latency = DurationStyle.detectAndParse(value);
					case "--rate" -> rate = Integer.parseInt(value);
					case "--duration" -> duration = Integer.parseInt(value);
					case "--margin" -> margin = DurationStyle.detectAndParse(value);
					case "--timeout" -> timeout = DurationStyle.detectAndParse(value);
					case "--set" -> {
						int equals = value.indexOf('=');
						if (equals < 1) {
							throw new IllegalArgumentException("--set takes name=value: " + value);
						}
						settings.put(value.substring(0, equals), value.substring(equals + 1));
					}
					case "--jvm" -> jvm = Arrays.stream(value.trim().split("\\s+")).toList();
					case "--jfr" -> jfr = Path.of(value).toAbsolutePath();
					case "--clients" -> clients = Integer.parseInt(value);
					case "--warmup" -> warmup = Integer.parseInt(value);
					default -> throw new IllegalArgumentException("Unknown option: " + name);
				}
			}
			if ((rate > 0) != (duration > 0)) {
				throw new IllegalArgumentException("Steady mode needs both --rate and --duration");
			}
			if (rate > 0) {
				if (postsGiven) {
					throw new IllegalArgumentException("Steady mode counts its posts itself: --rate × --duration");
				}
				posts = rate * duration;
			}
			if (posts < 1 || channels < 1) {
				throw new IllegalArgumentException("--posts and --channels must be positive");
			}
			return new Options(posts, Math.min(channels, posts), latency, rate, margin, timeout, settings, jvm, jfr,
					clients, (warmup < 0) ? posts : warmup);
		}

		/** When post {@code i} is due, {@code start} being the first due time. */
		Instant due(Instant start, int i) {
			return (this.rate == 0) ? start : start.plusNanos(i * (1_000_000_000L / this.rate));
		}

	}

	public static void main(String[] args) throws Exception {
		Options options;
		try {
			options = Options.parse(args);
		}
		catch (IllegalArgumentException ex) {
			if (!ex.getMessage().isEmpty()) {
				System.err.println(ex.getMessage());
			}
			System.err.println(USAGE);
			System.exit(2);
			return;
		}
		System.exit(run(options) ? 0 : 1);
	}

	static boolean run(Options options) throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 8);
		try (FakeMastodon mastodon = new FakeMastodon("unused-" + UUID.randomUUID());
				HeraldProcess herald = HeraldProcess.create("bench")) {
			List<String> jvm = new ArrayList<>(options.jvm());
			herald.jvmOptions(jvm).setting("herald.identity.access-token-ttl", "12h");
			options.settings().forEach(herald::setting);
			say("Starting Herald...");
			herald.start();
			say("Herald runs (pid %d, log %s)", herald.pid(), herald.log());
			HeraldApi api = new HeraldApi(herald.url()).signUp("Bench");
			String brand = api.workspaceWithBrand("Bench");

			long started = System.nanoTime();
			List<String> channels = parallel(options.clients(), IntStream.range(0, options.channels()).boxed().toList(),
					(i) -> api.connectMastodon(brand, mastodon.url(), mastodon.issueToken("bench" + run + "n" + i)));
			say("Connected %d channels in %.1f s", channels.size(), seconds(started));
			mastodon.latency(options.latency());

			if (options.warmup() > 0) {
				// a Herald that has run for a while has its publishing code compiled, for
				// bursts too: warm it up with a burst of the same shape, unmeasured
				started = System.nanoTime();
				String warmup = " (warm-up) of run " + run;
				List<String> warmupTexts = IntStream.range(0, options.warmup())
					.mapToObj((i) -> "Post " + i + warmup)
					.toList();
				Scheduled warm = schedule(api, brand, channels, warmupTexts, (start, i) -> start, options);
				if (awaitPublished(mastodon, warmup, warmupTexts.size(), warm.start(),
						warm.start().plus(options.timeout()), false) < warmupTexts.size()) {
					throw new IllegalStateException("The warm-up posts were not all published");
				}
				say("Warmed up with a burst of %d posts in %.1f s", options.warmup(), seconds(started));
			}

			List<String> texts = IntStream.range(0, options.posts())
				.mapToObj((i) -> "Post " + i + " of bench run " + run)
				.toList();
			Scheduled scheduled = schedule(api, brand, channels, texts, options::due, options);
			Instant start = scheduled.start();
			boolean valid = scheduled.valid();

			Cpu cpuBefore = Cpu.of(herald);
			if (options.jfr() != null) {
				herald.jcmd("JFR.start", "name=burst", "settings=profile");
			}
			Instant lastDue = options.due(start, texts.size() - 1);
			String prefix = "Post ";
			String suffix = " of bench run " + run;
			awaitPublished(mastodon, suffix, texts.size(), start, lastDue.plus(options.timeout()), true);
			Cpu cpu = Cpu.of(herald).minus(cpuBefore);
			if (options.jfr() != null) {
				herald.jcmd("JFR.stop", "name=burst", "filename=" + options.jfr());
			}
			// what a late duplicate would need to show up
			TimeUnit.SECONDS.sleep(2);
			long peakKb = herald.procStatusKilobytes("VmHWM");

			Map<String, Integer> index = new HashMap<>();
			for (int i = 0; i < texts.size(); i++) {
				index.put(texts.get(i), i);
			}
			Map<String, Integer> copies = new HashMap<>();
			Map<String, Instant> firstAnswer = new HashMap<>();
			for (FakeMastodon.Status status : mastodon.statuses()) {
				if (status.text().startsWith(prefix) && status.text().endsWith(suffix)) {
					copies.merge(status.text(), 1, Integer::sum);
					firstAnswer.merge(status.text(), status.createdAt(), (a, b) -> a.isBefore(b) ? a : b);
				}
			}
			int duplicates = copies.values().stream().mapToInt((n) -> n - 1).sum();
			int lost = (int) texts.stream().filter((text) -> !copies.containsKey(text)).count();
			List<Long> lateness = new ArrayList<>();
			Instant lastAnswer = start;
			for (Map.Entry<String, Instant> answer : firstAnswer.entrySet()) {
				Instant due = options.due(start, index.get(answer.getKey()));
				lateness.add(Duration.between(due, answer.getValue()).toMillis());
				if (answer.getValue().isAfter(lastAnswer)) {
					lastAnswer = answer.getValue();
				}
			}
			lateness.sort(null);
			Map<String, Long> states = herald.isAlive() ? states(api, suffix) : Map.of();

			System.out.println();
			System.out.printf(Locale.ROOT, "mode:        %s%n",
					(options.rate() == 0) ? "burst, all due at " + start : "steady, " + options.rate() + " posts/s for "
							+ Duration.between(start, lastDue).plusSeconds(1).toSeconds() + " s");
			System.out.printf(Locale.ROOT, "settings:    %s; JVM %s%n",
					options.settings().isEmpty() ? "defaults" : options.settings(), String.join(" ", jvm));
			System.out.printf(Locale.ROOT, "posts:       %d over %d channels, fake Mastodon answering after %d ms%n",
					texts.size(), channels.size(), options.latency().toMillis());
			System.out.printf(Locale.ROOT, "published:   %d%n", copies.size());
			System.out.printf(Locale.ROOT, "duplicates:  %d%n", duplicates);
			System.out.printf(Locale.ROOT, "lost:        %d%n", lost);
			System.out.printf(Locale.ROOT, "lateness:    p50 %s, p95 %s, p99 %s, max %s%n", percentile(lateness, 50),
					percentile(lateness, 95), percentile(lateness, 99), percentile(lateness, 100));
			double span = Duration.between(start, lastAnswer).toMillis() / 1000.0;
			System.out.printf(Locale.ROOT,
					"throughput:  %.0f posts/s (%d published in %.1f s from the first due time)%n",
					(span > 0) ? copies.size() / span : 0, copies.size(), span);
			System.out.printf(Locale.ROOT, "peak memory: %d MB resident (VmHWM of the Herald JVM)%n", peakKb / 1024);
			System.out.printf(Locale.ROOT,
					"CPU:         Herald %.1f s, its PostgreSQL %.1f s, this driver and the fake %.1f s "
							+ "(%.2f ms a post for Herald and PostgreSQL)%n",
					cpu.herald(), cpu.postgres(), cpu.driver(),
					(copies.isEmpty()) ? 0 : (cpu.herald() + cpu.postgres()) * 1000 / copies.size());
			System.out.printf(Locale.ROOT, "Herald says: %s%n", states);
			if (options.jfr() != null) {
				System.out.printf(Locale.ROOT, "profile:     %s (from the first due time to the last answer)%n",
						options.jfr());
			}
			if (!valid) {
				System.out.println("WARNING: the scheduling overran the due time; run again with a larger --margin");
			}
			herald.stop();
			return duplicates == 0 && lost == 0 && valid;
		}
	}

	/**
	 * CPU seconds (user and system) used so far by Herald, by its PostgreSQL (the server
	 * and its backends) and by this JVM, from {@code /proc}.
	 */
	record Cpu(double herald, double postgres, double driver) {

		private static final double TICKS = 100.0;

		static Cpu of(HeraldProcess herald) {
			long postmaster = -1;
			try {
				postmaster = Long
					.parseLong(Files.readAllLines(herald.dataDirectory().resolve("postgres").resolve("postmaster.pid"))
						.getFirst()
						.strip());
			}
			catch (IOException | RuntimeException ex) {
				// no embedded PostgreSQL: counted as none
			}
			double postgres = 0;
			try (var processes = Files.list(Path.of("/proc"))) {
				for (Path process : processes.filter((p) -> p.getFileName().toString().matches("\\d+")).toList()) {
					long[] stat = stat(process);
					if (stat != null && (stat[0] == postmaster || stat[1] == postmaster)) {
						postgres += stat[2] / TICKS;
					}
				}
			}
			catch (IOException ex) {
				// counted as none
			}
			long[] self = stat(Path.of("/proc/self"));
			long[] child = stat(Path.of("/proc", Long.toString(herald.pid())));
			return new Cpu((child != null) ? child[2] / TICKS : 0, postgres, (self != null) ? self[2] / TICKS : 0);
		}

		/** Process id, parent id, and user plus system ticks; {@code null} if gone. */
		private static long @Nullable [] stat(Path process) {
			try {
				String stat = Files.readString(process.resolve("stat"));
				String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
				long pid = Long.parseLong(stat.substring(0, stat.indexOf(' ')));
				return new long[] { pid, Long.parseLong(fields[1]),
						Long.parseLong(fields[11]) + Long.parseLong(fields[12]) };
			}
			catch (IOException | RuntimeException ex) {
				return null;
			}
		}

		Cpu minus(Cpu before) {
			return new Cpu(this.herald - before.herald, this.postgres - before.postgres, this.driver - before.driver);
		}

	}

	/**
	 * When the posts of a burst are first due, and whether the scheduling ended before.
	 */
	private record Scheduled(Instant start, boolean valid) {
	}

	/**
	 * Creates a draft of each text, spread over the channels, then schedules every one
	 * for its time ({@code due} of the first due time and the post's index); the first
	 * due time falls after the scheduling ends, by the time taken to schedule the first
	 * posts.
	 */
	private static Scheduled schedule(HeraldApi api, String brand, List<String> channels, List<String> texts,
			BiFunction<Instant, Integer, Instant> due, Options options) throws Exception {
		long started = System.nanoTime();
		List<String> posts = parallel(options.clients(), IntStream.range(0, texts.size()).boxed().toList(),
				(i) -> api.draft(brand, texts.get(i), List.of(channels.get(i % channels.size()))));
		say("Created %d drafts in %.1f s", posts.size(), seconds(started));

		started = System.nanoTime();
		int sample = Math.min(posts.size(), 200);
		Instant provisional = Instant.now().plus(Duration.ofHours(1));
		parallel(options.clients(), IntStream.range(0, sample).boxed().toList(),
				(i) -> api.schedule(posts.get(i), due.apply(provisional, i)));
		double perPost = seconds(started) / sample;
		Instant start = Instant.now()
			.plusMillis((long) (perPost * 1000 * posts.size() * 1.3))
			.plus(options.margin())
			.truncatedTo(ChronoUnit.SECONDS)
			.plusSeconds(1);
		say("Scheduling every post for %s (%.1f ms a post)...", start, perPost * 1000);
		started = System.nanoTime();
		parallel(options.clients(), IntStream.range(0, posts.size()).boxed().toList(),
				(i) -> api.schedule(posts.get(i), due.apply(start, i)));
		Instant scheduled = Instant.now();
		say("Scheduled %d posts in %.1f s; the first is due in %.1f s", posts.size(), seconds(started),
				Duration.between(scheduled, start).toMillis() / 1000.0);
		boolean valid = scheduled.isBefore(start);
		if (!valid) {
			say("WARNING: scheduling ended %.1f s after the first due time: lateness is overstated",
					Duration.between(start, scheduled).toMillis() / 1000.0);
		}
		return new Scheduled(start, valid);
	}

	/**
	 * Waits until the fake holds {@code count} statuses whose text ends with
	 * {@code suffix} and has no request in flight, or until {@code deadline}; answers how
	 * many it holds.
	 */
	private static int awaitPublished(FakeMastodon mastodon, String suffix, int count, Instant start, Instant deadline,
			boolean progress) throws InterruptedException {
		int published;
		do {
			TimeUnit.SECONDS.sleep(2);
			published = (int) mastodon.statuses()
				.stream()
				.filter((s) -> s.text().endsWith(suffix))
				.map(FakeMastodon.Status::text)
				.distinct()
				.count();
			if (progress && Instant.now().isAfter(start)) {
				say("  %d of %d published", published, count);
			}
		}
		while ((published < count || mastodon.inFlight() > 0) && Instant.now().isBefore(deadline));
		return published;
	}

	/** The posts' statuses as Herald reports them. */
	private static Map<String, Long> states(HeraldApi api, String suffix) {
		Map<String, Long> states = new LinkedHashMap<>();
		for (JsonNode post : api.all("/api/v1/posts")) {
			if (post.get("text").asString().endsWith(suffix)) {
				states.merge(post.get("status").asString(), 1L, Long::sum);
			}
		}
		return states;
	}

	private static String percentile(List<Long> sorted, int percentile) {
		if (sorted.isEmpty()) {
			return "-";
		}
		int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
		long millis = sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
		return (millis < 10_000) ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
	}

	private static <T, R> List<R> parallel(int clients, List<T> items, Function<T, R> call)
			throws InterruptedException, ExecutionException {
		AtomicInteger done = new AtomicInteger();
		try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
			List<Future<R>> futures = items.stream().map((item) -> pool.submit(() -> {
				R result = call.apply(item);
				int n = done.incrementAndGet();
				if (n % 1000 == 0) {
					say("  %d of %d", n, items.size());
				}
				return result;
			})).toList();
			List<R> results = new ArrayList<>(items.size());
			for (Future<R> future : futures) {
				results.add(future.get());
			}
			return results;
		}
	}

	private static double seconds(long since) {
		return (System.nanoTime() - since) / 1e9;
	}

	private static void say(String format, Object... args) {
		System.err.printf(Locale.ROOT, format + "%n", args);
	}

}
