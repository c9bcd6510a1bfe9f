package dev.herald.publishing;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.herald.platform.PlatformKind;
import org.jspecify.annotations.Nullable;

/**
 * A post and its targets, as the API shows them.
 *
 * @param id the post
 * @param brandId its brand
 * @param authorId who wrote it
 * @param text the text of its first part
 * @param thread the texts of the parts that follow, for a thread
 * @param firstComment a comment to add after it, where the platform allows
 * @param hashtags hashtags added to the text
 * @param tags the team's own labels
 * @param mediaIds the media library files attached to its first part, in order
 * @param status where it stands
 * @param scheduledFor when it is (or was) to be published
 * @param timezone the IANA zone it was planned in
 * @param reviewComment the reviewer's comment, after a review
 * @param aiModel the model that wrote it, when the AI studio did
 * @param targets one per channel
 * @param publishedAt when its last target was published
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
public record Post(UUID id, UUID brandId, UUID authorId, String text, List<String> thread,
		@Nullable String firstComment, List<String> hashtags, List<String> tags, List<UUID> mediaIds, PostStatus status,
		@Nullable Instant scheduledFor, String timezone, @Nullable String reviewComment, @Nullable String aiModel,
		List<Target> targets, @Nullable Instant publishedAt, Instant createdAt, Instant updatedAt) {

	/**
	 * The post on one channel.
	 *
	 * @param id the target
	 * @param channelId the channel
	 * @param platform the channel's platform
	 * @param text this channel's own text, when it differs from the post's
	 * @param thread this channel's own thread parts, when they differ
	 * @param mediaIds this channel's own files, when they differ (a variant made for its
	 * platform)
	 * @param status where it stands
	 * @param attempts how many publishing attempts were made
	 * @param nextAttemptAt when the next attempt is due, while one is
	 * @param platformPostId the platform's id once published
	 * @param url where it can be seen once published
	 * @param errorCode the error class of the last failure
	 * @param errorMessage the platform's reason for the last failure
	 * @param publishedAt when the platform accepted it
	 */
	public record Target(UUID id, UUID channelId, PlatformKind platform, @Nullable String text,
			@Nullable List<String> thread, @Nullable List<UUID> mediaIds, TargetStatus status, int attempts,
			@Nullable Instant nextAttemptAt, @Nullable String platformPostId, @Nullable URI url,
			@Nullable String errorCode, @Nullable String errorMessage, @Nullable Instant publishedAt) {
	}

}
