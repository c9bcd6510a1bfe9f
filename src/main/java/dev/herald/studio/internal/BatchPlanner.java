package dev.herald.studio.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.herald.platform.PlatformKind;
import dev.herald.studio.StrategyPlan;
import org.jspecify.annotations.Nullable;

/**
 * Where a batch's drafts go: how many on each channel (by the strategy's posts a week on
 * its platform), on which days (spread evenly over the period), at which times (the hours
 * the brand's posts did best there once metrics say, the strategy's good times for the
 * platform, then sensible defaults), about which pillar (by the pillars' shares,
 * interleaved so that no pillar comes in a run) — never in the past and never at a time a
 * channel already has a post.
 */
final class BatchPlanner {

	/** Local times that work on most platforms before a brand has data of its own. */
	static final List<LocalTime> DEFAULT_TIMES = List.of(LocalTime.of(9, 0), LocalTime.of(12, 30),
			LocalTime.of(17, 30));

	/** Posts a week on a platform the strategy does not mention. */
	private static final int DEFAULT_PER_WEEK = 3;

	private BatchPlanner() {
	}

	/**
	 * A channel to plan for.
	 *
	 * @param id the channel
	 * @param platform its platform
	 */
	record Target(UUID id, PlatformKind platform) {
	}

	/**
	 * One draft to write.
	 *
	 * @param channelId its channel
	 * @param platform the channel's platform
	 * @param at when it is planned
	 * @param pillar its content pillar
	 * @param topic a topic for it, from the pillar's examples
	 */
	record Slot(UUID channelId, PlatformKind platform, Instant at, @Nullable String pillar, @Nullable String topic) {
	}

	/**
	 * @param count drafts to plan
	 * @param from the first day
	 * @param to the last day (included)
	 * @param zone the zone the days and times are read in
	 * @param targets the channels
	 * @param strategy the brand's active strategy
	 * @param learned the local times the brand's posts did best, by platform, when its
	 * metrics say (tried before the strategy's)
	 * @param taken times the channels already have posts at
	 * @param notBefore the earliest time a draft may be planned
	 */
	static List<Slot> plan(int count, LocalDate from, LocalDate to, ZoneId zone, List<Target> targets,
			@Nullable StrategyPlan strategy, Map<PlatformKind, List<LocalTime>> learned, Set<Instant> taken,
			Instant notBefore) {
		int days = (int) ChronoUnit.DAYS.between(from, to) + 1;
		int[] perTarget = shares(count, targets.stream().mapToInt((target) -> perWeek(strategy, target)).toArray());
		Set<Instant> used = new HashSet<>(taken);
		List<Slot> slots = new ArrayList<>();
		for (int t = 0; t < targets.size(); t++) {
			Target target = targets.get(t);
			List<LocalTime> times = times(strategy, learned.getOrDefault(target.platform(), List.of()),
					target.platform());
			int k = perTarget[t];
			for (int i = 0; i < k; i++) {
				LocalDate day = from.plusDays((long) Math.floor((i + 0.5) * days / k));
				Instant at = free(day, to, zone, times, i + t, used, notBefore);
				if (at != null) {
					used.add(at);
					slots.add(new Slot(target.id(), target.platform(), at, null, null));
				}
			}
		}
		slots.sort(Comparator.comparing(Slot::at));
		return withPillars(slots, (strategy != null) ? strategy.pillars() : List.of());
	}

	/**
	 * The first free time from {@code day}'s good time number {@code index} on, moving to
	 * the next good time, then to the default times the good ones lack, then to the next
	 * day; {@code null} when the period has none left.
	 */
	private static @Nullable Instant free(LocalDate day, LocalDate last, ZoneId zone, List<LocalTime> times, int index,
			Set<Instant> used, Instant notBefore) {
		List<LocalTime> candidates = new ArrayList<>();
		for (int j = 0; j < times.size(); j++) {
			candidates.add(times.get((index + j) % times.size()));
		}
		DEFAULT_TIMES.stream().filter((time) -> !times.contains(time)).forEach(candidates::add);
		for (LocalDate date = day; !date.isAfter(last); date = date.plusDays(1)) {
			for (LocalTime time : candidates) {
				Instant at = date.atTime(time).atZone(zone).toInstant();
				if (!at.isBefore(notBefore) && !used.contains(at)) {
					return at;
				}
			}
		}
		return null;
	}

