package dev.herald.studio;

import java.util.List;

/**
 * Hashtags the studio suggests for a post, without #, the most fitting first.
 *
 * @param hashtags the hashtags
 */
public record HashtagSuggestion(List<String> hashtags) {

	public HashtagSuggestion {
		hashtags = (hashtags != null) ? List.copyOf(hashtags) : List.of();
	}

}
