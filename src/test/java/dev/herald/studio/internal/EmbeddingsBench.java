package dev.herald.studio.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;

import dev.herald.HeraldApi;
import dev.herald.HeraldProcess;
import dev.herald.platform.mastodon.FakeMastodon;
import tools.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;

/**
 * The offline AI benchmark ({@code bench/embeddings.sh}).
 * <ol>
 * <li>In this JVM: the model's loading time and the resident memory it adds, then the
 * time of one embedding over {@code --texts} different post-like texts.</li>
 * <li>Herald as its own process (as {@code ./herald} runs it, 512 MB heap), publishing
 * {@code --posts} posts of one brand to a fake Mastodon instance across
 * {@code --channels} accounts: its resident memory idle before the first embedding and
 * after its posts are embedded, how long embedding them all took, then the latency of
 * similar-posts, history-hashtags, predict-engagement and themes queries over them.</li>
 * </ol>
 */
public final class EmbeddingsBench {

	private static final String USAGE = """
			Usage: bench/embeddings.sh [--texts 300] [--posts 2000] [--channels 10] [--queries 20] [--set name=value ...]""";

	private static final String[] TOPICS = { "espresso and coffee roasting", "quarterly tax returns for freelancers",
			"marathon training plans", "sourdough bread baking", "mountain hiking trails", "indie video game releases",
			"urban gardening on balconies", "electric bikes for commuting", "jazz concerts this weekend",
			"learning Spanish online", "home office ergonomics", "vegan dinner recipes", "wedding photography tips",
			"open source security updates", "dog adoption at the shelter", "budget travel in Portugal" };

	private static final String[] OPENINGS = { "Big news:", "Quick tip about", "This week we talk about", "Thread on",
			"Our team loves", "Here is what we learned about", "Save the date for", "Behind the scenes of" };

	private static final String[] ENDINGS = { "What do you think?", "Link in bio.", "Tell us in the replies!",
			"More on our blog.", "See you there.", "Share it with a friend.", "", "Thanks for reading." };

	/** How long Herald keeps the model unused here (unless {@code --set}). */
	private static final Duration MODEL_IDLE = Duration.ofSeconds(20);

	/** Herald settings given with {@code --set}. */
	private static final List<String[]> SETTINGS = new ArrayList<>();

	private EmbeddingsBench() {
	}

