package dev.herald.publishing;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.herald.IntegrationTestSupport;
import dev.herald.channel.internal.ChannelService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/**
 * The composer's API without publishing: drafts for many channels, validation by each
 * platform's rules, scheduling rules, the approval workflow, the queue and the calendar
 * across daylight-saving changes. Webhook channels stand in for any channel: connecting
 * one calls nothing.
 */
class PostIntegrationTests extends IntegrationTestSupport {

	@Autowired
	ChannelService channels;

	private Session owner;

	private UUID workspace;

	private UUID brand;

	@BeforeEach
	void workspaceWithBrand() throws Exception {
		this.owner = signUp("Olive");
		this.workspace = createWorkspace(this.owner, "Olive's shop");
		this.brand = UUID.fromString(data(
				this.mvc.perform(as(this.owner.accessToken(), post("/api/v1/brands"), Map.of("name", "Olive Oil Co")))
					.andReturn())
			.get("id")
			.asString());
	}

	@Test
	void composesOnePostForManyChannelsAndSchedulesIt() throws Exception {
		UUID first = webhook("first");
		UUID second = webhook("second");
		Instant when = this.clock.instant()
			.plus(Duration.ofHours(3))
			.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
		JsonNode post = data(expect(201,
				as(this.owner.accessToken(), post("/api/v1/posts"), Map.of("brandId", this.brand, "text",
						"Fresh harvest is in", "hashtags", List.of("#oliveoil", "harvest"), "targets",
						List.of(Map.of("channelId", first), Map.of("channelId", second, "text", "Short one"))))));
		assertThat(post.get("status").asString()).isEqualTo("DRAFT");
		assertThat(post.get("targets")).hasSize(2);
		assertThat(post.get("targets").get(1).get("text").asString()).isEqualTo("Short one");
		assertThat(post.get("hashtags").toString()).isEqualTo("[\"oliveoil\",\"harvest\"]");

		JsonNode scheduled = data(expect(200,
				as(this.owner.accessToken(), post("/api/v1/posts/" + post.get("id").asString() + "/schedule"),
						Map.of("scheduledFor", when.atZone(ZoneId.of("Europe/Paris")).toOffsetDateTime().toString(),
								"timezone", "Europe/Paris"))));
		assertThat(scheduled.get("status").asString()).isEqualTo("SCHEDULED");
		assertThat(scheduled.get("timezone").asString()).isEqualTo("Europe/Paris");
		assertThat(Instant.parse(scheduled.get("scheduledFor").asString())).isEqualTo(when);
		assertThat(scheduled.get("targets").findValuesAsString("status")).containsOnly("SCHEDULED");
	}

	@Test
	void validatesEachChannelByItsPlatformsRulesBeforeScheduling() throws Exception {
		UUID channel = webhook("long");
		String tooLong = "a".repeat(10_001);
		JsonNode verdict = data(expect(200,
				as(this.owner.accessToken(), post("/api/v1/posts/validate"), Map.of("brandId", this.brand, "text",
						"fine", "thread", List.of(tooLong), "targets", List.of(Map.of("channelId", channel))))));
		assertThat(verdict.get("valid").asBoolean()).isFalse();
		JsonNode target = verdict.get("targets").get(0);
		assertThat(target.get("lengths").toString()).isEqualTo("[4,10001]");
		assertThat(target.get("maxLength").asInt()).isEqualTo(10_000);
		assertThat(target.get("violations").get(0).get("field").asString()).isEqualTo("thread[0]");

		String id = data(expect(201,
				as(this.owner.accessToken(), post("/api/v1/posts"), Map.of("brandId", this.brand, "text", "fine",
						"thread", List.of(tooLong), "targets", List.of(Map.of("channelId", channel))))))
			.get("id")
			.asString();
		JsonNode error = body(expect(422, as(this.owner.accessToken(), post("/api/v1/posts/" + id + "/publish"))));
		assertThat(error.get("error").get("details").get(0).get("field").asString())
			.isEqualTo("targets[" + channel + "].thread[0]");
		assertThat(read(id).get("status").asString()).isEqualTo("DRAFT");
	}

