package dev.herald.platform;

import java.util.List;

import org.springframework.util.Assert;

/**
 * What to publish on one channel, after the channel's overrides are applied: the text of
 * each part (one part, or several for a thread).
 *
 * @param parts the texts, in order; the first is the post, the others its replies
 */
public record PostContent(List<String> parts) {

	public PostContent {
		Assert.notEmpty(parts, "parts must not be empty");
		parts = List.copyOf(parts);
	}

	public static PostContent of(String text) {
		return new PostContent(List.of(text));
	}

	public String text() {
		return this.parts.getFirst();
	}

}
