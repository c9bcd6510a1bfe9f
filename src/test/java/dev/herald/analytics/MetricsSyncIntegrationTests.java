package dev.herald.analytics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.herald.platform.mastodon.FakeMastodon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The metric sync against a fake Mastodon instance: the counts of published posts read
 * and kept (the latest replacing the last), engagement computed, a rate limit ending the
 * channel's round at its first refusal, only admins syncing by hand, and the job syncing
 * on its own once its interval has passed.
 */
class MetricsSyncIntegrationTests extends PublishedHistoryTestSupport {

	private static final FakeMastodon MASTODON = new FakeMastodon("unused-" + UUID.randomUUID());

	@Autowired
	private PostPerformance performance;

	@AfterAll
	static void stopFake() {
		MASTODON.close();
	}

	@Test
	void readsTheCountsOfPublishedPostsAndKeepsTheLatest() throws Exception {
		Brand brand = brandOnMastodon(MASTODON, "Nora");
		Published first = publish(brand, "Opening our new shop on Friday", List.of());
		Published second = publish(brand, "Thank you for coming to the opening", List.of());
		MASTODON.engage(first.statusId(), 12, 3);
		MASTODON.engage(second.statusId(), 4, 0);

		JsonNode report = sync(brand);
		assertThat(report.get("targets").asInt()).isEqualTo(2);
		assertThat(report.get("updated").asInt()).isEqualTo(2);
		assertThat(report.get("rateLimited").asInt()).isZero();
		Map<UUID, TargetMetrics> metrics = this.performance.latest(brand.workspaceId(),
				List.of(first.targetId(), second.targetId()));
		assertThat(metrics.get(first.targetId())).satisfies((counts) -> {
			assertThat(counts.likes()).isEqualTo(12);
			assertThat(counts.reposts()).isEqualTo(3);
			assertThat(counts.replies()).isZero();
			assertThat(counts.views()).isNull();
			assertThat(counts.engagement()).isEqualTo(15);
			assertThat(counts.postId()).isEqualTo(first.postId());
			assertThat(counts.channelId()).isEqualTo(brand.channelId());
		});
		assertThat(metrics.get(second.targetId()).engagement()).isEqualTo(4);

		MASTODON.engage(first.statusId(), 30, 5);
		this.clock.advance(Duration.ofMinutes(1));
		sync(brand);
		assertThat(this.performance.latest(brand.workspaceId(), List.of(first.targetId()))
			.get(first.targetId())
			.engagement()).isEqualTo(35);
		// another workspace's ids answer nothing
		assertThat(this.performance.latest(UUID.randomUUID(), List.of(first.targetId()))).isEmpty();
	}

	@Test
	void aRateLimitEndsTheChannelsRoundAtItsFirstRefusal() throws Exception {
		Brand brand = brandOnMastodon(MASTODON, "Rita");
		for (int i = 0; i < 3; i++) {
			publish(brand, "Post number " + i + " of the week", List.of());
		}
		MASTODON.rateLimitReads(Duration.ofMinutes(5));
		try {
			int reads = MASTODON.statusReads();
			JsonNode report = sync(brand);
			assertThat(report.get("rateLimited").asInt()).isEqualTo(1);
			assertThat(report.get("updated").asInt()).isZero();
			assertThat(MASTODON.statusReads()).as("one refused read, no other").isEqualTo(reads + 1);
		}
		finally {
			this.clock.advance(Duration.ofMinutes(6));
		}
		assertThat(sync(brand).get("updated").asInt()).isEqualTo(3);
	}

	@Test
	void onlyAdminsSyncByHand() throws Exception {
		Brand brand = brandOnMastodon(MASTODON, "Ines");
		Session member = join(brand.owner(), brand.workspaceId(), "Mia", "MEMBER");
		expect(403, as(member.accessToken(), post("/api/v1/analytics/sync")));
	}

	@Test
	void theJobSyncsOnItsOwnOnceItsIntervalHasPassed() throws Exception {
		Brand brand = brandOnMastodon(MASTODON, "Jana");
		Published published = publish(brand, "Counted by the job", List.of());
		MASTODON.engage(published.statusId(), 2, 1);
		this.clock.advance(Duration.ofHours(6).plusMinutes(1));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.performance.latest(brand.workspaceId(), List.of(published.targetId())))
				.hasEntrySatisfying(published.targetId(), (counts) -> assertThat(counts.engagement()).isEqualTo(3)));
	}

}