	@Test
	void refusesBadInputAndChangesNothing() throws Exception {
		UUID channel = webhook("x");
		expect(422, as(this.owner.accessToken(), post("/api/v1/posts"),
				Map.of("brandId", this.brand, "targets", List.of(Map.of("channelId", channel)))));
		expect(422, as(this.owner.accessToken(), post("/api/v1/posts"), Map.of("brandId", this.brand, "text", "x",
				"targets", List.of(Map.of("channelId", channel), Map.of("channelId", channel)))));
		expect(422, as(this.owner.accessToken(), post("/api/v1/posts"), Map.of("brandId", this.brand, "text", "x",
				"targets", List.of(Map.of("channelId", UUID.randomUUID())))));
		expect(422, as(this.owner.accessToken(), post("/api/v1/posts"),
				Map.of("brandId", this.brand, "text", "x", "timezone", "Mars/Olympus")));
		String id = data(expect(201,
				as(this.owner.accessToken(), post("/api/v1/posts"),
						Map.of("brandId", this.brand, "text", "x", "targets", List.of(Map.of("channelId", channel))))))
			.get("id")
			.asString();
		JsonNode past = body(expect(422, as(this.owner.accessToken(), post("/api/v1/posts/" + id + "/schedule"),
				Map.of("scheduledFor", this.clock.instant().minus(Duration.ofHours(1)).toString()))));
		assertThat(past.get("error").get("details").get(0).get("message").asString())
			.isEqualTo("Must be a future date");
		assertThat(read(id).get("status").asString()).isEqualTo("DRAFT");
		assertThat(data(expect(200, as(this.owner.accessToken(), get("/api/v1/posts")))).size()).isEqualTo(1);
	}

	@Test
	void membersSubmitForApprovalWhenTheWorkspaceRequiresIt() throws Exception {
		expect(200, as(this.owner.accessToken(), patch("/api/v1/workspaces/" + this.workspace),
				Map.of("approvalRequired", true)));
		Session member = join(this.owner, this.workspace, "Mel", "MEMBER");
		UUID channel = webhook("approval");
		String id = data(expect(201,
				as(member.accessToken(), post("/api/v1/posts"),
						Map.of("brandId", this.brand, "text", "Please approve", "targets",
								List.of(Map.of("channelId", channel)), "scheduledFor",
								this.clock.instant().plus(Duration.ofHours(5)).toString()))))
			.get("id")
			.asString();
		expect(403, as(member.accessToken(), post("/api/v1/posts/" + id + "/schedule")));
		expect(200, as(member.accessToken(), post("/api/v1/posts/" + id + "/submit")));
		expect(403, as(member.accessToken(), post("/api/v1/posts/" + id + "/approve")));
		expect(422, as(this.owner.accessToken(), post("/api/v1/posts/" + id + "/reject"), Map.of()));
		JsonNode rejected = data(expect(200, as(this.owner.accessToken(), post("/api/v1/posts/" + id + "/reject"),
				Map.of("comment", "Add a link"))));
		assertThat(rejected.get("status").asString()).isEqualTo("DRAFT");
		assertThat(rejected.get("reviewComment").asString()).isEqualTo("Add a link");
		expect(200, as(member.accessToken(), patch("/api/v1/posts/" + id),
				Map.of("text", "Please approve https://example.com")));
		expect(200, as(member.accessToken(), post("/api/v1/posts/" + id + "/submit")));
		JsonNode approved = data(expect(200, as(this.owner.accessToken(), post("/api/v1/posts/" + id + "/approve"))));
		assertThat(approved.get("status").asString()).as("a planned time schedules it").isEqualTo("SCHEDULED");
		awaitNotification(this.owner, "APPROVAL_REQUESTED");
		awaitNotification(member, "APPROVAL_REQUESTED");
	}

	@Test
	void viewersReadButCannotCompose() throws Exception {
		Session viewer = join(this.owner, this.workspace, "Vic", "VIEWER");
		UUID channel = webhook("v");
		expect(403, as(viewer.accessToken(), post("/api/v1/posts"),
				Map.of("brandId", this.brand, "text", "x", "targets", List.of(Map.of("channelId", channel)))));
		expect(200, as(viewer.accessToken(), get("/api/v1/posts")));
	}

