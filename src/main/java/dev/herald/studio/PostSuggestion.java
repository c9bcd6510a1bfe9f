package dev.herald.studio;

import java.util.List;

/**
 * A post the studio wrote, for a person to edit and schedule (the studio never
 * publishes).
 *
 * @param text the post's text
 * @param hashtags hashtags for it, without #
 */
public record PostSuggestion(String text, List<String> hashtags) {

	public PostSuggestion {
		hashtags = (hashtags != null) ? List.copyOf(hashtags) : List.of();
	}

}