	public static void main(String[] args) throws Exception {
		int texts = 300;
		int posts = 2000;
		int channels = 10;
		int queries = 20;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--texts" -> texts = Integer.parseInt(args[++i]);
				case "--posts" -> posts = Integer.parseInt(args[++i]);
				case "--channels" -> channels = Integer.parseInt(args[++i]);
				case "--queries" -> queries = Integer.parseInt(args[++i]);
				case "--set" -> SETTINGS.add(args[++i].split("=", 2));
				default -> {
					System.err.println(USAGE);
					System.exit(2);
				}
			}
		}
		inProcess(texts);
		if (posts > 0) {
			inHerald(posts, channels, queries);
		}
	}

	private static void inProcess(int count) throws Exception {
		List<String> texts = texts(count, new Random(1));
		Path cache = Files.createTempDirectory("herald-bench-models-");
		Embedder embedder = new Embedder(cache, Duration.ZERO);
		System.gc();
		long before = rssKb();
		long started = System.nanoTime();
		embedder.embed("warm-up");
		say("Model %s loaded in %d ms (first embedding %.0f ms); resident memory %d MB -> %d MB (+%d MB)",
				Embedder.MODEL, Embedder.loadMillis(), millis(started), before / 1024, rssKb() / 1024,
				(rssKb() - before) / 1024);
		List<Double> times = new ArrayList<>();
		long all = System.nanoTime();
		for (String text : texts) {
			long one = System.nanoTime();
			embedder.embed(text);
			times.add(millis(one));
		}
		double total = millis(all);
		Collections.sort(times);
		say("Embedded %d texts (%d to %d characters) in %.0f ms: %.1f a second; one text p50 %.1f ms, p95 %.1f ms, "
				+ "max %.1f ms; resident memory now %d MB", texts.size(),
				texts.stream().mapToInt(String::length).min().orElse(0),
				texts.stream().mapToInt(String::length).max().orElse(0), total, texts.size() * 1000 / total,
				percentile(times, 50), percentile(times, 95), times.getLast(), rssKb() / 1024);
		long loaded = rssKb();
		Embedder.unload();
		System.gc();
		TimeUnit.SECONDS.sleep(1);
		say("Model closed: resident memory %d MB (%+d MB; %+d MB since before it was loaded)", rssKb() / 1024,
				(rssKb() - loaded) / 1024, (rssKb() - before) / 1024);
	}

	private static void inHerald(int count, int channelCount, int queries) throws Exception {
		String run = Long.toString(System.nanoTime(), 36);
		List<String> texts = texts(count, new Random(2));
		try (FakeMastodon mastodon = new FakeMastodon("unused-" + run);
				HeraldProcess herald = HeraldProcess.create("bench-embeddings")) {
			herald.jvmOptions(HeraldProcess.HERALD_JVM_OPTIONS)
				.setting("herald.identity.access-token-ttl", "12h")
				// queries do not embed: what is timed is the listener's embedding
				.setting("herald.studio.offline.query-catch-up", "0")
				// to see the memory the model gives back without waiting ten minutes
				.setting("herald.studio.offline.model-idle", MODEL_IDLE.toSeconds() + "s");
			SETTINGS.forEach((setting) -> herald.setting(setting[0], setting[1]));
			say("Starting Herald (log %s)...", herald.log());
			herald.start();
			HeraldApi api = new HeraldApi(herald.url()).signUp("Bench");
			String brand = api.workspaceWithBrand("Bench");
			List<String> channels = new ArrayList<>();
			for (int i = 0; i < channelCount; i++) {
				channels.add(api.connectMastodon(brand, mastodon.url(), mastodon.issueToken("bench" + run + "n" + i)));
			}
			TimeUnit.SECONDS.sleep(5);
			long idle = herald.procStatusKilobytes("VmRSS");
			say("Herald idle with %d channels, before any embedding: %d MB resident", channelCount, idle / 1024);
			long started = System.nanoTime();
			parallel(4, IntStream.range(0, count).boxed().toList(),
					(i) -> api.post("/api/v1/posts/"
							+ api.draft(brand, texts.get(i), List.of(channels.get(i % channels.size()))) + "/publish",
							null));
			await().atMost(Duration.ofHours(1))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> mastodon.statuses().size() >= count);
			double published = seconds(started);
			Map<String, Object> probe = Map.of("brandId", brand, "text", "probe", "limit", 1);
			await().atMost(Duration.ofHours(1))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> api.post("/api/v1/ai/similar-posts", probe).get("history").get("pending").asInt() == 0);
			double indexed = seconds(started);
			say("Published %d posts in %.1f s; all embedded %.1f s after the first was sent (%.1f posts a second "
					+ "end to end); Herald now %d MB resident (peak %d MB), %+d MB since idle", count, published,
					indexed, count / indexed, herald.procStatusKilobytes("VmRSS") / 1024,
					herald.procStatusKilobytes("VmHWM") / 1024, (herald.procStatusKilobytes("VmRSS") - idle) / 1024);
			Random random = new Random(3);
			time(api, "similar-posts", queries, () -> Map.of("brandId", brand, "text", text(random), "limit", 10));
			time(api, "history-hashtags", queries, () -> Map.of("brandId", brand, "text", text(random)));
			time(api, "predict-engagement", queries, () -> Map.of("brandId", brand, "text", text(random)));
			time(api, "themes", Math.max(3, queries / 4), () -> Map.of("brandId", brand));
			say("Herald after the queries: %d MB resident (peak %d MB)", herald.procStatusKilobytes("VmRSS") / 1024,
					herald.procStatusKilobytes("VmHWM") / 1024);
			await().atMost(MODEL_IDLE.plusMinutes(1))
				.pollInterval(Duration.ofSeconds(1))
				.until(() -> Files.readString(herald.log()).contains("Closing the offline embedding model"));
			TimeUnit.SECONDS.sleep(5);
			say("Herald 5 s after its unused model was closed: %d MB resident, %+d MB since idle before any "
					+ "embedding", herald.procStatusKilobytes("VmRSS") / 1024,
					(herald.procStatusKilobytes("VmRSS") - idle) / 1024);
		}
	}

	private static void time(HeraldApi api, String endpoint, int queries,
			java.util.function.Supplier<Map<String, Object>> body) {
		api.post("/api/v1/ai/" + endpoint, body.get());
		List<Double> times = new ArrayList<>();
		JsonNode last = null;
		for (int i = 0; i < queries; i++) {
			long started = System.nanoTime();
			last = api.post("/api/v1/ai/" + endpoint, body.get());
			times.add(millis(started));
		}
		Collections.sort(times);
		say("%-19s over %d posts: p50 %.0f ms, p95 %.0f ms, max %.0f ms (%d queries)", endpoint,
				last.get("history").get("indexed").asInt(), percentile(times, 50), percentile(times, 95),
				times.getLast(), queries);
	}

	private static List<String> texts(int count, Random random) {
		return IntStream.range(0, count).mapToObj((i) -> text(random) + " (" + i + ")").toList();
	}

	private static String text(Random random) {
		String topic = TOPICS[random.nextInt(TOPICS.length)];
		return OPENINGS[random.nextInt(OPENINGS.length)] + " " + topic + ". " + "Day " + (1 + random.nextInt(365))
				+ " of our " + TOPICS[random.nextInt(TOPICS.length)].split(" ")[0] + " journey, and the "
				+ topic.split(" ")[topic.split(" ").length - 1] + " keeps surprising us. "
				+ ENDINGS[random.nextInt(ENDINGS.length)] + " #" + topic.split(" ")[0];
	}

	private static <T, R> List<R> parallel(int clients, List<T> items, Function<T, R> call) throws Exception {
		try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
			List<Future<R>> futures = items.stream().map((item) -> pool.submit(() -> call.apply(item))).toList();
			List<R> results = new ArrayList<>(items.size());
			for (Future<R> future : futures) {
				results.add(future.get());
			}
			return results;
		}
	}

	private static long rssKb() throws Exception {
		for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", ""));
			}
		}
		return -1;
	}

	private static double percentile(List<Double> sorted, int percentile) {
		return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * percentile / 100.0) - 1));
	}

	private static double millis(long since) {
		return (System.nanoTime() - since) / 1e6;
	}

	private static double seconds(long since) {
		return (System.nanoTime() - since) / 1e9;
	}

	private static void say(String format, Object... args) {
		System.err.printf(Locale.ROOT, format + "%n", args);
	}

}
