package dev.herald.publishing.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import dev.herald.channel.ChannelDisconnected;
import dev.herald.channel.ChannelReconnected;
import dev.herald.identity.UserProfile;
import dev.herald.identity.Users;
import dev.herald.notification.NotificationType;
import dev.herald.notification.Notifications;
import dev.herald.publishing.PostReviewed;
import dev.herald.publishing.PostSettled;
import dev.herald.publishing.PostStatus;
import dev.herald.publishing.PostSubmitted;
import dev.herald.workspace.Role;
import dev.herald.workspace.Workspaces;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import static dev.herald.common.SqlTime.ts;

/**
 * What publishing does when things happen elsewhere or to its posts: wakes the posts of a
 * reconnected channel, settles those of a disconnected one, and tells people what became
 * of their posts (in the app, and by email to a verified address).
 */
@Component
class PublishingListeners {

	private final JdbcClient jdbc;

	private final DispatchQueue queue;

	private final Notifications notifications;

	private final Users users;

	private final Workspaces workspaces;

	private final Clock clock;

	PublishingListeners(JdbcClient jdbc, DispatchQueue queue, Notifications notifications, Users users,
			Workspaces workspaces, Clock clock) {
		this.jdbc = jdbc;
		this.queue = queue;
		this.notifications = notifications;
		this.users = users;
		this.workspaces = workspaces;
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
		for (UUID id : this.jdbc
			.sql("UPDATE post_targets SET due_at = ?, next_attempt_at = NULL, updated_at = ? WHERE channel_id = ? "
					+ "AND status = 'SCHEDULED' AND due_at > ? " + condition + " RETURNING id")
			.params(ts(now), ts(now), channelId, ts(now))
			.query(UUID.class)
			.list()) {
			this.queue.schedule(id, now);
		}
	}

	@ApplicationModuleListener
	void on(PostSettled event) {
		String title = switch (event.status()) {
			case PUBLISHED -> "Published: " + event.excerpt();
			case PARTIALLY_PUBLISHED -> "Partly published (" + event.failed() + " failed): " + event.excerpt();
			default -> "Not published: " + event.excerpt();
		};
		String body = (event.status() == PostStatus.PUBLISHED)
				? "Your post is live on " + event.published() + ((event.published() == 1) ? " channel." : " channels.")
				: "Published on " + event.published() + ", failed on " + event.failed() + ". "
						+ ((event.firstFailure() != null) ? "Reason: " + event.firstFailure() : "");
		tell(event.authorId(), event.workspaceId(), (event.status() == PostStatus.PUBLISHED)
				? NotificationType.POST_PUBLISHED : NotificationType.POST_FAILED, title, body,
				"/posts/" + event.postId());
	}

	@ApplicationModuleListener
	void on(PostSubmitted event) {
		for (UUID admin : this.workspaces.members(event.workspaceId(), Role.ADMIN)) {
			if (!admin.equals(event.authorId())) {
				tell(admin, event.workspaceId(), NotificationType.APPROVAL_REQUESTED, "Approval requested",
						"A post waits for your review: " + event.excerpt(), "/posts/" + event.postId());
			}
		}
	}

	@ApplicationModuleListener
	void on(PostReviewed event) {
		tell(event.authorId(), event.workspaceId(), NotificationType.APPROVAL_REQUESTED,
				event.approved() ? "Your post was approved" : "Your post needs changes",
				(event.comment() != null) ? "Reviewer's comment: " + event.comment()
						: (event.approved() ? "It can be scheduled now." : ""),
				"/posts/" + event.postId());
	}

	private void tell(UUID userId, UUID workspaceId, NotificationType type, String title, String body, String link) {
		UserProfile user = this.users.find(userId).orElse(null);
		if (user == null) {
			return;
		}
		this.notifications.notify(new Notifications.Recipient(userId, user.emailVerified() ? user.email() : null),
				workspaceId, type, title, body, link);
	}

}
