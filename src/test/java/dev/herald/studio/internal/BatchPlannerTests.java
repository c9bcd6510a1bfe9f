package dev.herald.studio.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.herald.platform.PlatformKind;
import dev.herald.studio.StrategyPlan;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where a batch's drafts go: shared by the strategy's rhythm, at its local times across a
 * daylight-saving change, pillars by their shares, never at a taken time or in the past.
 */
class BatchPlannerTests {

	private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

	private static final BatchPlanner.Target MASTODON = new BatchPlanner.Target(UUID.randomUUID(),
			PlatformKind.MASTODON);

	private static final BatchPlanner.Target BLUESKY = new BatchPlanner.Target(UUID.randomUUID(), PlatformKind.BLUESKY);

	private static final StrategyPlan STRATEGY = new StrategyPlan("s",
			List.of(new StrategyPlan.PlatformPlan("Mastodon", "w", 6, List.of("09:00")),
					new StrategyPlan.PlatformPlan("bluesky", "w", 3, List.of("18:30"))),
			List.of(new StrategyPlan.Pillar("A", "a", 50, List.of("a1", "a2")),
					new StrategyPlan.Pillar("B", "b", 30, List.of()), new StrategyPlan.Pillar("C", "c", 20, List.of())),
			new StrategyPlan.Voice("warm", List.of(), List.of()), List.of(), null);

	@Test
	void sharesDraftsByRhythmAtLocalTimesAcrossADaylightSavingChange() {
		// Paris moves to summer time on 28 March 2027
		LocalDate from = LocalDate.of(2027, 3, 22);
		List<BatchPlanner.Slot> slots = BatchPlanner.plan(18, from, from.plusDays(13), PARIS,
				List.of(MASTODON, BLUESKY), STRATEGY, Map.of(), Set.of(), Instant.parse("2027-01-01T00:00:00Z"));
		assertThat(slots).hasSize(18);
		Map<UUID, List<BatchPlanner.Slot>> byChannel = slots.stream()
			.collect(Collectors.groupingBy(BatchPlanner.Slot::channelId));
		assertThat(byChannel.get(MASTODON.id())).hasSize(12);
		assertThat(byChannel.get(BLUESKY.id())).hasSize(6);
		for (BatchPlanner.Slot slot : byChannel.get(MASTODON.id())) {
			ZonedDateTime local = slot.at().atZone(PARIS);
			assertThat(local.toLocalTime()).isIn(LocalTime.of(9, 0), LocalTime.of(12, 30), LocalTime.of(17, 30));
		}
		assertThat(byChannel.get(BLUESKY.id()))
			.allSatisfy((slot) -> assertThat(slot.at().atZone(PARIS).toLocalTime()).isEqualTo(LocalTime.of(18, 30)));
		// 09:00 in Paris is 08:00 UTC before the change and 07:00 after it
		assertThat(byChannel.get(MASTODON.id()).getFirst().at()).isEqualTo(Instant.parse("2027-03-22T08:00:00Z"));
		assertThat(byChannel.get(MASTODON.id()).getLast().at().atZone(ZoneId.of("UTC")).getHour()).isEqualTo(7);
		// spread over the period, in time order
		assertThat(slots).isSortedAccordingTo((a, b) -> a.at().compareTo(b.at()));
		assertThat(slots.getLast().at().atZone(PARIS).toLocalDate()).isAfter(from.plusDays(10));
		// pillars by their shares: 9, 5 and 4 of 18, never the same one three times
		// running
		Map<String, Long> pillars = slots.stream()
			.collect(Collectors.groupingBy(BatchPlanner.Slot::pillar, Collectors.counting()));
		assertThat(pillars).containsEntry("A", 9L).containsEntry("B", 5L).containsEntry("C", 4L);
		for (int i = 2; i < slots.size(); i++) {
			assertThat(java.util.stream.Stream.of(slots.get(i), slots.get(i - 1), slots.get(i - 2))
				.map(BatchPlanner.Slot::pillar)
				.distinct()
				.count()).isGreaterThan(1);
		}
		assertThat(slots.stream().filter((slot) -> "A".equals(slot.pillar())).map(BatchPlanner.Slot::topic))
			.containsOnly("a1", "a2");
	}

	@Test
	void avoidsTakenTimesAndThePastAndSaysWhenThePeriodIsFull() {
		LocalDate from = LocalDate.of(2027, 6, 1);
		Instant taken = from.atTime(9, 0).atZone(PARIS).toInstant();
		Instant notBefore = from.atTime(8, 0).atZone(PARIS).toInstant();
		List<BatchPlanner.Slot> slots = BatchPlanner.plan(7, from, from.plusDays(6), PARIS, List.of(MASTODON), STRATEGY,
				Map.of(), Set.of(taken), notBefore);
		assertThat(slots).hasSize(7).noneMatch((slot) -> slot.at().equals(taken) || slot.at().isBefore(notBefore));
		assertThat(slots.stream().map(BatchPlanner.Slot::at).distinct()).hasSize(7);
		// a day has the strategy's good times and the defaults: 09:00, 12:30 and 17:30
		// here
		assertThat(BatchPlanner.plan(30, from, from.plusDays(6), PARIS, List.of(MASTODON), STRATEGY, Map.of(), Set.of(),
				notBefore))
			.hasSize(21);
	}

	@Test
	void triesTheHoursTheBrandsPostsDidBestFirst() {
		LocalDate from = LocalDate.of(2027, 6, 1);
		List<BatchPlanner.Slot> slots = BatchPlanner.plan(6, from, from.plusDays(6), PARIS, List.of(MASTODON), STRATEGY,
				Map.of(PlatformKind.MASTODON, List.of(LocalTime.of(20, 0), LocalTime.of(7, 0))), Set.of(),
				Instant.parse("2027-01-01T00:00:00Z"));
		assertThat(slots).allSatisfy((slot) -> assertThat(slot.at().atZone(PARIS).toLocalTime())
			.isIn(LocalTime.of(20, 0), LocalTime.of(7, 0), LocalTime.of(9, 0)));
		assertThat(slots.getFirst().at().atZone(PARIS).toLocalTime()).isEqualTo(LocalTime.of(20, 0));
	}

	@Test
	void splitsACountByWeightsLargestRemaindersFirst() {
		assertThat(BatchPlanner.shares(10, new int[] { 6, 3, 3 })).containsExactly(5, 3, 2);
		assertThat(BatchPlanner.shares(7, new int[] { 1 })).containsExactly(7);
	}

}
