package dev.herald.notification;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.herald.common.CursorPage;
import org.jspecify.annotations.Nullable;

/**
 * In-app notifications, and the email that goes with them. Other modules call
 * {@link #notify} from their event listeners with the recipient already resolved, so that
 * this module needs to know nothing of users or workspaces.
 */
public interface Notifications {

	/**
	 * Who is told.
	 *
	 * @param userId the user
	 * @param email where the email goes, or {@code null} for in-app only
	 */
	record Recipient(UUID userId, @Nullable String email) {
	}

	/**
	 * Stores an in-app notification and, when the recipient has an address, emails it a
	 * few seconds after it is committed, together with the recipient's other new
	 * notifications (one email, or a digest when there are several).
	 * @param link a dashboard path ({@code /posts/…}), made absolute in the email
	 */
	Notification notify(Recipient recipient, @Nullable UUID workspaceId, NotificationType type, String title,
			String body, @Nullable String link);

	/**
	 * What {@link #notify} is told, for {@link #notifyAll}.
	 *
	 * @param link a dashboard path ({@code /posts/…}), made absolute in the email
	 */
	record Notice(Recipient recipient, @Nullable UUID workspaceId, NotificationType type, String title, String body,
			@Nullable String link) {
	}

	/**
	 * Stores the notifications in one statement, each then emailed as {@link #notify}
	 * does: for who tells many at once (a burst of posts published).
	 */
	List<Notification> notifyAll(List<Notice> notices);

	CursorPage<Notification> list(UUID userId, boolean unreadOnly, CursorPage.PageRequest page);

	long unread(UUID userId);

	Optional<Notification> markRead(UUID userId, UUID notificationId);

	int markAllRead(UUID userId);

	List<Notification> latest(UUID userId, int limit);

}
