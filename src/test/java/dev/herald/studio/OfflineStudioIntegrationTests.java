package dev.herald.studio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.herald.analytics.PublishedHistoryTestSupport;
import dev.herald.platform.mastodon.FakeMastodon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The offline AI end to end, with no generative provider configured: posts published to a
 * fake Mastodon instance through the API, embedded after publishing, their counts synced
 * from the instance; then the nearest past posts of a draft, hashtags from the brand's
 * history, its themes and a predicted engagement, each answered from that history; and
 * what each says when there is no history, or not enough.
 */
class OfflineStudioIntegrationTests extends PublishedHistoryTestSupport {

	private static final FakeMastodon MASTODON = new FakeMastodon("unused-" + UUID.randomUUID());

	@Autowired
	private JdbcClient jdbc;

	private static final List<String> COFFEE = List.of(
			"Our new single-origin #espresso from Ethiopia is in: bright, fruity and sweet",
			"Latte art workshop this Saturday: learn to pour a rosetta with our baristas",
			"How we roast our coffee beans: a look inside the roastery",
			"Cold brew season is back: steeped for eighteen hours, served over ice",
			"Meet the farmers who grow the coffee in your morning cup");

	private static final List<String> TAXES = List.of(
			"Reminder: the quarterly VAT return for small businesses is due next week",
			"Five deductible expenses freelancers forget on their income tax return",
			"How to keep your receipts and invoices in order for the tax audit",
			"New rules for payroll tax filing start in January: what employers must do");

	@AfterAll
	static void stopFake() {
		MASTODON.close();
	}

	@Test
	void answersFromThePublishedHistoryAndItsMetrics() throws Exception {
		Brand brand = brandOnMastodon(MASTODON, "Olga");
		List<Published> coffee = new ArrayList<>();
		for (String text : COFFEE) {
			coffee.add(publish(brand, text, List.of("coffee", "specialtycoffee")));
		}
		List<Published> taxes = new ArrayList<>();
		for (String text : TAXES) {
			taxes.add(publish(brand, text, List.of("taxes", "smallbusiness")));
		}
		for (int i = 0; i < coffee.size(); i++) {
			MASTODON.engage(coffee.get(i).statusId(), 40 + i, 10);
		}
		for (Published post : taxes) {
			MASTODON.engage(post.statusId(), 2, 0);
		}
		assertThat(sync(brand).get("updated").asInt()).isEqualTo(9);
		// each post is embedded once published, before anyone asks
		UUID[] published = java.util.stream.Stream.concat(coffee.stream(), taxes.stream())
			.map(Published::targetId)
			.toArray(UUID[]::new);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.sql("SELECT count(*) FROM post_embeddings WHERE target_id = ANY(?)")
				.param(published)
				.query(Integer.class)
				.single() == 9);
		String token = brand.owner().accessToken();

		// the nearest past posts: the coffee ones, each with its counts
		JsonNode similar = data(
				expect(200, as(token, post("/api/v1/ai/similar-posts"), Map.of("brandId", brand.brandId(), "text",
						"A new espresso blend from our roastery, tasting notes of chocolate", "limit", 3))));
		assertThat(similar.get("history").get("indexed").asInt()).isEqualTo(9);
		assertThat(similar.get("posts")).hasSize(3);
		List<String> targets = coffee.stream().map((p) -> p.targetId().toString()).toList();
		similar.get("posts").forEach((post) -> {
			assertThat(targets).contains(post.get("targetId").asString());
			assertThat(post.get("metrics").get("engagement").asLong()).isGreaterThanOrEqualTo(50);
			// its own hashtags, and those of its text
			List<String> tags = new ArrayList<>();
			post.get("hashtags").forEach((tag) -> tags.add(tag.asString()));
			assertThat(tags).contains("coffee", "specialtycoffee");
			assertThat(tags.contains("espresso")).isEqualTo(post.get("text").asString().contains("#espresso"));
		});
		assertThat(similar.get("posts").findValuesAsString("text")).anyMatch((text) -> text.contains("#espresso"));
		double first = similar.get("posts").get(0).get("similarity").asDouble();
		assertThat(first).isGreaterThan(similar.get("posts").get(2).get("similarity").asDouble() - 1e-9)
			.isGreaterThan(0.3);

