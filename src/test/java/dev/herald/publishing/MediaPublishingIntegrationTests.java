package dev.herald.publishing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.herald.IntegrationTestSupport;
import dev.herald.media.TestMedia;
import dev.herald.platform.bluesky.FakeBlueskyPds;
import dev.herald.platform.mastodon.FakeMastodon;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Posts with files from the media library: checked by each channel's platform before
 * scheduling, uploaded to Mastodon (with processing) and Bluesky (as blobs, with alt text
 * and aspect ratio) when published, and kept from deletion while a post needs them.
 */
class MediaPublishingIntegrationTests extends IntegrationTestSupport {

	private static final FakeMastodon MASTODON = new FakeMastodon("unused-" + UUID.randomUUID());

	private static final FakeBlueskyPds PDS = new FakeBlueskyPds();

	private static final String APP_PASSWORD = "media-test-app-pass";

	private Session owner;

	private String brand;

	private String user;

	@AfterAll
	static void stopFakes() {
		MASTODON.close();
		PDS.close();
	}

	@BeforeEach
	void ownerWithBrand() throws Exception {
		PDS.openSignUp(APP_PASSWORD);
		MASTODON.clock(this.clock::instant);
		PDS.clock(this.clock::instant);
		this.owner = signUp("Noor");
		createWorkspace(this.owner, "Noor's");
		this.brand = data(expect(201, as(this.owner.accessToken(), post("/api/v1/brands"), Map.of("name", "Noor"))))
			.get("id")
			.asString();
		this.user = "noor" + UUID.randomUUID().toString().substring(0, 8);
	}

	@Test
	void publishesAPictureToMastodonAndBlueskyWithItsAltText() throws Exception {
		String mastodon = mastodon();
		String bluesky = bluesky();
		byte[] photo = TestMedia.jpeg(800, 600);
		String media = upload("flag.jpg", photo, "A red and blue flag");
		String post = data(expect(201,
				as(this.owner.accessToken(), post("/api/v1/posts"),
						Map.of("brandId", this.brand, "text", "Our new flag", "mediaIds", List.of(media), "targets",
								List.of(Map.of("channelId", mastodon), Map.of("channelId", bluesky))))))
			.get("id")
			.asString();
		assertThat(read(post).get("mediaIds").toString()).isEqualTo("[\"" + media + "\"]");
		int records = PDS.records().size();
		expect(200, as(this.owner.accessToken(), post("/api/v1/posts/" + post + "/publish")));
		JsonNode published = awaitStatus(post, "PUBLISHED");

		FakeMastodon.Status status = MASTODON.statusesOf(this.user).getFirst();
		assertThat(status.text()).isEqualTo("Our new flag");
		assertThat(MASTODON.attachments(status.id())).singleElement().satisfies((upload) -> {
			assertThat(upload.size()).isEqualTo(photo.length);
			assertThat(upload.mimeType()).isEqualTo("image/jpeg");
			assertThat(upload.description()).isEqualTo("A red and blue flag");
		});
		String uri = published.get("targets").get(1).get("platformPostId").asString();
		assertThat(PDS.records()).hasSize(records + 1);
		JsonNode record = PDS.records().stream().filter((r) -> r.uri().equals(uri)).findFirst().orElseThrow().value();
		JsonNode image = record.at("/embed/images/0");
		assertThat(record.at("/embed/$type").asString()).isEqualTo("app.bsky.embed.images");
		assertThat(image.get("alt").asString()).isEqualTo("A red and blue flag");
		assertThat(image.at("/aspectRatio/width").asInt()).isEqualTo(800);
		assertThat(image.at("/aspectRatio/height").asInt()).isEqualTo(600);
		assertThat(image.at("/image/size").asLong()).isEqualTo(photo.length);
	}

