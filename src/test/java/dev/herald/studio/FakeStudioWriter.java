package dev.herald.studio;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Answers for the fake OpenAI endpoint when a person tries Herald without a key
 * ({@code bench/fakes.sh}) and for the benchmark: for each of the studio's prompts, a
 * well-formed answer made from what the prompt asks (the brand, platform, pillar, topic,
 * length limit), as a model following the instructions would give. Plain, repeatable
 * text: the same prompt gets the same answer.
 */
public final class FakeStudioWriter {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern LIMIT = Pattern.compile("at most (\\d+) characters");

	private FakeStudioWriter() {
	}

	/** Registers the answers on a fake (a test's own responders, added later, win). */
	public static FakeOpenAi install(FakeOpenAi fake) {
		fake.respond("Write one ", (request) -> post(FakeOpenAi.messages(request)));
		fake.respond("hashtags (without #) for this",
				(request) -> "{\"hashtags\":[\"smallbusiness\",\"local\",\"behindthescenes\"]}");
		fake.respond("Rewrite this", (request) -> rewrite(FakeOpenAi.messages(request)));
		fake.respond("Adapt this post", (request) -> adapt(FakeOpenAi.messages(request)));
		fake.respond("caption for the attached picture", (request) -> {
			String prompt = FakeOpenAi.messages(request);
			return JSON.writeValueAsString(JSON.createObjectNode()
				.put("text",
						fit("A look at what we made this week, " + brand(prompt) + " style. Drop by and see it.",
								limit(prompt)))
				.put("altText", "A photograph shared by " + brand(prompt) + ".")
				.set("hashtags", JSON.createArrayNode().add("behindthescenes")));
		});
		fake.respond("Write the social media strategy", (request) -> strategy(FakeOpenAi.messages(request)));
		return fake;
	}

	private static String post(String prompt) {
		String platform = group(prompt, "Write one (\\w+) post", "social");
		String pillar = group(prompt, "for the content pillar \"([^\"]+)\"", null);
		String topic = group(prompt, " about: ([^\\n]+?)(?: \\(draft \\d+ of a series[^)]*\\))?\\.?\\n", null);
		String text = ((pillar != null) ? pillar + ": " : "") + ((topic != null) ? topic : "news from the team") + ". "
				+ brand(prompt) + " shares it first on " + platform + ". Tell us what you think!";
		return JSON.writeValueAsString(JSON.createObjectNode()
			.put("text", fit(text, limit(prompt) - 30))
			.set("hashtags", JSON.createArrayNode().add("smallbusiness").add(platform.toLowerCase())));
	}

	private static String rewrite(String prompt) {
		String text = after(prompt, "Post:\n");
		String feedback = after(prompt, "Feedback:\n");
		feedback = feedback.substring(0, Math.max(0, feedback.indexOf("\n\nPost:"))).strip();
		int limit = limit(prompt);
		Matcher asked = LIMIT.matcher(feedback);
		String rewritten = asked.find() ? fit(text, Integer.parseInt(asked.group(1)) - 30)
				: fit(text + " (" + feedback + ")", limit - 30);
		return JSON.writeValueAsString(
				JSON.createObjectNode().put("text", rewritten).set("hashtags", JSON.createArrayNode().add("update")));
	}

	private static String adapt(String prompt) {
		String text = after(prompt, "Post:\n");
		ArrayNode posts = JSON.createArrayNode();
		Matcher platform = Pattern.compile("\\n- ([^:\\n]+): at most (\\d+) characters").matcher(prompt);
		while (platform.find()) {
			posts.addObject()
				.put("platform", platform.group(1))
				.put("text", fit(text, Integer.parseInt(platform.group(2)) - 30))
				.set("hashtags", JSON.createArrayNode().add(platform.group(1).toLowerCase()));
		}
		return JSON.writeValueAsString(JSON.createObjectNode().set("posts", posts));
	}

	private static String strategy(String prompt) {
		String brand = group(prompt, "Write the social media strategy of ([^.]+)\\.", "the brand");
		String connected = group(prompt, "Platforms it is already connected to: ([^.]+)\\.", "none yet");
		List<String> platforms = new ArrayList<>(
				connected.equals("none yet") ? List.of("Mastodon", "Bluesky") : List.of(connected.split(",\\s*")));
		ObjectNode plan = JSON.createObjectNode();
		plan.put("summary", "Show the people behind " + brand + ", teach what it knows, and invite the audience in.");
		ArrayNode list = plan.putArray("platforms");
		for (int i = 0; i < platforms.size(); i++) {
			list.addObject()
				.put("platform", platforms.get(i))
				.put("why", "Where " + brand + "'s audience already talks")
				.put("postsPerWeek", (i == 0) ? 4 : 3)
				.set("bestTimes", JSON.createArrayNode().add((i == 0) ? "09:00" : "12:30").add("18:00"));
		}
		ArrayNode pillars = plan.putArray("pillars");
		String[][] themes = { { "Behind the scenes", "How the work gets done", "40", "A day in the workshop" },
				{ "Know-how", "Tips the audience can use", "35", "Three mistakes to avoid" },
				{ "Community", "Customers and neighbours", "25", "A customer's story" } };
		for (String[] theme : themes) {
			pillars.addObject()
				.put("name", theme[0])
				.put("description", theme[1])
				.put("share", Integer.parseInt(theme[2]))
				.set("exampleTopics", JSON.createArrayNode().add(theme[3]));
		}
		plan.putObject("voice")
			.put("tone", "warm, plain and specific")
			.set("dos", JSON.createArrayNode().add("name real people and places"));
		((ObjectNode) plan.get("voice")).set("donts", JSON.createArrayNode().add("no jargon"));
		plan.putArray("kpis")
			.addObject()
			.put("name", "Engagement rate")
			.put("target", "3 % within three months")
			.put("why", "Shows the posts are read");
		plan.put("audienceInsights", "Locals who value craft; online in the morning and after work.");
		return JSON.writeValueAsString(plan);
	}

	private static String brand(String prompt) {
		return group(prompt, "(?:writer|editor) of ([^.]+)\\.", "the brand");
	}

	private static int limit(String prompt) {
		Matcher matcher = LIMIT.matcher(prompt);
		return matcher.find() ? Integer.parseInt(matcher.group(1)) : 500;
	}

	private static String fit(String text, int max) {
		String line = text.strip();
		return (line.length() <= Math.max(20, max)) ? line : line.substring(0, Math.max(20, max) - 1) + "…";
	}

	private static String after(String prompt, String marker) {
		int at = prompt.lastIndexOf(marker);
		if (at < 0) {
			return "";
		}
		String rest = prompt.substring(at + marker.length());
		int schema = rest.indexOf("\n\nYour response should be");
		return ((schema >= 0) ? rest.substring(0, schema) : rest).strip();
	}

	private static String group(String text, String regex, String otherwise) {
		Matcher matcher = Pattern.compile(regex).matcher(text);
		return matcher.find() ? matcher.group(1).strip() : otherwise;
	}

}
