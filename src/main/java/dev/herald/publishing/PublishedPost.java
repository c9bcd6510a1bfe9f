package dev.herald.publishing;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.herald.platform.PlatformKind;

/**
 * A post as it was published on one channel, for the modules that learn from what was
 * published (analytics, the studio).
 *
 * @param targetId the target
 * @param postId the post
 * @param workspaceId its workspace
 * @param brandId its brand
 * @param channelId the channel
 * @param platform the channel's platform
 * @param text the text published there (the channel's own text when it had one), with the
 * parts of a thread after the first
 * @param hashtags the hashtags added to the text, without #
 * @param platformPostId the platform's id of the post
 * @param publishedAt when the platform accepted it
 */
public record PublishedPost(UUID targetId, UUID postId, UUID workspaceId, UUID brandId, UUID channelId,
		PlatformKind platform, String text, List<String> hashtags, String platformPostId, Instant publishedAt) {

	public PublishedPost {
		hashtags = List.copyOf(hashtags);
	}

}
