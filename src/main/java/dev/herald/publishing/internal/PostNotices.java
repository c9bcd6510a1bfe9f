package dev.herald.publishing.internal;

import java.util.UUID;

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

import org.springframework.stereotype.Component;

/**
 * What people are told about posts: the author when every target has settled (in the app,
 * and by email to a verified address), the admins when a post waits for review, the
 * author when it was reviewed.
 */
@Component
class PostNotices {

	private final Notifications notifications;

	private final Users users;

	private final Workspaces workspaces;

	PostNotices(Notifications notifications, Users users, Workspaces workspaces) {
		this.notifications = notifications;
		this.users = users;
		this.workspaces = workspaces;
	}

	/**
	 * Tells the author what became of the post. Called in the transaction that settles
	 * the post, so the notice exists exactly when the settlement does; its email leaves
	 * after the commit.
	 */
	void settled(PostSettled event) {
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

	void submitted(PostSubmitted event) {
		for (UUID admin : this.workspaces.members(event.workspaceId(), Role.ADMIN)) {
			if (!admin.equals(event.authorId())) {
				tell(admin, event.workspaceId(), NotificationType.APPROVAL_REQUESTED, "Approval requested",
						"A post waits for your review: " + event.excerpt(), "/posts/" + event.postId());
			}
		}
	}

	void reviewed(PostReviewed event) {
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