	@Test
	void saysWhichChannelWouldRefuseAFileBeforeScheduling() throws Exception {
		String mastodon = mastodon();
		String bluesky = bluesky();
		String large = upload("large.png", TestMedia.png(1500, 1500, true), null);
		JsonNode verdict = data(expect(200,
				as(this.owner.accessToken(), post("/api/v1/posts/validate"),
						Map.of("brandId", this.brand, "text", "Big picture", "mediaIds", List.of(large), "targets",
								List.of(Map.of("channelId", mastodon), Map.of("channelId", bluesky))))));
		assertThat(verdict.get("valid").asBoolean()).isFalse();
		assertThat(verdict.get("targets").get(0).get("violations")).isEmpty();
		JsonNode violation = verdict.get("targets").get(1).get("violations").get(0);
		assertThat(violation.get("field").asString()).isEqualTo("mediaIds[0]");
		assertThat(violation.get("message").asString()).contains(large).contains("at most");
		assertThat(violation.get("fix").get("format").asString()).isEqualTo("jpeg");
		assertThat(violation.get("fix").get("maxBytes").asLong()).isEqualTo(1_000_000L);
		assertThat(violation.get("fix").get("label").asString()).isEqualTo("Make a JPEG under 1 MB");

		// the fix: a variant within Bluesky's limit, as that channel's own file
		String smaller = data(expect(202,
				as(this.owner.accessToken(), post("/api/v1/media/" + large + "/variants"),
						Map.of("format", "jpeg", "maxBytes", violation.get("fix").get("maxBytes").asLong()))))
			.get("id")
			.asString();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> "READY"
				.equals(data(expect(200, as(this.owner.accessToken(), get("/api/v1/media/" + smaller)))).get("status")
					.asString()));
		JsonNode fixed = data(expect(200, as(this.owner.accessToken(), post("/api/v1/posts/validate"), Map.of("brandId",
				this.brand, "text", "Big picture", "mediaIds", List.of(large), "targets",
				List.of(Map.of("channelId", mastodon), Map.of("channelId", bluesky, "mediaIds", List.of(smaller)))))));
		assertThat(fixed.get("valid").asBoolean()).as(fixed.toString()).isTrue();

		JsonNode error = body(expect(422,
				as(this.owner.accessToken(), post("/api/v1/posts"),
						Map.of("brandId", this.brand, "text", "Not mine", "mediaIds", List.of(UUID.randomUUID())))))
			.get("error");
		assertThat(error.get("details").get(0).get("field").asString()).isEqualTo("mediaIds[0]");
	}

	@Test
	void keepsAFileWhileAScheduledPostNeedsIt() throws Exception {
		String mastodon = mastodon();
		String media = upload("keep.jpg", TestMedia.jpeg(320, 240), null);
		String post = data(expect(201,
				as(this.owner.accessToken(), post("/api/v1/posts"),
						Map.of("brandId", this.brand, "text", "Tomorrow's picture", "targets",
								List.of(Map.of("channelId", mastodon, "mediaIds", List.of(media)))))))
			.get("id")
			.asString();
		expect(200, as(this.owner.accessToken(), post("/api/v1/posts/" + post + "/schedule"),
				Map.of("scheduledFor", Instant.now(this.clock).plus(Duration.ofDays(1)).toString())));
		JsonNode refusal = body(expect(409, as(this.owner.accessToken(), delete("/api/v1/media/" + media))));
		assertThat(refusal.get("error").get("message").asString()).contains("Tomorrow's picture")
			.contains("scheduled for");
		expect(200, as(this.owner.accessToken(), post("/api/v1/posts/" + post + "/cancel")));
		expect(204, as(this.owner.accessToken(), delete("/api/v1/media/" + media)));
	}

	// helpers

	private String upload(String name, byte[] content, @Nullable String altText) throws Exception {
		String id = data(
				expect(201,
						upload(this.owner.accessToken(), name, "image/jpeg", content,
								(altText != null) ? new String[] { "altText", altText } : new String[0])))
			.get("id")
			.asString();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> !"PROCESSING"
				.equals(data(expect(200, as(this.owner.accessToken(), get("/api/v1/media/" + id)))).get("status")
					.asString()));
		return id;
	}

	private String mastodon() throws Exception {
		return data(expect(201,
				as(this.owner.accessToken(), post("/api/v1/brands/" + this.brand + "/channels/connect/mastodon"),
						Map.of("instance", MASTODON.url().toString(), "accessToken", MASTODON.issueToken(this.user)))))
			.get("channel")
			.get("id")
			.asString();
	}

	private String bluesky() throws Exception {
		return data(expect(201,
				as(this.owner.accessToken(), post("/api/v1/brands/" + this.brand + "/channels/connect/bluesky"), Map
					.of("identifier", this.user + ".test", "appPassword", APP_PASSWORD, "pds", PDS.url().toString()))))
			.get("channel")
			.get("id")
			.asString();
	}

	private JsonNode read(String post) throws Exception {
		return data(expect(200, as(this.owner.accessToken(), get("/api/v1/posts/" + post))));
	}

	private JsonNode awaitStatus(String post, String status) {
		JsonNode[] last = new JsonNode[1];
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			last[0] = read(post);
			assertThat(last[0].get("status").asString()).as(last[0].toString()).isEqualTo(status);
		});
		return last[0];
	}

}