	@Test
	void anotherWorkspacesPostIsNotFound() throws Exception {
		UUID channel = webhook("mine");
		String id = data(expect(201, as(this.owner.accessToken(), post("/api/v1/posts"),
				Map.of("brandId", this.brand, "text", "mine", "targets", List.of(Map.of("channelId", channel))))))
			.get("id")
			.asString();
		Session stranger = signUp("Stan");
		createWorkspace(stranger, "Stan's");
		expect(404, as(stranger.accessToken(), get("/api/v1/posts/" + id)));
		expect(404, as(stranger.accessToken(), post("/api/v1/posts/" + id + "/publish")));
		expect(404, as(stranger.accessToken(), delete("/api/v1/posts/" + id)));
		expect(422, as(stranger.accessToken(), post("/api/v1/posts"), Map.of("brandId", this.brand, "text", "x")));
	}

	@Test
	void calendarReadsDaysInItsZoneAcrossTheSpringForwardChange() throws Exception {
		UUID channel = webhook("calendar");
		ZoneId paris = ZoneId.of("Europe/Paris");
		// 28 March 2027 in Paris has 23 hours: 00:00 is +01:00, 23:59 is +02:00
		Instant early = ZonedDateTime.of(2027, 3, 28, 0, 30, 0, 0, paris).toInstant();
		Instant late = ZonedDateTime.of(2027, 3, 28, 23, 30, 0, 0, paris).toInstant();
		Instant nextDay = ZonedDateTime.of(2027, 3, 29, 0, 30, 0, 0, paris).toInstant();
		for (Instant at : List.of(early, late, nextDay)) {
			expect(201, as(this.owner.accessToken(), post("/api/v1/posts"), Map.of("brandId", this.brand, "text",
					"at " + at, "scheduledFor", at.toString(), "targets", List.of(Map.of("channelId", channel)))));
		}
		JsonNode day = data(expect(200, as(this.owner.accessToken(),
				get("/api/v1/posts/calendar?from=2027-03-28&to=2027-03-29&timezone=Europe/Paris"))));
		assertThat(day.findValuesAsString("start")).containsExactly("2027-03-28T00:30:00+01:00",
				"2027-03-28T23:30:00+02:00");
		JsonNode utc = data(
				expect(200, as(this.owner.accessToken(), get("/api/v1/posts/calendar?from=2027-03-28&to=2027-03-29"))));
		assertThat(utc.findValuesAsString("start")).containsExactly("2027-03-28T21:30:00Z", "2027-03-28T22:30:00Z");
		expect(422, as(this.owner.accessToken(), get("/api/v1/posts/calendar?from=2027-03-29&to=2027-03-28")));
		expect(422, as(this.owner.accessToken(), get("/api/v1/posts/calendar?from=tomorrow&to=2027-03-28")));
	}

	@Test
	void slotsInADaylightSavingGapMoveForwardAndTakenSlotsAreSkipped() throws Exception {
		UUID channel = webhook("slots");
		expect(200,
				as(this.owner.accessToken(), put("/api/v1/channels/" + channel + "/slots"), Map.of("timezone",
						"Europe/Paris", "slots",
						List.of(Map.of("day", "SUNDAY", "time", "02:30"), Map.of("day", "sunday", "time", "18:00")))));
		ZoneId paris = ZoneId.of("Europe/Paris");
		Instant friday = ZonedDateTime.of(2027, 3, 26, 12, 0, 0, 0, paris).toInstant();
		Instant gap = this.channels.nextFreeSlot(channel, friday, Set.of()).orElseThrow();
		// 02:30 does not exist that night: the slot moves forward by the gap, to 03:30
		// +02:00
		assertThat(gap).isEqualTo(Instant.parse("2027-03-28T01:30:00Z"));
		Instant evening = this.channels.nextFreeSlot(channel, friday, Set.of(gap)).orElseThrow();
		assertThat(evening).isEqualTo(ZonedDateTime.of(2027, 3, 28, 18, 0, 0, 0, paris).toInstant());
		Instant weekLater = this.channels.nextFreeSlot(channel, friday, Set.of(gap, evening)).orElseThrow();
		assertThat(weekLater).isEqualTo(ZonedDateTime.of(2027, 4, 4, 2, 30, 0, 0, paris).toInstant());
		expect(422, as(this.owner.accessToken(), put("/api/v1/channels/" + channel + "/slots"),
				Map.of("timezone", "Europe/Paris", "slots", List.of(Map.of("day", "FUNDAY", "time", "02:30")))));
		assertThat(this.channels.nextFreeSlot(channel, friday, Set.of())).contains(gap);
		assertThat(DayOfWeek.from(gap.atZone(paris))).isEqualTo(DayOfWeek.SUNDAY);
		assertThat(LocalTime.from(gap.atZone(paris))).isEqualTo(LocalTime.of(3, 30));
	}