	/** The pillars given out by their shares, the one furthest behind its share first. */
	private static List<Slot> withPillars(List<Slot> slots, List<StrategyPlan.Pillar> pillars) {
		if (pillars.isEmpty()) {
			return slots;
		}
		int[] given = new int[pillars.size()];
		int total = pillars.stream().mapToInt((pillar) -> Math.max(1, pillar.share())).sum();
		List<Slot> planned = new ArrayList<>();
		for (int n = 0; n < slots.size(); n++) {
			int best = 0;
			double behind = Double.NEGATIVE_INFINITY;
			for (int p = 0; p < pillars.size(); p++) {
				double due = (n + 1) * (double) Math.max(1, pillars.get(p).share()) / total - given[p];
				if (due > behind) {
					behind = due;
					best = p;
				}
			}
			StrategyPlan.Pillar pillar = pillars.get(best);
			List<String> topics = pillar.exampleTopics();
			String topic = topics.isEmpty() ? null : topics.get(given[best] % topics.size());
			given[best]++;
			Slot slot = slots.get(n);
			planned.add(new Slot(slot.channelId(), slot.platform(), slot.at(), pillar.name(), topic));
		}
		return planned;
	}

	/** {@code count} split by {@code weights}, largest remainders first. */
	static int[] shares(int count, int[] weights) {
		int total = 0;
		for (int weight : weights) {
			total += weight;
		}
		int[] shares = new int[weights.length];
		double[] remainders = new double[weights.length];
		int given = 0;
		for (int i = 0; i < weights.length; i++) {
			double exact = (double) count * weights[i] / total;
			shares[i] = (int) Math.floor(exact);
			remainders[i] = exact - shares[i];
			given += shares[i];
		}
		while (given < count) {
			int best = 0;
			for (int i = 1; i < weights.length; i++) {
				if (remainders[i] > remainders[best]) {
					best = i;
				}
			}
			shares[best]++;
			remainders[best] = -1;
			given++;
		}
		return shares;
	}

	private static int perWeek(@Nullable StrategyPlan strategy, Target target) {
		StrategyPlan.PlatformPlan plan = platform(strategy, target.platform());
		return (plan != null) ? Math.max(1, plan.postsPerWeek()) : DEFAULT_PER_WEEK;
	}

	private static List<LocalTime> times(@Nullable StrategyPlan strategy, List<LocalTime> learned,
			PlatformKind platform) {
		StrategyPlan.PlatformPlan plan = platform(strategy, platform);
		List<LocalTime> times = new ArrayList<>(learned);
		if (plan != null) {
			for (String time : plan.bestTimes()) {
				try {
					times.add(LocalTime.parse(time).truncatedTo(ChronoUnit.MINUTES));
				}
				catch (DateTimeParseException ex) {
					// a strategy edited by hand may say "evening": the defaults decide
				}
			}
		}
		return times.isEmpty() ? DEFAULT_TIMES : times.stream().distinct().toList();
	}

	private static StrategyPlan.@Nullable PlatformPlan platform(@Nullable StrategyPlan strategy,
			PlatformKind platform) {
		if (strategy == null) {
			return null;
		}
		return strategy.platforms()
			.stream()
			.filter((plan) -> plan.platform() != null
					&& (plan.platform().strip().equalsIgnoreCase(platform.displayName())
							|| plan.platform().strip().toUpperCase(Locale.ROOT).equals(platform.name())))
			.findFirst()
			.orElse(null);
	}

}
