package dev.herald.platform.mastodon;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.herald.platform.ChannelAccess;
import dev.herald.platform.PlatformSettings;
import dev.herald.platform.PostContent;
import dev.herald.platform.PublishRequest;
import dev.herald.platform.PublishResult;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a benchmark asks of the fake instance: latency on every status post, random faults
 * that come out the same for one seed, and exact counting under thousands of concurrent
 * posts from many accounts.
 */
class FakeMastodonIntegrationTests {

	private static final int ACCOUNTS = 250;

	@Test
	void countsEveryStatusExactlyUnderHundredsOfConcurrentPostsFromManyAccounts() throws Exception {
		try (FakeMastodon mastodon = new FakeMastodon("unused")) {
			// the latency keeps the requests waiting at once
			mastodon.latency(Duration.ofMillis(200));
			MastodonPlatform platform = platform(Duration.ofSeconds(60));
			List<String> tokens = new ArrayList<>();
			for (int i = 0; i < ACCOUNTS; i++) {
				tokens.add(mastodon.issueToken("user" + i));
			}
			// every account posts two statuses, and every post is sent twice at once
			// under its key: 1,000 requests, 500 statuses
			List<Callable<PublishResult>> posts = new ArrayList<>();
			for (int i = 0; i < ACCOUNTS; i++) {
				ChannelAccess channel = new ChannelAccess(mastodon.url(), null, tokens.get(i));
				for (int post = 0; post < 2; post++) {
					PublishRequest request = new PublishRequest(channel, PostContent.of("Post " + post + " of " + i),
							UUID.randomUUID().toString(), Map.of());
					posts.add(() -> platform.publish(request));
					posts.add(() -> platform.publish(request));
				}
			}
			List<PublishResult> results = new ArrayList<>();
			try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
				for (Future<PublishResult> result : threads.invokeAll(posts)) {
					results.add(result.get());
				}
			}
			assertThat(results).allSatisfy((result) -> assertThat(result).isInstanceOf(PublishResult.Published.class));
			for (int i = 0; i < results.size(); i += 2) {
				assertThat(results.get(i)).isEqualTo(results.get(i + 1));
			}
			assertThat(mastodon.accepted()).isEqualTo(2 * ACCOUNTS);
			assertThat(mastodon.statuses()).hasSize(2 * ACCOUNTS);
			assertThat(mastodon.statusesOf("user" + (ACCOUNTS - 1))).extracting(FakeMastodon.Status::text)
				.containsExactlyInAnyOrder("Post 0 of " + (ACCOUNTS - 1), "Post 1 of " + (ACCOUNTS - 1));
		}
	}

	@Test
	void answersEveryStatusPostAfterTheLatency() {
		try (FakeMastodon mastodon = new FakeMastodon("token")) {
			mastodon.latency(Duration.ofMillis(300));
			long start = System.nanoTime();
			assertThat(publish(platform(Duration.ofSeconds(5)), mastodon, "token"))
				.isInstanceOf(PublishResult.Published.class);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		}
	}

	@Test
	void randomServerErrorsFollowTheSeed() {
		List<Boolean> first = serverErrors(42);
		assertThat(first).isEqualTo(serverErrors(42));
		assertThat(first.stream().filter((failed) -> failed).count()).isBetween(4L, 20L);
		assertThat(serverErrors(43)).isNotEqualTo(first);
	}

	/** Which of 40 posts failed with a 503, at a rate of 30 %. */
	private List<Boolean> serverErrors(long seed) {
		try (FakeMastodon mastodon = new FakeMastodon("token")) {
			mastodon.faultRates(0.3, 0);
			mastodon.seed(seed);
			MastodonPlatform platform = platform(Duration.ofSeconds(5));
			List<Boolean> failed = new ArrayList<>();
			for (int i = 0; i < 40; i++) {
				PublishResult result = publish(platform, mastodon, "token");
				assertThat(result).isInstanceOfAny(PublishResult.Published.class, PublishResult.Transient.class);
				failed.add(result instanceof PublishResult.Transient);
			}
			assertThat(mastodon.accepted()).isEqualTo(failed.stream().filter((f) -> !f).count());
			return failed;
		}
	}

	@Test
	void aTimeoutIsAnsweredPastTheClientsTimeoutAndTheStatusIsPostedAllTheSame() {
		try (FakeMastodon mastodon = new FakeMastodon("token")) {
			mastodon.faultRates(0, 1);
			mastodon.timeoutDelay(Duration.ofSeconds(2));
			MastodonPlatform platform = platform(Duration.ofMillis(500));
			PublishRequest request = new PublishRequest(new ChannelAccess(mastodon.url(), "109", "token"),
					PostContent.of("Slow"), UUID.randomUUID().toString(), Map.of());
			assertThat(platform.publish(request)).isInstanceOf(PublishResult.Unknown.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> mastodon.inFlight() == 0);
			assertThat(mastodon.accepted()).isEqualTo(1);
			mastodon.faultRates(0, 0);
			assertThat(platform.reconcile(request)).isInstanceOfSatisfying(PublishResult.Published.class,
					(published) -> assertThat(published.platformPostId())
						.isEqualTo(mastodon.statuses().getFirst().id()));
			assertThat(mastodon.accepted()).isEqualTo(1);
		}
	}

	private static PublishResult publish(MastodonPlatform platform, FakeMastodon mastodon, String token) {
		return platform.publish(new PublishRequest(new ChannelAccess(mastodon.url(), "109", token),
				PostContent.of("Hello"), UUID.randomUUID().toString(), Map.of()));
	}

	private static MastodonPlatform platform(Duration readTimeout) {
		return new MastodonPlatform(new PlatformSettings(Duration.ofSeconds(10), readTimeout),
				JsonMapper.builder().build(), Clock.systemUTC());
	}

}