		// hashtags from history: the coffee posts' first, the draft's own left out
		JsonNode hashtags = data(expect(200, as(token, post("/api/v1/ai/history-hashtags"), Map.of("brandId",
				brand.brandId(), "text", "Come taste our new espresso at the #coffee bar", "limit", 10))));
		List<String> ranked = hashtags.get("hashtags").findValuesAsString("hashtag");
		assertThat(ranked).first().isEqualTo("specialtycoffee");
		assertThat(ranked).doesNotContain("coffee").contains("taxes");
		assertThat(ranked.indexOf("specialtycoffee")).isLessThan(ranked.indexOf("taxes"));
		assertThat(hashtags.get("hashtags").get(0).get("uses").asInt()).isEqualTo(5);
		assertThat(hashtags.get("hashtags").get(0).get("averageEngagement").asDouble()).isGreaterThan(50);

		// two themes: the coffee posts and the tax posts, told apart by their terms and
		// their engagement
		JsonNode themes = data(
				expect(200, as(token, post("/api/v1/ai/themes"), Map.of("brandId", brand.brandId(), "k", 2))));
		assertThat(themes.get("themes")).hasSize(2);
		JsonNode coffeeTheme = themes.get("themes").get(0);
		JsonNode taxTheme = themes.get("themes").get(1);
		assertThat(coffeeTheme.get("size").asInt()).isEqualTo(5);
		assertThat(taxTheme.get("size").asInt()).isEqualTo(4);
		assertThat(coffeeTheme.get("terms").toString()).contains("coffee");
		assertThat(taxTheme.get("terms").toString()).containsAnyOf("tax", "taxes");
		assertThat(coffeeTheme.get("averageEngagement").asDouble())
			.isGreaterThan(taxTheme.get("averageEngagement").asDouble());
		assertThat(coffeeTheme.get("examples")).hasSize(3);
		// one channel's themes are the same here, asked by its channel alone
		JsonNode channelThemes = data(
				expect(200, as(token, post("/api/v1/ai/themes"), Map.of("channelId", brand.channelId(), "k", 2))));
		assertThat(channelThemes.get("history").get("posts").asInt()).isEqualTo(9);

		// predictions: a coffee draft engages like the coffee posts, a tax draft like
		// the tax posts
		JsonNode coffeeDraft = predict(token, brand, "Our baristas pour a new seasonal latte this weekend");
		JsonNode taxDraft = predict(token, brand, "Tax deadline for small businesses: file your VAT return");
		assertThat(coffeeDraft.get("enoughHistory").asBoolean()).isTrue();
		assertThat(coffeeDraft.get("postsWithMetrics").asInt()).isEqualTo(9);
		assertThat(coffeeDraft.get("predictedEngagement").asDouble()).isGreaterThan(30);
		assertThat(taxDraft.get("predictedEngagement").asDouble()).isLessThan(20);
		assertThat(coffeeDraft.get("confidence").asDouble()).isGreaterThan(0).isLessThanOrEqualTo(1);
		assertThat(coffeeDraft.get("neighbours")).isNotEmpty();
		assertThat(coffeeDraft.get("neighbours").get(0).get("metrics").get("engagement").asLong())
			.isGreaterThanOrEqualTo(50);
		assertThat(coffeeDraft.get("baseline").asDouble()).isBetween(20.0, 40.0);

