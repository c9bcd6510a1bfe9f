package dev.herald.studio;

import java.util.List;
import java.util.UUID;

import dev.herald.platform.PlatformKind;

/**
 * A post adapted to one channel, checked by that channel's own rules.
 *
 * @param channelId the channel
 * @param platform its platform
 * @param text the post for it
 * @param hashtags its hashtags, without #
 * @param length its length with the hashtags, as the platform counts it
 * @param maxLength the channel's limit
 * @param problems what the platform would still refuse; empty when it fits
 */
public record AdaptedPost(UUID channelId, PlatformKind platform, String text, List<String> hashtags, int length,
		int maxLength, List<String> problems) {

	public AdaptedPost {
		hashtags = List.copyOf(hashtags);
		problems = List.copyOf(problems);
	}

}
