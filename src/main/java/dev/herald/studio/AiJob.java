package dev.herald.studio;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.herald.platform.PlatformKind;
import org.jspecify.annotations.Nullable;

/**
 * A long generation running in the background, and what it has made so far.
 *
 * @param id the job
 * @param kind what it makes ({@code batch})
 * @param brandId the brand
 * @param status QUEUED, RUNNING, COMPLETED (everything made), COMPLETED_WITH_ERRORS (some
 * items failed) or FAILED (none made)
 * @param total items to make
 * @param done items made
 * @param failed items that failed
 * @param percent how far it is, items made or failed over all
 * @param items each item, in planned order
 * @param error why the whole job failed
 * @param createdAt when it was asked for
 * @param startedAt when it started
 * @param finishedAt when it finished
 */
public record AiJob(UUID id, String kind, UUID brandId, String status, int total, int done, int failed, int percent,
		List<Item> items, @Nullable String error, Instant createdAt, @Nullable Instant startedAt,
		@Nullable Instant finishedAt) {

	public AiJob {
		items = List.copyOf(items);
	}

	/**
	 * One draft of a batch.
	 *
	 * @param channelId its channel
	 * @param platform the channel's platform
	 * @param at when it is planned
	 * @param pillar its content pillar
	 * @param topic its topic
	 * @param status PENDING, DONE or FAILED
	 * @param postId the draft, once made
	 * @param excerpt the start of its text
	 * @param error why it failed
	 */
	public record Item(UUID channelId, PlatformKind platform, Instant at, @Nullable String pillar,
			@Nullable String topic, String status, @Nullable UUID postId, @Nullable String excerpt,
			@Nullable String error) {
	}

}
