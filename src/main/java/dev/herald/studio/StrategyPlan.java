package dev.herald.studio;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import org.jspecify.annotations.Nullable;

/**
 * A brand's social media strategy, as the model writes it and a user edits it.
 *
 * @param summary the strategy in two or three sentences
 * @param platforms where to be and why, and how often to post there
 * @param pillars the 3 to 5 themes the brand's posts come back to
 * @param voice how the brand speaks
 * @param kpis what to measure, with targets
 * @param audienceInsights what the audience cares about
 */
public record StrategyPlan(@JsonPropertyDescription("The strategy in two or three sentences") String summary,
		@JsonPropertyDescription("The platforms to be on, most important first") List<PlatformPlan> platforms,
		@JsonPropertyDescription("3 to 5 content pillars") List<Pillar> pillars, Voice voice, List<Kpi> kpis,
		@Nullable @JsonPropertyDescription("What the audience cares about and when it is online") String audienceInsights) {

	public StrategyPlan {
		platforms = (platforms != null) ? List.copyOf(platforms) : List.of();
		pillars = (pillars != null) ? List.copyOf(pillars) : List.of();
		kpis = (kpis != null) ? List.copyOf(kpis) : List.of();
	}

	/**
	 * A platform in the strategy.
	 *
	 * @param platform its name (Mastodon, Bluesky, Instagram...)
	 * @param why why the brand should be there
	 * @param postsPerWeek how many posts a week
	 * @param bestTimes good local times to post there (HH:mm), best first
	 */
	public record PlatformPlan(String platform, String why,
			@JsonPropertyDescription("Posts a week, 1 to 21") int postsPerWeek,
			@JsonPropertyDescription("Good local times to post, as HH:mm, best first") List<String> bestTimes) {

		public PlatformPlan {
			bestTimes = (bestTimes != null) ? List.copyOf(bestTimes) : List.of();
		}

	}

	/**
	 * A content pillar.
	 *
	 * @param name its short name
	 * @param description what it covers
	 * @param share its share of the posts, in percent
	 * @param exampleTopics topics of posts it would bring
	 */
	public record Pillar(String name, String description,
			@JsonPropertyDescription("Share of the posts, in percent; the pillars add up to 100") int share,
			List<String> exampleTopics) {

		public Pillar {
			exampleTopics = (exampleTopics != null) ? List.copyOf(exampleTopics) : List.of();
		}

	}

	/**
	 * The brand's voice.
	 *
	 * @param tone the tone in a few words
	 * @param dos what to do
	 * @param donts what never to do
	 */
	public record Voice(String tone, List<String> dos, List<String> donts) {

		public Voice {
			dos = (dos != null) ? List.copyOf(dos) : List.of();
			donts = (donts != null) ? List.copyOf(donts) : List.of();
		}

	}

	/**
	 * A key performance indicator.
	 *
	 * @param name what is measured
	 * @param target the goal
	 * @param why why it matters
	 */
	public record Kpi(String name, String target, @Nullable String why) {
	}

}
