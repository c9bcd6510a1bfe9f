package dev.herald.publishing.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

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
	 * Tells the authors what became of their posts, in one statement however many. Called
	 * in the transaction that settles the posts, so a notice exists exactly when its
	 * settlement does; its email leaves after the commit.
	 */
	void settled(List<PostSettled> posts) {
		Map<UUID, UserProfile> authors = this.users
			.findAll(posts.stream().map(PostSettled::authorId).collect(Collectors.toSet()))
			.stream()
			.collect(Collectors.toMap(UserProfile::id, Function.identity()));
		List<Notifications.Notice> notices = new ArrayList<>(posts.size());
		for (PostSettled event : posts) {
			UserProfile author = authors.get(event.authorId());
			if (author == null) {
				continue;
			}
			String title = switch (event.status()) {
				case PUBLISHED -> "Published: " + event.excerpt();
				case PARTIALLY_PUBLISHED -> "Partly published (" + event.failed() + " failed): " + event.excerpt();
				default -> "Not published: " + event.excerpt();
			};
			String body = (event.status() == PostStatus.PUBLISHED)
					? "Your post is live on " + event.published()
							+ ((event.published() == 1) ? " channel." : " channels.")
					: "Published on " + event.published() + ", failed on " + event.failed() + ". "
							+ ((event.firstFailure() != null) ? "Reason: " + event.firstFailure() : "");
			notices.add(new Notifications.Notice(
					recipient(author), event.workspaceId(), (event.status() == PostStatus.PUBLISHED)
							? NotificationType.POST_PUBLISHED : NotificationType.POST_FAILED,
					title, body, "/posts/" + event.postId()));
		}
		this.notifications.notifyAll(notices);
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
		this.users.find(userId)
			.ifPresent((user) -> this.notifications.notify(recipient(user), workspaceId, type, title, body, link));
	}

	/** The user, and their address when verified. */
	private static Notifications.Recipient recipient(UserProfile user) {
		return new Notifications.Recipient(user.id(), user.emailVerified() ? user.email() : null);
	}

}
