package dev.herald.bench;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.herald.HeraldApi;
import dev.herald.HeraldProcess;
import dev.herald.platform.mastodon.FakeMastodon;
import dev.herald.studio.FakeOpenAi;
import dev.herald.studio.FakeStudioWriter;
import tools.jackson.databind.JsonNode;

import static org.awaitility.Awaitility.await;

/**
 * The AI batch benchmark ({@code bench/ai-batch.sh}): Herald as its own process, against
 * the fake OpenAI endpoint answering every call after 2 s (and a fake Mastodon channel).
 * It writes a strategy, then asks for a batch of 30 drafts and prints the wall time from
 * the request until the job has made them all, with the calls the fake answered; then it
 * asks for the same post again and again (30,000 times by default to warm up, with the
 * other requests it times among them, then the timed ones), answered from the cache, and
 * prints the latencies of those cache hits: by Herald's own request timer, over HTTP from
 * this driver, and the lookup as Herald records it; then the same for
 * {@code GET /api/v1/users/me}, the lightest authenticated request, to compare. Targets:
 * the batch in 6 s or less, a cache hit's p99 5 ms or less.
 */
public final class AiBatch {

	private static final String USAGE = """
			Usage: bench/ai-batch.sh [--count 30] [--latency 2s] [--hits 2000] [--warmup 30000] [--set name=value ...] [--jvm "-Xmx512m ..."] [--jfr /tmp/hits.jfr]
			  --count    drafts in the batch (7 to 30)
			  --latency  how long the fake model takes to answer each call
			  --hits     cache hits to time
			  --warmup   cache hits asked before the timed ones (the JIT compilers' warm-up)
			  --set      a Herald setting, e.g. --set herald.studio.batch-concurrency=8 (repeatable)
			  --jvm      Herald's JVM options instead of ./herald's
			  --jfr      record a JFR profile of Herald while it serves the timed cache hits""";

	private static final String SLO_BUCKETS = "500us,1ms,1500us,2ms,2500us,3ms,3500us,4ms,4500us,5ms,6ms,7ms,8ms,10ms,"
			+ "12ms,15ms,20ms,30ms,50ms,100ms,1s";

	private static final Pattern BUCKET = Pattern
		.compile("http_server_requests_seconds_bucket\\{.*le=\"([^\"]+)\".*\\} (\\S+)");

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private AiBatch() {
	}

