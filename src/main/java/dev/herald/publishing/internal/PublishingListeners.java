package dev.herald.publishing.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import dev.herald.channel.ChannelDisconnected;
import dev.herald.channel.ChannelReconnected;
import dev.herald.publishing.PostReviewed;
import dev.herald.publishing.PostSubmitted;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import static dev.herald.common.SqlTime.ts;

/**
 * What publishing does when things happen elsewhere or to its posts: wakes the posts of a
 * reconnected channel, settles those of a disconnected one, and has people told of posts
 * submitted for review and reviewed.
 */
@Component
class PublishingListeners {

	private final JdbcClient jdbc;

	private final DispatchLoop loop;

	private final PostNotices notices;

	private final Clock clock;

	PublishingListeners(JdbcClient jdbc, DispatchLoop loop, PostNotices notices, Clock clock) {
		this.jdbc = jdbc;
		this.loop = loop;
		this.notices = notices;
		this.clock = clock;
	}

	@ApplicationModuleListener
	void on(ChannelReconnected event) {
		wake(event.channelId(), "AND error_class = 'AUTH_EXPIRED'");
	}

	@ApplicationModuleListener
	void on(ChannelDisconnected event) {
		// their jobs fail them, each with its reason and its post's aggregate status
		wake(event.channelId(), "");
	}

	private void wake(UUID channelId, String condition) {
		Instant now = Instant.now(this.clock);
		int woken = this.jdbc
			.sql("UPDATE post_targets SET due_at = ?, next_attempt_at = NULL, updated_at = ? WHERE channel_id = ? "
					+ "AND status = 'SCHEDULED' AND due_at > ? " + condition)
			.params(ts(now), ts(now), channelId, ts(now))
			.update();
		if (woken > 0) {
			this.loop.due(now);
		}
	}

	@ApplicationModuleListener
	void on(PostSubmitted event) {
		this.notices.submitted(event);
	}

	@ApplicationModuleListener
	void on(PostReviewed event) {
		this.notices.reviewed(event);
	}

}
