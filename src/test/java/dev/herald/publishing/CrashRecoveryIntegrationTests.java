package dev.herald.publishing;

import java.time.Duration;
import java.util.List;
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
 * Herald killed (SIGKILL) after the platforms accepted a post and before it recorded
 * that: the restarted Herald finds the post on each platform (Mastodon by the target's
 * idempotency key, Bluesky by the record key saved before the write) and records it
 * published, without posting it a second time.
 */
class CrashRecoveryIntegrationTests {

	private static final String APP_PASSWORD = "crash-app0-pass-word";

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
	void aPostAcceptedJustBeforeACrashIsPublishedOnceAfterTheRestart() {
		// a dead instance's leases are taken over within seconds
		this.herald = HeraldProcess.create("crash")
			.setting("herald.publishing.lease", "5s")
			.setting("herald.platform.read-timeout", "10s")
			.start();
		HeraldApi api = new HeraldApi(this.herald.url()).signUp("Cora");
		String brand = api.workspaceWithBrand("Cora's");
		String user = "cora" + UUID.randomUUID().toString().substring(0, 8);
		String handle = user + ".test";
		BLUESKY.openSignUp(APP_PASSWORD);
		String mastodon = api.connectMastodon(brand, MASTODON.url(), MASTODON.issueToken(user));
		String bluesky = api.connectBluesky(brand, BLUESKY.url(), handle, APP_PASSWORD);
		String text = "Published once, crash or not " + UUID.randomUUID();
		String post = api.draft(brand, text, List.of(mastodon, bluesky));

		// both platforms take the post and keep their answer back until Herald is gone
		MASTODON.holdNextAnswer(Duration.ofMinutes(1));
		BLUESKY.holdNextAnswer(Duration.ofMinutes(1));
		api.post("/api/v1/posts/" + post + "/publish", null);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> mastodonCopies(text) == 1 && blueskyCopies(text) == 1 && MASTODON.inFlight() == 1
					&& BLUESKY.inFlight() == 1);
		assertThat(api.get("/api/v1/posts/" + post).get("targets").findValuesAsString("status"))
			.containsOnly("PUBLISHING");
		this.herald.kill();

		this.herald.start();
		// the same data directory, so the same signing key: the session still works
		JsonNode published = awaitPublished(api, post);
		assertThat(mastodonCopies(text)).isEqualTo(1);
		assertThat(blueskyCopies(text)).isEqualTo(1);
		assertThat(published.get("targets").findValuesAsString("platformPostId")).containsExactlyInAnyOrder(
				MASTODON.statusesOf(user).getFirst().id(),
				BLUESKY.records()
					.stream()
					.filter((r) -> text.equals(r.value().path("text").asString()))
					.findFirst()
					.orElseThrow()
					.uri());
	}

	private static JsonNode awaitPublished(HeraldApi api, String post) {
		JsonNode[] last = new JsonNode[1];
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			last[0] = api.get("/api/v1/posts/" + post);
			assertThat(last[0].get("status").asString()).as(last[0].toString()).isEqualTo("PUBLISHED");
		});
		return last[0];
	}

	private static long mastodonCopies(String text) {
		return MASTODON.statuses().stream().filter((status) -> text.equals(status.text())).count();
	}

	private static long blueskyCopies(String text) {
		return BLUESKY.records()
			.stream()
			.filter((record) -> text.equals(record.value().path("text").asString()))
			.count();
	}

}