	public static void main(String[] args) throws Exception {
		int count = 30;
		Duration latency = Duration.ofSeconds(2);
		int hits = 2000;
		int warmup = 30000;
		List<String[]> settings = new ArrayList<>();
		Path jfr = null;
		List<String> jvm = HeraldProcess.HERALD_JVM_OPTIONS;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--count" -> count = Integer.parseInt(args[++i]);
				case "--latency" -> latency = org.springframework.boot.convert.DurationStyle.detectAndParse(args[++i]);
				case "--hits" -> hits = Integer.parseInt(args[++i]);
				case "--warmup" -> warmup = Integer.parseInt(args[++i]);
				case "--set" -> settings.add(args[++i].split("=", 2));
				case "--jvm" -> jvm = List.of(args[++i].trim().split("\\s+"));
				case "--jfr" -> jfr = Path.of(args[++i]).toAbsolutePath();
				default -> {
					System.err.println(USAGE);
					System.exit(2);
				}
			}
		}
		String key = "sk-bench-" + UUID.randomUUID();
		try (FakeOpenAi openai = FakeStudioWriter.install(new FakeOpenAi(key));
				FakeMastodon mastodon = new FakeMastodon("bench-" + UUID.randomUUID());
				HeraldProcess herald = HeraldProcess.create("bench-ai")) {
			openai.latency(latency);
			// as ./herald runs it by default (C2 included), not a test's quicker-starting
			// C1-only JVM
			herald.jvmOptions(jvm)
				.setting("herald.studio.openai.api-key", key)
				.setting("herald.studio.openai.base-url", openai.url() + "/v1")
				.setting("herald.studio.credits.FREE", 1000)
				// Herald's request timer in fine buckets, to read its percentiles
				.setting("management.metrics.distribution.slo.http.server.requests", SLO_BUCKETS);
			settings.forEach((setting) -> herald.setting(setting[0], setting[1]));
			say("Starting Herald...");
			herald.start();
			HeraldApi api = new HeraldApi(herald.url()).signUp("Bench");
			String brand = api.workspaceWithBrand("Bench Roasters");
			api.connectMastodon(brand, mastodon.url(), mastodon.issueToken("bench"));
			api.post("/api/v1/ai/strategy", Map.of("brandId", brand));

			int calls = openai.requests().size();
			long started = System.nanoTime();
			String id = api.post("/api/v1/ai/generate-batch", Map.of("brandId", brand, "count", count))
				.get("id")
				.asString();
			JsonNode job = await().pollInterval(Duration.ofMillis(20))
				.atMost(Duration.ofMinutes(10))
				.until(() -> api.get("/api/v1/ai/jobs/" + id),
						(state) -> state.get("status").asString().matches("COMPLETED.*|FAILED"));
			double wall = (System.nanoTime() - started) / 1e9;
			int made = openai.requests().size() - calls;
			String concurrency = settings.stream()
				.filter((setting) -> setting[0].equals("herald.studio.batch-concurrency"))
				.map((setting) -> setting[1])
				.findFirst()
				.orElse("16 (default)");
			say("Batch: %d drafts (%s, %d failed) in %.2f s wall; %d model calls of %d ms each; concurrency %s",
					job.get("done").asInt(), job.get("status").asString(), job.get("failed").asInt(), wall, made,
					latency.toMillis(), concurrency);
			say("  one call after another would take %.1f s: %.1fx faster", made * latency.toMillis() / 1000.0,
					made * latency.toMillis() / 1000.0 / wall);

			Map<String, Object> same = Map.of("brandId", brand, "platform", "MASTODON", "topic", "cache bench");
			api.post("/api/v1/ai/generate-content", same);
			// the JIT compilers done with these paths first: the figures are of a warm
			// server. The other requests timed here (and the metrics read between the
			// rounds) are asked among them, as a server in use sees them: a server
			// that had only ever served this one request would compile it for that
			// alone, then throw that code away and compile it again in the timed round,
			// at the first request of another kind
			for (int i = 0; i < warmup; i++) {
				api.post("/api/v1/ai/generate-content", same);
				if (i % 10 == 0) {
					api.get("/api/v1/users/me");
				}
				if (i % 200 == 0) {
					buckets(herald, "POST", "/api/v1/ai/generate-content");
				}
			}
			if (jfr != null) {
				herald.jcmd("JFR.start", "name=hits", "settings=profile");
			}
			List<Double> recorded = new ArrayList<>();
			Timing cached = time(herald, hits, "POST", "/api/v1/ai/generate-content", () -> {
				JsonNode answer = api.post("/api/v1/ai/generate-content", same);
				if (!answer.at("/generation/cached").asBoolean()) {
					throw new IllegalStateException("Not a cache hit: " + answer);
				}
				recorded.add(answer.at("/generation/latencyMs").asDouble());
			});
			if (jfr != null) {
				herald.jcmd("JFR.stop", "name=hits", "filename=" + jfr);
				say("Profile of the cache hits: %s", jfr);
			}
			// what any authenticated request costs on this machine, for comparison
			Timing plain = time(herald, hits, "GET", "/api/v1/users/me", () -> api.get("/api/v1/users/me"));
			say("Cache hits (%d): as Herald served them (its request timer) p50 %s, p99 %s; the lookup as "
					+ "Herald recorded it p99 %.0f ms", hits, cached.server(50), cached.server(99),
					percentile(recorded, 99));
			say("  over HTTP from this driver on the same cores: p50 %.2f ms, p99 %.2f ms, max %.2f ms",
					cached.client(50), cached.client(99), cached.client(100));
			say("  for comparison, GET /api/v1/users/me (%d): served p50 %s, p99 %s; over HTTP p50 %.2f ms, "
					+ "p99 %.2f ms", hits, plain.server(50), plain.server(99), plain.client(50), plain.client(99));
		}
	}

	/**
	 * Times a request made again and again: from this driver, and by Herald's own timer
	 * of it ({@code http.server.requests}, from its first filter to the answer written),
	 * whose buckets are read from {@code /actuator/prometheus} before and after.
	 */
	private static Timing time(HeraldProcess herald, int times, String method, String uri, Runnable request)
			throws Exception {
		Map<Double, Long> before = buckets(herald, method, uri);
		List<Double> client = new ArrayList<>();
		for (int i = 0; i < times; i++) {
			long t = System.nanoTime();
			request.run();
			client.add((System.nanoTime() - t) / 1e6);
		}
		Map<Double, Long> served = new TreeMap<>(buckets(herald, method, uri));
		if (served.isEmpty()) {
			throw new IllegalStateException("Herald's metrics have no buckets for " + method + " " + uri);
		}
		before.forEach((le, count) -> served.merge(le, -count, Long::sum));
		return new Timing(client, served);
	}

	/**
	 * A request's cumulative counts by bucket bound ({@code le}, in seconds); none before
	 * its first time.
	 */
	private static Map<Double, Long> buckets(HeraldProcess herald, String method, String uri) throws Exception {
		HttpResponse<String> scrape = HTTP.send(
				HttpRequest.newBuilder(URI.create(herald.url() + "/actuator/prometheus")).build(),
				HttpResponse.BodyHandlers.ofString());
		Map<Double, Long> counts = new TreeMap<>();
		for (String line : scrape.body().split("\n")) {
			Matcher bucket = BUCKET.matcher(line);
			if (bucket.matches() && line.contains("method=\"" + method + "\"")
					&& line.contains("uri=\"" + uri + "\"")) {
				double le = bucket.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY
						: Double.parseDouble(bucket.group(1));
				counts.merge(le, (long) Double.parseDouble(bucket.group(2)), Long::sum);
			}
		}
		return counts;
	}

	/**
	 * Latencies of one request.
	 *
	 * @param client as this driver measured them, in milliseconds
	 * @param served Herald's timer: how many took at most each bound (seconds)
	 */
	private record Timing(List<Double> client, Map<Double, Long> served) {

		double client(double p) {
			return percentile(this.client, p);
		}

		/** The bucket the percentile falls in, as "≤ 3 ms". */
		String server(double p) {
			long total = this.served.get(Double.POSITIVE_INFINITY);
			long rank = (long) Math.ceil(p / 100 * total);
			for (Map.Entry<Double, Long> bucket : this.served.entrySet()) {
				if (bucket.getValue() >= rank) {
					return Double.isInfinite(bucket.getKey()) ? "> 1 s" : String.format(Locale.ROOT, "<= %s ms",
							BigDecimal.valueOf(bucket.getKey() * 1000).stripTrailingZeros().toPlainString());
				}
			}
			throw new IllegalStateException("No +Inf bucket");
		}

	}

	private static double percentile(List<Double> values, double p) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		int index = (int) Math.ceil(p / 100 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
	}

	private static void say(String format, Object... args) {
		System.out.println(String.format(Locale.ROOT, format, args));
		System.out.flush();
	}

}
