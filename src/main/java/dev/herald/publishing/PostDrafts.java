package dev.herald.publishing;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.herald.platform.PlatformKind;
import dev.herald.workspace.Tenant;

/**
 * Drafts written for a user by another module (the AI studio): what each channel's
 * platform would say of a text, by the same rules as the composer, and the draft itself,
 * marked with the model that wrote it.
 */
public interface PostDrafts {

	/**
	 * A text as one channel's platform would take it.
	 *
	 * @param channelId the channel
	 * @param platform its platform
	 * @param length the text's length as the platform counts it, hashtags included
	 * @param maxLength the platform's (or instance's) limit
	 * @param problems what the platform would refuse; empty when it would accept it
	 */
	record ChannelCheck(UUID channelId, PlatformKind platform, int length, int maxLength, List<String> problems) {

		public boolean fits() {
			return this.problems.isEmpty();
		}

	}

	/** What each of the brand's channels would say of this text with these hashtags. */
	List<ChannelCheck> check(Tenant tenant, UUID brandId, String text, List<String> hashtags, List<UUID> channelIds);

	/**
	 * A draft written by a model.
	 *
	 * @param brandId its brand
	 * @param text the text
	 * @param hashtags its hashtags
	 * @param channelIds its channels
	 * @param plannedFor when it is planned (a draft keeps it until scheduled)
	 * @param timezone the IANA zone it was planned in
	 * @param tags the team's labels (a content pillar, say)
	 * @param model the model that wrote it
	 * @param prompt what it was asked, for the post's provenance
	 */
	record GeneratedDraft(UUID brandId, String text, List<String> hashtags, List<UUID> channelIds, Instant plannedFor,
			String timezone, List<String> tags, String model, String prompt) {
	}

	/** Creates the draft; it is never scheduled or published by this. */
	Post create(Tenant tenant, GeneratedDraft draft);

	/**
	 * Schedules a draft at its planned time, by the same rules as the composer's
	 * "Schedule" (every channel validated; refused where the workspace requires approval
	 * and the caller may not approve).
	 * @throws dev.herald.common.ApiError saying why it cannot be scheduled
	 */
	Post schedule(Tenant tenant, UUID postId);

	/** The times at which the workspace already has posts planned on these channels. */
	Set<Instant> plannedTimes(UUID workspaceId, List<UUID> channelIds, Instant from, Instant to);

}
