package dev.herald.publishing.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.FutureTask;

import javax.sql.DataSource;

import dev.herald.IntegrationTestSupport;
import dev.herald.platform.ErrorClass;
import dev.herald.platform.PlatformKind;
import dev.herald.platform.PublishResult;
import dev.herald.platform.mastodon.FakeMastodon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static dev.herald.common.SqlTime.ts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The settler's group commit: targets settled at the same moment are saved together, one
 * that cannot be saved does not take the others down with it, a target whose lease
 * another instance holds is left alone, and the post is settled, and its author told,
 * once its last target is.
 */
class SettlerIntegrationTests extends IntegrationTestSupport {

	private static final FakeMastodon MASTODON = new FakeMastodon("unused-" + UUID.randomUUID());

	@Autowired
	private Settler settler;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private DataSource dataSource;

	@AfterAll
	static void stopFake() {
		MASTODON.close();
	}

	@Test
	void settlesTogetherWithoutOneFailingTheOthers() throws Exception {
		Session owner = signUp("Sol");
		UUID workspace = createWorkspace(owner, "Sol's");
		String brand = data(expect(201, as(owner.accessToken(), post("/api/v1/brands"), Map.of("name", "Sol"))))
			.get("id")
			.asString();
		List<String> channels = List.of(mastodon(owner, brand), mastodon(owner, brand), mastodon(owner, brand));
		String post = data(expect(201,
				as(owner.accessToken(), post("/api/v1/posts"),
						Map.of("brandId", brand, "text", "Settled together", "targets",
								channels.stream().map((id) -> Map.of("channelId", id)).toList()))))
			.get("id")
			.asString();
		expect(200, as(owner.accessToken(), post("/api/v1/posts/" + post + "/schedule"),
				Map.of("scheduledFor", Instant.now(this.clock).plus(Duration.ofDays(1)).toString())));
		// claimed as the dispatcher claims: two by this instance, the third by another
		Instant now = Instant.now(this.clock);
		this.jdbc.sql("UPDATE post_targets SET status = 'PUBLISHING', lease_until = ?, leased_by = ? WHERE post_id = ?")
			.params(ts(now.plus(Duration.ofMinutes(2))), Dispatcher.INSTANCE, UUID.fromString(post))
			.update();
		this.jdbc.sql("UPDATE posts SET status = 'PUBLISHING' WHERE id = ?").param(UUID.fromString(post)).update();
		this.jdbc.sql("UPDATE post_targets SET leased_by = 'another-instance' WHERE channel_id = ?")
			.param(UUID.fromString(channels.get(2)))
			.update();
		Dispatcher.Claim first = claim(workspace, post, channels.get(0));
		Dispatcher.Claim second = claim(workspace, post, channels.get(1));
		Dispatcher.Claim third = claim(workspace, post, channels.get(2));

		// the third's settlement waits for the post's row lock, which this test holds, so
		// the first two are queued meanwhile and saved together: the second's state
		// cannot
		// be saved
		FutureTask<Boolean> otherLease = new FutureTask<>(() -> this.settler.settle(failed(third)));
		FutureTask<Boolean> published = new FutureTask<>(() -> this.settler.settle(published(first, "{}")));
		FutureTask<Boolean> broken = new FutureTask<>(() -> this.settler.settle(published(second, "not json")));
		try (Connection lock = this.dataSource.getConnection()) {
			lock.setAutoCommit(false);
			try (PreparedStatement select = lock.prepareStatement("SELECT id FROM posts WHERE id = ? FOR UPDATE")) {
				select.setObject(1, UUID.fromString(post));
				select.executeQuery().close();
			}
			Thread.ofPlatform().start(otherLease);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.jdbc.sql("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")
					.query(Integer.class)
					.single() > 0);
			Thread one = Thread.ofPlatform().start(published);
			Thread two = Thread.ofPlatform().start(broken);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> one.getState() == Thread.State.TIMED_WAITING
						&& two.getState() == Thread.State.TIMED_WAITING);
			lock.rollback();
		}
		assertThat(otherLease.get()).as("another instance's lease: nothing changes").isFalse();
		assertThat(published.get()).isTrue();
		assertThatThrownBy(broken::get).rootCause().hasMessageContaining("json");
		assertThat(status(first)).isEqualTo("PUBLISHED");
		assertThat(status(second)).as("left for its lease to run out and be reconciled").isEqualTo("PUBLISHING");
		assertThat(status(third)).isEqualTo("PUBLISHING");

		assertThat(this.settler.settle(failed(second))).isTrue();
		assertThat(postStatus(owner, post)).as("one target still open").isEqualTo("PUBLISHING");

		this.jdbc.sql("UPDATE post_targets SET leased_by = ? WHERE id = ?")
			.params(Dispatcher.INSTANCE, third.targetId())
			.update();
		assertThat(this.settler.settle(published(third, "{}"))).isTrue();
		assertThat(postStatus(owner, post)).isEqualTo("PARTIALLY_PUBLISHED");
		JsonNode notifications = data(expect(200, as(owner.accessToken(), get("/api/v1/users/me/notifications"))));
		assertThat(notifications.findValuesAsString("title")).contains("Partly published (1 failed): Settled together");
	}

	private String mastodon(Session owner, String brand) throws Exception {
		return data(expect(201,
				as(owner.accessToken(), post("/api/v1/brands/" + brand + "/channels/connect/mastodon"),
						Map.of("instance", MASTODON.url().toString(), "accessToken",
								MASTODON.issueToken("sol" + UUID.randomUUID().toString().substring(0, 8))))))
			.get("channel")
			.get("id")
			.asString();
	}

	private Dispatcher.Claim claim(UUID workspace, String post, String channel) {
		UUID target = this.jdbc.sql("SELECT id FROM post_targets WHERE post_id = ? AND channel_id = ?")
			.params(UUID.fromString(post), UUID.fromString(channel))
			.query(UUID.class)
			.single();
		return new Dispatcher.Claim(target, UUID.fromString(post), workspace, UUID.fromString(channel),
				PlatformKind.MASTODON, Instant.now(this.clock), 1, false, Map.of(),
				new Composer.Draft("Settled together", List.of(), null, List.of()), null, null, List.of());
	}

	private static Settler.Settlement published(Dispatcher.Claim claim, String state) {
		return Settler.Settlement.published(claim, new PublishResult.Published("id-" + claim.targetId(), null), state);
	}

	private static Settler.Settlement failed(Dispatcher.Claim claim) {
		return Settler.Settlement.failed(claim, ErrorClass.INVALID_CONTENT, "Refused");
	}

	private String status(Dispatcher.Claim claim) {
		return this.jdbc.sql("SELECT status FROM post_targets WHERE id = ?")
			.param(claim.targetId())
			.query(String.class)
			.single();
	}

	private String postStatus(Session owner, String post) throws Exception {
		return data(expect(200, as(owner.accessToken(), get("/api/v1/posts/" + post)))).get("status").asString();
	}

}
