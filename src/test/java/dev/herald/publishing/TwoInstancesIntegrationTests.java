package dev.herald.publishing;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.herald.HeraldApi;
import dev.herald.HeraldProcess;
import dev.herald.platform.bluesky.FakeBlueskyPds;
import dev.herald.platform.mastodon.FakeMastodon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two Herald instances (two JVMs) over one database, as a scaled-out installation runs:
 * 500 posts due in the same second on Mastodon and Bluesky channels are each sent once,
 * and published once, though both instances take up due posts at the same time.
 */
class TwoInstancesIntegrationTests {

	private static final int POSTS = 500;

	private static final int CHANNELS_PER_PLATFORM = 20;

	private static final String APP_PASSWORD = "twin-app0-pass-word";

	private static final FakeMastodon MASTODON = new FakeMastodon("unused-" + UUID.randomUUID());

	private static final FakeBlueskyPds BLUESKY = new FakeBlueskyPds();

	private final List<HeraldProcess> instances = new ArrayList<>();

	@AfterEach
	void stopInstances() {
		// the second first: the first runs the database
		this.instances.reversed().forEach(HeraldProcess::close);
	}

	@AfterAll
	static void stopFakes() {
		MASTODON.close();
		BLUESKY.close();
	}

	@Test
	void twoInstancesPublishEachPostDueInTheSameSecondOnce() throws Exception {
		// room for 100 targets at once each: neither can take every post in its first
		// claims, so both claim while the other does
		HeraldProcess first = HeraldProcess.create("first").setting("herald.publishing.concurrency", "100");
		this.instances.add(first);
		first.start();
		HeraldProcess second = HeraldProcess.create("second")
			.setting("herald.publishing.concurrency", "100")
			.sharingDatabaseOf(first);
		this.instances.add(second);
		second.start();
		HeraldApi one = new HeraldApi(first.url()).signUp("Tess");
		HeraldApi two = one.on(second.url());
		String brand = one.workspaceWithBrand("Tess's");
		BLUESKY.openSignUp(APP_PASSWORD);
		String run = UUID.randomUUID().toString().substring(0, 8);
		List<String> channels = new ArrayList<>();
		for (int i = 0; i < CHANNELS_PER_PLATFORM; i++) {
			channels.add(one.connectMastodon(brand, MASTODON.url(), MASTODON.issueToken("twin" + run + "m" + i)));
			channels.add(one.connectBluesky(brand, BLUESKY.url(), "twin" + run + "b" + i + ".test", APP_PASSWORD));
		}
		// a platform that takes a little while, so that the two instances overlap
		MASTODON.latency(Duration.ofMillis(50));
		BLUESKY.latency(Duration.ofMillis(50));

		// drafts through both instances, then every one scheduled for the same second
		List<Integer> numbers = java.util.stream.IntStream.range(0, POSTS).boxed().toList();
		Map<String, String> textByPost = parallel(numbers, (i) -> {
			String text = "Post " + i + " of run " + run;
			return Map.entry(((i % 2 == 0) ? one : two).draft(brand, text, List.of(channels.get(i % channels.size()))),
					text);
		}).stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
		Instant due = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(20);
		List<String> posts = List.copyOf(textByPost.keySet());
		parallel(posts, (post) -> ((post.hashCode() % 2 == 0) ? one : two).schedule(post, due));
		assertThat(Instant.now()).as("every post was scheduled before it was due").isBefore(due);

		await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() -> settled(one) == POSTS);

		Map<String, Long> copies = new java.util.HashMap<>();
		MASTODON.statuses().forEach((status) -> copies.merge(status.text(), 1L, Long::sum));
		BLUESKY.records().forEach((record) -> copies.merge(record.value().path("text").asString(), 1L, Long::sum));
		for (String text : textByPost.values()) {
			assertThat(copies.getOrDefault(text, 0L)).as("copies of '%s' on the platforms", text).isEqualTo(1);
		}
		List<JsonNode> published = one.all("/api/v1/posts");
		assertThat(published).hasSize(POSTS);
		for (JsonNode post : published) {
			JsonNode target = post.get("targets").get(0);
			assertThat(post.get("status").asString()).as(post.toString()).isEqualTo("PUBLISHED");
			assertThat(target.get("attempts").asInt()).as(post.toString()).isEqualTo(1);
			if ("MASTODON".equals(target.get("platform").asString())) {
				assertThat(MASTODON.publishRequests(target.get("id").asString())).as("requests for " + post)
					.isEqualTo(1);
			}
		}
		assertThat(publishedBy(first)).as("published by the first instance").isPositive();
		assertThat(publishedBy(second)).as("published by the second instance").isPositive();
		assertThat(publishedBy(first) + publishedBy(second)).isEqualTo(POSTS);
	}

	private static long settled(HeraldApi api) {
		return api.all("/api/v1/posts")
			.stream()
			.filter((post) -> List.of("PUBLISHED", "FAILED", "PARTIALLY_PUBLISHED")
				.contains(post.get("status").asString()))
			.count();
	}

	/** Targets this instance published, from its Prometheus metrics. */
	private static long publishedBy(HeraldProcess instance) {
		String metrics = new HeraldApi(instance.url()).send("GET", "/actuator/prometheus", null).body();
		return metrics.lines()
			.filter((line) -> line.startsWith("herald_publish_published_total"))
			.mapToLong((line) -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

	/** Runs the calls eight at a time, as a busy client would; answers in order. */
	private static <T, R> List<R> parallel(List<T> items, Function<T, R> call)
			throws InterruptedException, ExecutionException {
		try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
			List<Future<R>> futures = items.stream().map((item) -> pool.submit(() -> call.apply(item))).toList();
			List<R> results = new ArrayList<>();
			for (Future<R> future : futures) {
				results.add(future.get());
			}
			return results;
		}
	}

}