		// the insights page shows the same, for a draft pasted in its form
		MockHttpSession session = dashboardSession(brand.owner());
		String page = page(this.mvc
			.perform(from(post("/studio/insights").param("brandId", brand.brandId().toString())
				.param("text", "A new espresso blend from our roastery")).session(session).with(csrf()))
			.andExpect(status().isOk()));
		assertThat(page).contains("data-testid=\"prediction\"")
			.contains("data-testid=\"confidence\"")
			.contains("Closest past posts")
			.contains("#specialtycoffee")
			.contains("How we roast our coffee beans")
			.doesNotContain("not-enough-history");
		assertThat(page(this.mvc.perform(from(get("/studio/insights")).session(session)).andExpect(status().isOk())))
			.contains("data-testid=\"theme\"")
			.contains("coffee")
			.contains("nav-insights");
	}

	@Test
	void theInsightsPageSaysWhatToDoWithoutHistory() throws Exception {
		Brand brand = brandOnMastodon(MASTODON, "Yara");
		MockHttpSession session = dashboardSession(brand.owner());
		assertThat(page(this.mvc.perform(from(get("/studio/insights")).session(session)).andExpect(status().isOk())))
			.contains("Insights")
			.contains("data-testid=\"themes-empty\"")
			.contains("publish a few posts first")
			.contains("data-testid=\"draft-form\"");
		String fragment = page(this.mvc
			.perform(from(post("/studio/insights").param("brandId", brand.brandId().toString())
				.param("text", "Our very first post")
				.header("HX-Request", "true")).session(session).with(csrf()))
			.andExpect(status().isOk()));
		assertThat(fragment).startsWith("<section")
			.doesNotContain("<html")
			.contains("data-testid=\"not-enough-history\"")
			.contains("Not enough history: 0 published posts with metrics, at least 5 needed");
		assertThat(page(this.mvc
			.perform(from(post("/studio/insights").param("brandId", brand.brandId().toString()).param("text", " "))
				.session(session)
				.with(csrf()))
			.andExpect(status().isOk()))).contains("data-testid=\"draft-error\"");

		Session newcomer = signUp("Zoe");
		createWorkspace(newcomer, "Zoe's");
		assertThat(page(this.mvc.perform(from(get("/studio/insights")).session(dashboardSession(newcomer)))
			.andExpect(status().isOk()))).contains("data-testid=\"insights-no-brand\"");
	}

	private static String page(org.springframework.test.web.servlet.ResultActions result) throws Exception {
		return result.andReturn().getResponse().getContentAsString();
	}

	@Test
	void saysWhenThereIsNoHistoryOrNotEnough() throws Exception {
		Brand brand = brandOnMastodon(MASTODON, "Ulla");
		String token = brand.owner().accessToken();
		JsonNode none = predict(token, brand, "Our first post");
		assertThat(none.get("enoughHistory").asBoolean()).isFalse();
		assertThat(none.get("message").asString())
			.startsWith("Not enough history: 0 published posts with metrics, at least 5 needed");
		assertThat(none.get("predictedEngagement").isNull()).isTrue();
		JsonNode similar = data(expect(200, as(token, post("/api/v1/ai/similar-posts"),
				Map.of("brandId", brand.brandId(), "text", "Our first post"))));
		assertThat(similar.get("posts")).isEmpty();
		assertThat(similar.get("message").asString()).contains("publish a few posts first");
		JsonNode hashtags = data(expect(200, as(token, post("/api/v1/ai/history-hashtags"),
				Map.of("brandId", brand.brandId(), "text", "Our first post"))));
		assertThat(hashtags.get("hashtags")).isEmpty();
		assertThat(hashtags.get("message").asString()).contains("publish a few posts first");

		// two posts, one hashtag-free: still not enough, and said so with the count
		Published one = publish(brand, "Hello from our new account", List.of());
		Published two = publish(brand, "Our opening hours for the holidays", List.of());
		MASTODON.engage(one.statusId(), 3, 1);
		MASTODON.engage(two.statusId(), 1, 0);
		sync(brand);
		JsonNode twoPosts = predict(token, brand, "Our opening hours in summer");
		assertThat(twoPosts.get("enoughHistory").asBoolean()).isFalse();
		assertThat(twoPosts.get("message").asString())
			.startsWith("Not enough history: 2 published posts with metrics, at least 5 needed");
		assertThat(data(expect(200,
				as(token, post("/api/v1/ai/history-hashtags"),
						Map.of("brandId", brand.brandId(), "text", "Our opening hours in summer"))))
			.get("message")
			.asString()).contains("has a hashtag yet");
		assertThat(data(expect(200, as(token, post("/api/v1/ai/themes"), Map.of("brandId", brand.brandId()))))
			.get("message")
			.asString()).startsWith("Not enough history: 2 published posts, at least 6 needed");
	}

	@Test
	void refusesBadInputAnotherWorkspacesBrandAndViewers() throws Exception {
		Brand brand = brandOnMastodon(MASTODON, "Vera");
		Brand other = brandOnMastodon(MASTODON, "Wanda");
		String token = brand.owner().accessToken();
		JsonNode error = body(expect(422,
				as(token, post("/api/v1/ai/similar-posts"), Map.of("brandId", other.brandId(), "text", "Hello"))))
			.get("error");
		assertThat(error.get("details").get(0).get("field").asString()).isEqualTo("brandId");
		expect(422, as(token, post("/api/v1/ai/similar-posts"),
				Map.of("brandId", brand.brandId(), "text", "Hello", "limit", 50)));
		expect(422, as(token, post("/api/v1/ai/predict-engagement"), Map.of("brandId", brand.brandId(), "text", " ")));
		expect(422, as(token, post("/api/v1/ai/themes"), Map.of()));
		expect(422, as(token, post("/api/v1/ai/themes"),
				Map.of("brandId", brand.brandId(), "channelId", other.channelId())));
		Session viewer = join(brand.owner(), brand.workspaceId(), "Vic", "VIEWER");
		expect(403, as(viewer.accessToken(), post("/api/v1/ai/predict-engagement"),
				Map.of("brandId", brand.brandId(), "text", "Hello")));
	}

	private JsonNode predict(String token, Brand brand, String text) throws Exception {
		return data(expect(200,
				as(token, post("/api/v1/ai/predict-engagement"), Map.of("brandId", brand.brandId(), "text", text))));
	}

}
