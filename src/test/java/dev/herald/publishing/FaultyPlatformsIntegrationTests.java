package dev.herald.publishing;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

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
 * Publishing against platforms that misbehave as real ones do, all at once: 5 % of
 * publishes answered 503, 2 % answered only after Herald stopped waiting (the post
 * created anyway), 3 % refused with 429 and the reset in the headers, every Bluesky
 * session expiring in the middle of the run, and an instance that lowered its character
 * limit after posts were checked against the old one. Every valid post ends published
 * once, every refused one failed with the platform's reason, and nothing is left in
 * flight.
 */
class FaultyPlatformsIntegrationTests {

	private static final int CHANNELS_PER_PLATFORM = 10;

	private static final int POSTS_PER_PLATFORM = 100;

	/** Mastodon posts written for 500 characters that the instance refuses at 300. */
	private static final int TOO_LONG = 10;

	private static final String APP_PASSWORD = "flaky-app0-pass-word";

	private static final FakeMastodon MASTODON = new FakeMastodon("unused-" + UUID.randomUUID());

	private static final FakeBlueskyPds BLUESKY = new FakeBlueskyPds();

	private HeraldProcess herald;

	@AfterEach
	void stopHerald() {
		if (this.herald != null) {
			this.herald.close();
		}
	}

	@AfterAll
	static void stopFakes() {
		MASTODON.close();
		BLUESKY.close();
	}

	@Test
	void everyValidPostIsPublishedOnceAndEveryRefusedOneFailsWithItsReason() {
		// retries, look-ups and leases in seconds rather than minutes, so that the run
		// fits in a test
		this.herald = HeraldProcess.create("faults")
			.setting("herald.publishing.retry-base", "1s")
			.setting("herald.publishing.retry-cap", "4s")
			.setting("herald.publishing.reconcile-delay", "1s")
			.setting("herald.publishing.lease", "10s")
			.setting("herald.platform.read-timeout", "2s")
			.start();
		HeraldApi api = new HeraldApi(this.herald.url()).signUp("Fay");
		String brand = api.workspaceWithBrand("Fay's");
		BLUESKY.openSignUp(APP_PASSWORD);
		String run = UUID.randomUUID().toString().substring(0, 8);
		List<String> mastodon = new ArrayList<>();
		List<String> bluesky = new ArrayList<>();
		for (int i = 0; i < CHANNELS_PER_PLATFORM; i++) {
			mastodon.add(api.connectMastodon(brand, MASTODON.url(), MASTODON.issueToken("flaky" + run + "m" + i)));
			bluesky.add(api.connectBluesky(brand, BLUESKY.url(), "flaky" + run + "b" + i + ".test", APP_PASSWORD));
		}

		Map<String, String> valid = new LinkedHashMap<>();
		Map<String, String> tooLong = new LinkedHashMap<>();
		for (int i = 0; i < POSTS_PER_PLATFORM; i++) {
			String text = "Mastodon post " + i + " of run " + run;
			if (i < TOO_LONG) {
				tooLong.put(api.draft(brand, text + " " + "x".repeat(400), List.of(mastodon.get(i % 10))), text);
			}
			else {
				valid.put(api.draft(brand, text, List.of(mastodon.get(i % 10))), text);
			}
			text = "Bluesky post " + i + " of run " + run;
			valid.put(api.draft(brand, text, List.of(bluesky.get(i % 10))), text);
		}
		for (var platform : List.of(MASTODON, BLUESKY)) {
			// a seed whose first hundred draws hold a few of each fault
			platform.seed(1);
			platform.latency(Duration.ofMillis(100));
			platform.faultRates(0.05, 0.02);
			platform.timeoutDelay(Duration.ofSeconds(4));
			platform.rateLimits(0.03, Duration.ofSeconds(2));
		}
		Instant due = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(15);
		valid.keySet().forEach((post) -> api.schedule(post, due));
		tooLong.keySet().forEach((post) -> api.schedule(post, due));
		// the instance's admin lowers the limit after Herald checked the posts against
		// 500
		MASTODON.maxCharacters(300);
		assertThat(Instant.now()).as("scheduled before the posts are due").isBefore(due);
		// every Bluesky session runs out while the posts are going out
		await().atMost(Duration.ofMinutes(1)).until(() -> BLUESKY.accepted() >= 30);
		BLUESKY.expireAccessTokens();

		await().atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> api.all("/api/v1/posts")
				.stream()
				.allMatch((post) -> Set.of("PUBLISHED", "FAILED").contains(post.get("status").asString())));

		Map<String, Long> copies = new HashMap<>();
		MASTODON.statuses().forEach((status) -> copies.merge(status.text(), 1L, Long::sum));
		BLUESKY.records().forEach((record) -> copies.merge(record.value().path("text").asString(), 1L, Long::sum));
		Map<String, JsonNode> posts = new HashMap<>();
		api.all("/api/v1/posts").forEach((post) -> posts.put(post.get("id").asString(), post));
		valid.forEach((id, text) -> {
			assertThat(copies.getOrDefault(text, 0L)).as("copies of '%s'", text).isEqualTo(1);
			assertThat(posts.get(id).get("status").asString()).as(posts.get(id).toString()).isEqualTo("PUBLISHED");
		});
		tooLong.forEach((id, text) -> {
			JsonNode target = posts.get(id).get("targets").get(0);
			assertThat(posts.get(id).get("status").asString()).as(posts.get(id).toString()).isEqualTo("FAILED");
			assertThat(target.get("errorCode").asString()).isEqualTo("INVALID_CONTENT");
			assertThat(target.get("errorMessage").asString())
				.isEqualTo("Validation failed: Text character limit of 300 exceeded");
		});
		assertThat(posts.values()).flatMap((post) -> post.get("targets").findValuesAsString("status"))
			.containsOnly("PUBLISHED", "FAILED");
		assertThat(copies.keySet().stream().filter((text) -> text.contains(run))).hasSize(valid.size());

		// the faults did happen, and the sessions were renewed rather than given up
		Map<String, Double> metrics = metrics(api);
		assertThat(metrics).hasEntrySatisfying("herald_publish_retried_total", (n) -> assertThat(n).isPositive())
			.hasEntrySatisfying("herald_publish_rate_limited_total", (n) -> assertThat(n).isPositive())
			.hasEntrySatisfying("herald_publish_unconfirmed_total", (n) -> assertThat(n).isPositive());
		assertThat(BLUESKY.refreshes()).isGreaterThanOrEqualTo(1);
		assertThat(api.get("/api/v1/brands/" + brand + "/channels").findValuesAsString("status"))
			.containsOnly("ACTIVE");
	}

	/** Herald's counters, summed over their tags. */
	private static Map<String, Double> metrics(HeraldApi api) {
		Map<String, Double> metrics = new HashMap<>();
		api.send("GET", "/actuator/prometheus", null)
			.body()
			.lines()
			.filter((line) -> !line.startsWith("#"))
			.forEach((line) -> {
				String name = line.replaceAll("[{ ].*$", "");
				metrics.merge(name, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
			});
		return metrics;
	}

}
