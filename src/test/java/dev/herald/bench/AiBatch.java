package dev.herald.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

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
 * asks for the same post again and again, answered from the cache, and prints the
 * latencies of those cache hits (client-side, over HTTP) and as Herald recorded them.
 * Targets: the batch in 6 s or less, a cache hit's p99 5 ms or less.
 */
public final class AiBatch {

	private static final String USAGE = """
			Usage: bench/ai-batch.sh [--count 30] [--latency 2s] [--hits 500] [--set name=value ...]
			  --count    drafts in the batch (7 to 30)
			  --latency  how long the fake model takes to answer each call
			  --hits     cache hits to time
			  --set      a Herald setting, e.g. --set herald.studio.batch-concurrency=8 (repeatable)""";

	private AiBatch() {
	}

	public static void main(String[] args) throws Exception {
		int count = 30;
		Duration latency = Duration.ofSeconds(2);
		int hits = 500;
		List<String[]> settings = new ArrayList<>();
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--count" -> count = Integer.parseInt(args[++i]);
				case "--latency" -> latency = org.springframework.boot.convert.DurationStyle.detectAndParse(args[++i]);
				case "--hits" -> hits = Integer.parseInt(args[++i]);
				case "--set" -> settings.add(args[++i].split("=", 2));
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
			herald.setting("herald.studio.openai.api-key", key)
				.setting("herald.studio.openai.base-url", openai.url() + "/v1")
				.setting("herald.studio.credits.FREE", 1000);
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
			for (int i = 0; i < 50; i++) {
				api.post("/api/v1/ai/generate-content", same);
			}
			List<Double> client = new ArrayList<>();
			List<Double> server = new ArrayList<>();
			for (int i = 0; i < hits; i++) {
				long t = System.nanoTime();
				JsonNode answer = api.post("/api/v1/ai/generate-content", same);
				client.add((System.nanoTime() - t) / 1e6);
				if (!answer.at("/generation/cached").asBoolean()) {
					throw new IllegalStateException("Not a cache hit: " + answer);
				}
				server.add(answer.at("/generation/latencyMs").asDouble());
			}
			say("Cache hits (%d): client p50 %.2f ms, p99 %.2f ms, max %.2f ms; as Herald recorded them p99 %.0f ms",
					hits, percentile(client, 50), percentile(client, 99), percentile(client, 100),
					percentile(server, 99));
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
