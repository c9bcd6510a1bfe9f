package dev.herald.platform;

import java.util.List;

import org.springframework.util.Assert;

/**
 * What to publish on one channel, after the channel's overrides are applied: the text of
 * each part (one part, or several for a thread) and the media of the first part.
 *
 * @param parts the texts, in order; the first is the post, the others its replies
 * @param media the files attached to the first part, in order; empty for none
 */
public record PostContent(List<String> parts, List<Media> media) {

	public PostContent {
		Assert.notEmpty(parts, "parts must not be empty");
		parts = List.copyOf(parts);
		media = List.copyOf(media);
	}

	/** Content without media. */
	public PostContent(List<String> parts) {
		this(parts, List.of());
	}

	public static PostContent of(String text) {
		return new PostContent(List.of(text));
	}

	public String text() {
		return this.parts.getFirst();
	}

}
