package dev.herald.studio;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A caption written for a picture.
 *
 * @param text the post's text
 * @param hashtags hashtags for it, without #
 * @param altText a description of the picture for people who cannot see it
 */
public record CaptionSuggestion(String text, List<String> hashtags,
		@JsonPropertyDescription("What the picture shows, for people who cannot see it, in one or two sentences") String altText) {

	public CaptionSuggestion {
		hashtags = (hashtags != null) ? List.copyOf(hashtags) : List.of();
	}

}
