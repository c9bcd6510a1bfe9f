package dev.herald.analytics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.herald.IntegrationTestSupport;
import dev.herald.platform.mastodon.FakeMastodon;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Tests that need a published history: a user with a workspace and a brand whose Mastodon
 * account (on a fake instance) has posts published through the API, as a user publishes
 * them, and counts set on the instance for the metric sync to read. Runs in the shared
 * application context.
 */
public abstract class PublishedHistoryTestSupport extends IntegrationTestSupport {

	/**
	 * A post as the fake instance has it.
	 *
	 * @param postId Herald's post
	 * @param targetId its target on the channel
	 * @param statusId the instance's id of the status
	 */
	protected record Published(UUID postId, UUID targetId, String statusId) {
	}

	/**
	 * A brand ready to publish.
	 *
	 * @param owner its workspace's owner
	 * @param workspaceId the workspace
	 * @param brandId the brand
	 * @param channelId its Mastodon channel
	 * @param username the account on the fake instance
	 */
	protected record Brand(Session owner, UUID workspaceId, UUID brandId, UUID channelId, String username) {
	}

	protected Brand brandOnMastodon(FakeMastodon mastodon, String name) throws Exception {
		mastodon.clock(this.clock::instant);
		Session owner = signUp(name);
		UUID workspace = createWorkspace(owner, name + "'s");
		UUID brand = UUID.fromString(
				data(expect(201, as(owner.accessToken(), post("/api/v1/brands"), Map.of("name", name + " & Co"))))
					.get("id")
					.asString());
		String username = name.toLowerCase(java.util.Locale.ROOT) + UUID.randomUUID().toString().substring(0, 8);
		UUID channel = UUID.fromString(data(expect(201,
				as(owner.accessToken(), post("/api/v1/brands/" + brand + "/channels/connect/mastodon"),
						Map.of("instance", mastodon.url().toString(), "accessToken", mastodon.issueToken(username)))))
			.get("channel")
			.get("id")
			.asString());
		return new Brand(owner, workspace, brand, channel, username);
	}

	/** Publishes a post now on the brand's channel and waits until it is published. */
	protected Published publish(Brand brand, String text, List<String> hashtags) throws Exception {
		String post = data(expect(201,
				as(brand.owner().accessToken(), post("/api/v1/posts"), Map.of("brandId", brand.brandId(), "text", text,
						"hashtags", hashtags, "targets", List.of(Map.of("channelId", brand.channelId()))))))
			.get("id")
			.asString();
		expect(200, as(brand.owner().accessToken(), post("/api/v1/posts/" + post + "/publish")));
		JsonNode[] published = new JsonNode[1];
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			published[0] = data(expect(200, as(brand.owner().accessToken(), get("/api/v1/posts/" + post))));
			assertThat(published[0].get("status").asString()).as(published[0].toString()).isEqualTo("PUBLISHED");
		});
		JsonNode target = published[0].get("targets").get(0);
		return new Published(UUID.fromString(post), UUID.fromString(target.get("id").asString()),
				target.get("platformPostId").asString());
	}

	/** Reads the counts of the workspace's posts now, as an admin; answers the report. */
	protected JsonNode sync(Brand brand) throws Exception {
		return data(expect(200, as(brand.owner().accessToken(), post("/api/v1/analytics/sync"))));
	}

}
