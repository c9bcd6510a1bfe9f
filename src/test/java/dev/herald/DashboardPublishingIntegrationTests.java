package dev.herald;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.herald.platform.bluesky.FakeBlueskyPds;
import dev.herald.platform.mastodon.FakeMastodon;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The channels, composer, posts, calendar and notification pages through their HTTP
 * forms: what each role is offered and refused, errors shown next to their fields, the
 * composer's live checks, and the calendar's JSON feed and drag-to-reschedule.
 */
class DashboardPublishingIntegrationTests extends IntegrationTestSupport {

	private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

	private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

	/**
	 * Nothing listens here: connecting a webhook does not call it, and nothing is
	 * published in these tests.
	 */
	private static final String NOWHERE = "http://127.0.0.1:9/hook";

	@Test
	void connectsAWebhookOnTheChannelsPageAndShowsItsSigningSecretOnce() throws Exception {
		Session owner = signUp("Lea");
		createWorkspace(owner, "Lea Studio");
		UUID brand = brand(owner, "Lea Coffee");
		MockHttpSession session = dashboardSession(owner);

		this.mvc.perform(from(get("/channels")).session(session))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Lea Coffee")))
			.andExpect(content().string(containsString("No channel yet")));
		this.mvc.perform(from(get("/channels/connect").param("brandId", brand.toString())).session(session))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Connect a channel to")));

		String page = this.mvc
			.perform(from(post("/channels/connect/webhook").param("brandId", brand.toString())
				.param("url", NOWHERE)
				.param("name", "Zapier")
				.param("secret", "")).session(session).with(csrf()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(page).contains("Copy the signing secret now").contains("whsec_");
		String secret = page.replaceAll("(?s).*data-testid=\"signing-secret\">([^<]+)<.*", "$1");
		assertThat(secret).startsWith("whsec_");

		this.mvc.perform(from(get("/channels")).session(session))
			.andExpect(content().string(containsString("Zapier")))
			.andExpect(content().string(containsString("Active")))
			.andExpect(content().string(not(containsString(secret))));
		UUID channel = channelOf(owner, brand);
		this.mvc.perform(from(get("/channels/" + channel)).session(session))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString(secret))))
			.andExpect(content().string(containsString("Disconnect")));
	}

	@Test
	void showsConnectRefusalsNextToTheirFields() throws Exception {
		Session owner = signUp("Max");
		createWorkspace(owner, "Max Studio");
		UUID brand = brand(owner, "Max Bikes");
		MockHttpSession session = dashboardSession(owner);

		this.mvc
			.perform(from(post("/channels/connect/webhook").param("brandId", brand.toString())
				.param("url", "http://example.com/hook")
				.param("secret", "short")).session(session).with(csrf()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"url-error\"")))
			.andExpect(content().string(containsString("plain http is accepted for this machine only")))
			.andExpect(content().string(not(containsString("value=\"short\""))));
		this.mvc
			.perform(from(post("/channels/connect/mastodon").param("brandId", brand.toString())
				.param("instance", "")
				.param("accessToken", "")).session(session).with(csrf()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("id=\"instance-error\"")));
	}

	@Test
	void connectsAMastodonAccountByTheInstancesAuthorizationAndSaysHowItWent() throws Exception {
		try (FakeMastodon mastodon = new FakeMastodon("unused-" + UUID.randomUUID())) {
			mastodon.clock(this.clock::instant);
			Session owner = signUp("Mona");
			createWorkspace(owner, "Mona Studio");
			UUID brand = brand(owner, "Mona Maps");
			MockHttpSession session = dashboardSession(owner);

			// the browser is sent to the instance to authorize Herald
			String authorize = this.mvc
				.perform(from(post("/channels/connect/mastodon").param("brandId", brand.toString())
					.param("instance", mastodon.url().toString())
					.param("accessToken", "")).session(session).with(csrf()))
				.andExpect(status().isFound())
				.andReturn()
				.getResponse()
				.getRedirectedUrl();
			assertThat(authorize).startsWith(mastodon.url() + "/oauth/authorize");
			// the instance sends it back to Herald's callback, which lands on this page
			String back = approve(URI.create(authorize));
			String landing = this.mvc
				.perform(from(get(URI.create(back).getRawPath() + "?" + URI.create(back).getRawQuery())))
				.andExpect(status().isFound())
				.andReturn()
				.getResponse()
				.getHeader("Location");
			assertThat(landing).startsWith("/channels?connected=");
			this.mvc.perform(from(get(URI.create(landing))).session(session))
				.andExpect(status().isOk())
				.andExpect(content().string(containsString("is connected.")))
				.andExpect(content().string(containsString("@herald@")));
			// a refused authorization is said on the same page
			this.mvc
				.perform(from(get("/channels").param("error", "The instance answered: access_denied")).session(session))
				.andExpect(content().string(containsString("The account was not connected: The instance answered")));
		}
	}

	@Test
	void connectsABlueskyAccountWithAnAppPasswordAndNeverShowsThePasswordAgain() throws Exception {
		try (FakeBlueskyPds pds = new FakeBlueskyPds()) {
			pds.addAccount("did:plc:wren", "wren.test", "abcd-efgh-ijkl-mnop");
			Session owner = signUp("Wren");
			createWorkspace(owner, "Wren Studio");
			UUID brand = brand(owner, "Wren Paper");
			MockHttpSession session = dashboardSession(owner);

			this.mvc
				.perform(from(post("/channels/connect/bluesky").param("brandId", brand.toString())
					.param("identifier", "@wren.test")
					.param("appPassword", "wrong-pass-word-xxxx")
					.param("pds", pds.url().toString())).session(session).with(csrf()))
				.andExpect(status().isOk())
				.andExpect(content().string(containsString("id=\"appPassword-error\"")))
				.andExpect(content().string(containsString("Bluesky refused this handle and app password")))
				.andExpect(content().string(containsString("value=\"@wren.test\"")))
				.andExpect(content().string(not(containsString("wrong-pass-word-xxxx"))));
			UUID channel = UUID.fromString(this.mvc
				.perform(from(post("/channels/connect/bluesky").param("brandId", brand.toString())
					.param("identifier", "wren.test")
					.param("appPassword", "abcd-efgh-ijkl-mnop")
					.param("pds", pds.url().toString())).session(session).with(csrf()))
				.andExpect(redirectedUrlPattern("/channels/*"))
				.andReturn()
				.getResponse()
				.getRedirectedUrl()
				.substring("/channels/".length()));
			this.mvc.perform(from(get("/channels/" + channel)).session(session))
				.andExpect(content().string(containsString("wren.test")))
				.andExpect(content().string(containsString("Active")))
				.andExpect(content().string(not(containsString("abcd-efgh-ijkl-mnop"))));
		}
	}

	@Test
	void savesAChannelsPostingSlotsAndRefusesAnUnknownZone() throws Exception {
		Session owner = signUp("Nina");
		createWorkspace(owner, "Nina Studio");
		UUID brand = brand(owner, "Nina Tea");
		UUID channel = connectWebhook(owner, brand);
		MockHttpSession session = dashboardSession(owner);

		this.mvc
			.perform(from(post("/channels/" + channel + "/slots").param("timezone", "Europe/Paris")
				.param("day", "MONDAY", "FRIDAY", "TUESDAY")
				.param("time", "09:30", "17:00", "")).session(session).with(csrf()))
			.andExpect(redirectedUrl("/channels/" + channel));
		JsonNode slots = body(
				this.mvc.perform(as(owner.accessToken(), get("/api/v1/channels/" + channel + "/slots"))).andReturn())
			.get("data");
		assertThat(slots.get("timezone").asString()).isEqualTo("Europe/Paris");
		assertThat(slots.get("slots")).hasSize(2);
		this.mvc.perform(from(get("/channels/" + channel)).session(session))
			.andExpect(content().string(containsString("value=\"17:00\"")));

		this.mvc
			.perform(from(post("/channels/" + channel + "/slots").param("timezone", "Mars/Olympus")
				.param("day", "MONDAY")
				.param("time", "09:30")).session(session).with(csrf()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Not an IANA time zone")));
	}

	@Test
	void composerChecksEachChannelAsTheServerCountsAndSavesBeforeItSchedules() throws Exception {
		Session owner = signUp("Omar");
		UUID workspace = createWorkspace(owner, "Omar Studio");
		this.mvc.perform(as(owner.accessToken(), patch("/api/v1/workspaces/" + workspace),
				Map.of("defaultTimezone", "Europe/Paris")));
		UUID brand = brand(owner, "Omar Books");
		UUID channel = connectWebhook(owner, brand);
		MockHttpSession session = dashboardSession(owner);

		this.mvc.perform(from(get("/posts/new")).session(session))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("data-testid=\"channel-")))
			// the user never chose a zone: the workspace's is the default
			.andExpect(content().string(containsString("<option value=\"Europe/Paris\" selected=\"selected\"")));

		// the live check counts as the platform does
		this.mvc
			.perform(from(post("/posts/compose/check").param("brandId", brand.toString())
				.param("channelIds", channel.toString())
				.param("text", "Hello world")).session(session).with(csrf()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("11 / 10000")))
			.andExpect(content().string(containsString("Every channel accepts this post.")));
		this.mvc
			.perform(from(post("/posts/compose/check").param("brandId", brand.toString()).param("text", "Hello"))
				.session(session)
				.with(csrf()))
			.andExpect(content().string(containsString("Choose a channel to see its limits.")));

		// scheduling without a time saves a draft and says what is missing, next to the
		// field
		String refused = this.mvc
			.perform(from(post("/posts/new").param("brandId", brand.toString())
				.param("channelIds", channel.toString())
				.param("text", "First, a thought")
				.param("thread", "Part two, with a comma", "")
				.param("overrideChannelId", channel.toString())
				.param("overrideText", "")
				.param("hashtags", "#books, reading")
				.param("scheduledAt", "")
				.param("timezone", "Europe/Paris")
				.param("action", "schedule")).session(session).with(csrf()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(refused).contains("Saved as draft, but not scheduled").contains("id=\"scheduledFor-error\"");
		UUID postId = UUID.fromString(refused.replaceAll("(?s).*action=\"/posts/([0-9a-f-]{36})/edit\".*", "$1"));
		JsonNode draft = postOf(owner, postId);
		assertThat(draft.get("status").asString()).isEqualTo("DRAFT");
		// one part, its comma kept
		assertThat(draft.get("thread").get(0).asString()).isEqualTo("Part two, with a comma");
		assertThat(draft.get("thread")).hasSize(1);
		assertThat(draft.get("hashtags").toString()).contains("books", "reading");

		// the same form, now editing the draft, schedules it
		ZonedDateTime at = this.clock.instant().atZone(PARIS).plusDays(2).truncatedTo(ChronoUnit.HOURS);
		this.mvc
			.perform(from(post("/posts/" + postId + "/edit").param("brandId", brand.toString())
				.param("channelIds", channel.toString())
				.param("text", "First, a thought")
				.param("thread", "Part two, with a comma")
				.param("overrideChannelId", channel.toString())
				.param("overrideText", "Only for the webhook")
				.param("hashtags", "#books")
				.param("scheduledAt", LOCAL.format(at))
				.param("timezone", "Europe/Paris")
				.param("action", "schedule")).session(session).with(csrf()))
			.andExpect(redirectedUrl("/posts/" + postId));
		JsonNode scheduled = postOf(owner, postId);
		assertThat(scheduled.get("status").asString()).isEqualTo("SCHEDULED");
		assertThat(Instant.parse(scheduled.get("scheduledFor").asString())).isEqualTo(at.toInstant());
		assertThat(scheduled.get("targets").get(0).get("text").asString()).isEqualTo("Only for the webhook");
		this.mvc.perform(from(get("/posts/" + postId)).session(session))
			.andExpect(content().string(containsString(DateTimeFormatter.ofPattern("HH:mm").format(at))))
			.andExpect(content().string(containsString("(Europe/Paris)")))
			.andExpect(content().string(containsString("Reschedule")))
			.andExpect(content().string(containsString("Cancel schedule")));
		this.mvc.perform(from(get("/posts").param("status", "SCHEDULED")).session(session))
			.andExpect(content().string(containsString("First, a thought")));
		this.mvc.perform(from(get("/posts").param("status", "DRAFT")).session(session))
			.andExpect(content().string(containsString("No post matches these filters")));

		// cancel, then delete
		this.mvc.perform(from(post("/posts/" + postId + "/cancel")).session(session).with(csrf()))
			.andExpect(redirectedUrl("/posts/" + postId));
		assertThat(postOf(owner, postId).get("status").asString()).isEqualTo("DRAFT");
		this.mvc.perform(from(post("/posts/" + postId + "/delete")).session(session).with(csrf()))
			.andExpect(redirectedUrl("/posts"));
		this.mvc.perform(as(owner.accessToken(), get("/api/v1/posts/" + postId))).andExpect(status().isNotFound());
	}

	@Test
	void composerForAnotherBrandKeepsTheTextAndOffersThatBrandsChannels() throws Exception {
		Session owner = signUp("Olga");
		createWorkspace(owner, "Olga Studio");
		UUID first = brand(owner, "Olga Boats");
		connectWebhook(owner, first);
		UUID second = brand(owner, "Olga Oars");
		MockHttpSession session = dashboardSession(owner);

		this.mvc
			.perform(from(post("/posts/compose/brand").param("brandId", second.toString())
				.param("channelIds", channelOf(owner, first).toString())
				.param("text", "Kept across brands")
				.param("timezone", "UTC")).session(session).with(csrf()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Kept across brands")))
			// the other brand has no channel yet: the composer says how to get one
			.andExpect(content().string(containsString("data-testid=\"no-channels\"")))
			.andExpect(content().string(not(containsString("data-testid=\"channel-"))));
	}

	@Test
	void calendarFeedsPostsInTheGivenZoneAndMovesThemByDrag() throws Exception {
		Session owner = signUp("Pia");
		createWorkspace(owner, "Pia Studio");
		UUID brand = brand(owner, "Pia Plants");
		UUID channel = connectWebhook(owner, brand);
		LocalDate day = this.clock.instant().atZone(PARIS).toLocalDate().plusDays(3);
		ZonedDateTime at = day.atTime(10, 0).atZone(PARIS);
		UUID postId = UUID.fromString(
				body(this.mvc
					.perform(as(owner.accessToken(), post("/api/v1/posts"),
							Map.of("brandId", brand, "text", "Spring repotting tips", "targets",
									List.of(Map.of("channelId", channel)), "scheduledFor",
									at.toOffsetDateTime().toString(), "timezone", "Europe/Paris")))
					.andExpect(status().isCreated())
					.andReturn()).get("data").get("id").asString());
		this.mvc.perform(as(owner.accessToken(), post("/api/v1/posts/" + postId + "/schedule")))
			.andExpect(status().isOk());
		MockHttpSession session = dashboardSession(owner);

		this.mvc.perform(from(get("/calendar")).session(session))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("/fullcalendar/6.1.15/index.global.min.js")))
			.andExpect(content().string(containsString("data-editable=\"true\"")));
		this.mvc.perform(from(get("/webjars/fullcalendar/index.global.min.js"))).andExpect(status().isOk());

		// FullCalendar asks with wall times in its named zone
		MvcResult feed = this.mvc
			.perform(from(get("/calendar/events").param("start", day.minusDays(1) + "T00:00:00")
				.param("end", day.plusDays(1) + "T00:00:00")
				.param("timeZone", "Europe/Paris")
				.param("brandId", brand.toString())).session(session))
			.andExpect(status().isOk())
			.andReturn();
		JsonNode events = body(feed);
		assertThat(events).hasSize(1);
		assertThat(events.get(0).get("id").asString()).isEqualTo(postId.toString());
		assertThat(events.get(0).get("start").asString()).startsWith(day + "T10:00:00");
		assertThat(events.get(0).get("classNames").get(0).asString()).isEqualTo("status-scheduled");
		assertThat(events.get(0).get("url").asString()).isEqualTo("/posts/" + postId);
		assertThat(events.get(0).get("editable").asBoolean()).isTrue();
		// the same post, another zone: another wall time
		JsonNode inTokyo = body(this.mvc
			.perform(from(get("/calendar/events").param("start", day.minusDays(1).toString())
				.param("end", day.plusDays(2).toString())
				.param("timeZone", "Asia/Tokyo")).session(session))
			.andReturn());
		assertThat(inTokyo.get(0).get("start").asString())
			.isEqualTo(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX")
				.format(at.withZoneSameInstant(ZoneId.of("Asia/Tokyo"))));
		// filtered by status
		assertThat(body(this.mvc
			.perform(from(get("/calendar/events").param("start", day.minusDays(1).toString())
				.param("end", day.plusDays(1).toString())
				.param("timeZone", "Europe/Paris")
				.param("status", "DRAFT")).session(session))
			.andReturn())).isEmpty();

		// a drop: the new wall time in the calendar's zone
		this.mvc
			.perform(from(post("/calendar/move").param("id", postId.toString())
				.param("start", day.plusDays(1) + "T11:30:00+01:00")
				.param("timeZone", "Europe/Paris")).session(session).with(csrf()))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Moved to")));
		assertThat(Instant.parse(postOf(owner, postId).get("scheduledFor").asString()))
			.isEqualTo(day.plusDays(1).atTime(11, 30).atZone(PARIS).toInstant());
		assertThat(postOf(owner, postId).get("status").asString()).isEqualTo("SCHEDULED");
		// into the past: refused with a message the page shows
		LocalDateTime past = this.clock.instant().atZone(PARIS).toLocalDateTime().minusDays(1);
		this.mvc
			.perform(from(post("/calendar/move").param("id", postId.toString())
				.param("start", past.truncatedTo(ChronoUnit.SECONDS).toString())
				.param("timeZone", "Europe/Paris")).session(session).with(csrf()))
			.andExpect(status().isUnprocessableContent())
			.andExpect(content().string(containsString("still ahead")));
		// without the CSRF token: refused
		this.mvc
			.perform(from(post("/calendar/move").param("id", postId.toString())
				.param("start", day.plusDays(2) + "T11:30:00")
				.param("timeZone", "Europe/Paris")).session(session))
			.andExpect(status().isForbidden());
	}

	@Test
	void viewersReadPostsAndChannelsButAreOfferedAndAllowedNothingElse() throws Exception {
		Session owner = signUp("Quinn");
		UUID workspace = createWorkspace(owner, "Quinn Studio");
		UUID brand = brand(owner, "Quinn Shoes");
		UUID channel = connectWebhook(owner, brand);
		Session viewer = join(owner, workspace, "Ray", "VIEWER");
		MockHttpSession session = dashboardSession(viewer);

		this.mvc.perform(from(get("/posts")).session(session))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Members of this workspace write posts")))
			.andExpect(content().string(not(containsString("data-testid=\"new-post\""))))
			.andExpect(content().string(not(containsString("data-testid=\"compose\""))));
		this.mvc.perform(from(get("/channels")).session(session))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("Connect a channel"))));
		this.mvc.perform(from(get("/channels/" + channel)).session(session))
			.andExpect(status().isOk())
			.andExpect(content().string(not(containsString("data-testid=\"disconnect\""))));
		this.mvc.perform(from(get("/calendar")).session(session))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("data-editable=\"false\"")));

		this.mvc.perform(from(get("/posts/new")).session(session)).andExpect(status().isForbidden());
		this.mvc
			.perform(from(post("/channels/connect/webhook").param("brandId", brand.toString()).param("url", NOWHERE))
				.session(session)
				.with(csrf()))
			.andExpect(status().isForbidden());
		this.mvc.perform(from(post("/channels/" + channel + "/disconnect")).session(session).with(csrf()))
			.andExpect(status().isForbidden());
		this.mvc
			.perform(from(post("/calendar/move").param("id", UUID.randomUUID().toString())
				.param("start", "2030-01-01T10:00:00")
				.param("timeZone", "UTC")).session(session).with(csrf()))
			.andExpect(status().isForbidden())
			.andExpect(content().string(containsString("VIEWER")));
		assertThat(body(
				this.mvc.perform(as(owner.accessToken(), get("/api/v1/brands/" + brand + "/channels"))).andReturn())
			.get("data")).hasSize(1);
	}

	@Test
	void membersSubmitForApprovalAndAdminsReviewOnThePostPageAndAreNotified() throws Exception {
		Session owner = signUp("Sam");
		UUID workspace = createWorkspace(owner, "Sam Studio");
		this.mvc
			.perform(
					as(owner.accessToken(), patch("/api/v1/workspaces/" + workspace), Map.of("approvalRequired", true)))
			.andExpect(status().isOk());
		UUID brand = brand(owner, "Sam Sails");
		UUID channel = connectWebhook(owner, brand);
		Session member = join(owner, workspace, "Tia", "MEMBER");
		MockHttpSession memberSession = dashboardSession(member);

		// a member is offered "Submit for approval", not "Schedule"
		this.mvc.perform(from(get("/posts/new")).session(memberSession))
			.andExpect(content().string(containsString("Submit for approval")))
			.andExpect(content().string(not(containsString("data-testid=\"schedule\""))));
		String location = this.mvc
			.perform(from(post("/posts/new").param("brandId", brand.toString())
				.param("channelIds", channel.toString())
				.param("text", "New sails are in")
				.param("scheduledAt", LOCAL.format(this.clock.instant().atZone(PARIS).plusDays(5)))
				.param("timezone", "Europe/Paris")
				.param("action", "submit")).session(memberSession).with(csrf()))
			.andExpect(redirectedUrlPattern("/posts/*"))
			.andReturn()
			.getResponse()
			.getRedirectedUrl();
		UUID postId = UUID.fromString(location.substring("/posts/".length()));
		assertThat(postOf(owner, postId).get("status").asString()).isEqualTo("IN_REVIEW");

		// the admin is told, with an unread badge, and reviews on the post's page
		MockHttpSession ownerSession = dashboardSession(owner);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> this.mvc.perform(from(get("/notifications")).session(ownerSession))
				.andExpect(content().string(containsString("Approval requested"))));
		this.mvc.perform(from(get("/app")).session(ownerSession))
			.andExpect(content().string(containsString("data-testid=\"unread-count\"")));
		this.mvc.perform(from(get("/posts/" + postId)).session(ownerSession))
			.andExpect(content().string(containsString("data-testid=\"approve\"")))
			.andExpect(content().string(containsString("data-testid=\"reject\"")));
		this.mvc.perform(from(get("/posts/" + postId)).session(memberSession))
			.andExpect(content().string(not(containsString("data-testid=\"approve\""))));
		this.mvc.perform(from(post("/posts/" + postId + "/reject")).session(ownerSession).with(csrf()))
			.andExpect(redirectedUrl("/posts/" + postId));
		this.mvc.perform(from(get("/posts/" + postId)).session(ownerSession))
			.andExpect(content().string(containsString("Say what should change")));
		this.mvc
			.perform(from(post("/posts/" + postId + "/approve").param("comment", "Lovely")).session(ownerSession)
				.with(csrf()))
			.andExpect(redirectedUrl("/posts/" + postId));
		assertThat(postOf(owner, postId).get("status").asString()).isEqualTo("SCHEDULED");

		// the member hears back; opening the notification marks it read and leads to the
		// post
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> this.mvc.perform(from(get("/notifications")).session(memberSession))
				.andExpect(content().string(containsString("Your post was approved"))));
		String notifications = this.mvc.perform(from(get("/notifications")).session(memberSession))
			.andReturn()
			.getResponse()
			.getContentAsString();
		String notification = notifications.replaceAll("(?s).*action=\"/notifications/([0-9a-f-]{36})/read\".*", "$1");
		this.mvc
			.perform(from(post("/notifications/" + notification + "/read").param("open", "1")).session(memberSession)
				.with(csrf()))
			.andExpect(redirectedUrl("/posts/" + postId));
		this.mvc.perform(from(post("/notifications/read-all")).session(ownerSession).with(csrf()))
			.andExpect(redirectedUrl("/notifications"));
		this.mvc.perform(from(get("/app")).session(ownerSession))
			.andExpect(content().string(not(containsString("data-testid=\"unread-count\""))));
	}

	@Test
	void workspacePagesSendSomeoneWithoutAWorkspaceHomeAndNotificationsDoNot() throws Exception {
		Session user = signUp("Uma");
		MockHttpSession session = dashboardSession(user);
		this.mvc.perform(from(get("/posts")).session(session)).andExpect(redirectedUrl("/app"));
		this.mvc.perform(from(get("/channels")).session(session)).andExpect(redirectedUrl("/app"));
		this.mvc.perform(from(get("/calendar")).session(session)).andExpect(redirectedUrl("/app"));
		this.mvc.perform(from(get("/notifications")).session(session))
			.andExpect(status().isOk())
			.andExpect(content().string(containsString("Nothing yet")));
	}

	@Test
	void pagesOfAWorkspaceWithoutBrandsSayWhatToDoFirst() throws Exception {
		Session owner = signUp("Vic");
		createWorkspace(owner, "Vic Studio");
		MockHttpSession session = dashboardSession(owner);
		this.mvc.perform(from(get("/channels")).session(session))
			.andExpect(content().string(containsString("data-testid=\"channels-empty\"")));
		this.mvc.perform(from(get("/posts/new")).session(session))
			.andExpect(content().string(containsString("data-testid=\"composer-empty\"")));
		this.mvc.perform(from(get("/posts")).session(session))
			.andExpect(content().string(containsString("data-testid=\"posts-empty\"")));
		this.mvc.perform(from(get("/calendar")).session(session))
			.andExpect(content().string(containsString("data-testid=\"calendar-empty-state\"")));
	}

	// helpers

	/**
	 * Opens the instance's authorization page as the browser would, and answers where it
	 * sends the browser back to.
	 */
	private static String approve(URI authorize) throws Exception {
		try (HttpClient http = HttpClient.newBuilder()
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(5))
			.build()) {
			HttpResponse<Void> response = http.send(HttpRequest.newBuilder(authorize).GET().build(),
					HttpResponse.BodyHandlers.discarding());
			assertThat(response.statusCode()).isEqualTo(302);
			return response.headers().firstValue("Location").orElseThrow();
		}
	}

	private UUID brand(Session owner, String name) throws Exception {
		MvcResult result = this.mvc.perform(as(owner.accessToken(), post("/api/v1/brands"), Map.of("name", name)))
			.andExpect(status().isCreated())
			.andReturn();
		return UUID.fromString(body(result).get("data").get("id").asString());
	}

	private UUID connectWebhook(Session owner, UUID brand) throws Exception {
		this.mvc
			.perform(as(owner.accessToken(), post("/api/v1/brands/" + brand + "/channels/connect/webhook"),
					Map.of("url", NOWHERE)))
			.andExpect(status().isCreated());
		return channelOf(owner, brand);
	}

	private UUID channelOf(Session owner, UUID brand) throws Exception {
		JsonNode channels = body(
				this.mvc.perform(as(owner.accessToken(), get("/api/v1/brands/" + brand + "/channels"))).andReturn())
			.get("data");
		return UUID.fromString(channels.get(0).get("id").asString());
	}

	private JsonNode postOf(Session owner, UUID postId) throws Exception {
		return body(this.mvc.perform(as(owner.accessToken(), get("/api/v1/posts/" + postId)))
			.andExpect(status().isOk())
			.andReturn()).get("data");
	}

}