	@Test
	void addsEachChannelToItsNextFreeSlot() throws Exception {
		UUID channel = webhook("queue");
		expect(200, as(this.owner.accessToken(), put("/api/v1/channels/" + channel + "/slots"), Map.of("timezone",
				"UTC", "slots",
				List.of(DayOfWeek.values()).stream().map((d) -> Map.of("day", d.name(), "time", "09:00")).toList())));
		String first = draft(channel, "first in line");
		String second = draft(channel, "second in line");
		Instant one = Instant
			.parse(data(expect(200, as(this.owner.accessToken(), post("/api/v1/posts/" + first + "/queue"))))
				.get("scheduledFor")
				.asString());
		Instant two = Instant
			.parse(data(expect(200, as(this.owner.accessToken(), post("/api/v1/posts/" + second + "/queue"))))
				.get("scheduledFor")
				.asString());
		assertThat(Duration.between(one, two)).isEqualTo(Duration.ofDays(1));
		assertThat(one.atZone(ZoneId.of("UTC")).toLocalTime()).isEqualTo(LocalTime.of(9, 0));
		UUID bare = webhook("noslots");
		String third = draft(bare, "no slots");
		expect(422, as(this.owner.accessToken(), post("/api/v1/posts/" + third + "/queue")));
	}

	@Test
	void cancelDuplicateAndDelete() throws Exception {
		UUID channel = webhook("misc");
		String id = draft(channel, "to cancel");
		expect(409, as(this.owner.accessToken(), post("/api/v1/posts/" + id + "/cancel")));
		expect(200, as(this.owner.accessToken(), post("/api/v1/posts/" + id + "/schedule"),
				Map.of("scheduledFor", this.clock.instant().plus(Duration.ofDays(2)).toString())));
		JsonNode cancelled = data(expect(200, as(this.owner.accessToken(), post("/api/v1/posts/" + id + "/cancel"))));
		assertThat(cancelled.get("status").asString()).isEqualTo("DRAFT");
		assertThat(cancelled.get("targets").get(0).get("status").asString()).isEqualTo("CANCELLED");
		JsonNode copy = data(expect(201, as(this.owner.accessToken(), post("/api/v1/posts/" + id + "/duplicate"))));
		assertThat(copy.get("text").asString()).isEqualTo("to cancel");
		assertThat(copy.get("id").asString()).isNotEqualTo(id);
		expect(204, as(this.owner.accessToken(), delete("/api/v1/posts/" + id)));
		expect(404, as(this.owner.accessToken(), get("/api/v1/posts/" + id)));
	}

	// helpers

	private UUID webhook(String name) throws Exception {
		return UUID.fromString(data(expect(201,
				as(this.owner.accessToken(), post("/api/v1/brands/" + this.brand + "/channels/connect/webhook"),
						Map.of("url", "http://127.0.0.1:9/" + name + "-" + UUID.randomUUID(), "name", name))))
			.get("channel")
			.get("id")
			.asString());
	}

	private String draft(UUID channel, String text) throws Exception {
		return data(expect(201,
				as(this.owner.accessToken(), post("/api/v1/posts"),
						Map.of("brandId", this.brand, "text", text, "targets", List.of(Map.of("channelId", channel))))))
			.get("id")
			.asString();
	}

	private JsonNode read(String id) throws Exception {
		return data(expect(200, as(this.owner.accessToken(), get("/api/v1/posts/" + id))));
	}

	private void awaitNotification(Session user, String type) {
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.untilAsserted(
					() -> assertThat(data(expect(200, as(user.accessToken(), get("/api/v1/users/me/notifications"))))
						.findValuesAsString("type")).contains(type));
	}

}
