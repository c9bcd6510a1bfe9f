package dev.herald.channel.internal;

import dev.herald.channel.ChannelNeedsReauth;
import dev.herald.identity.Users;
import dev.herald.notification.NotificationType;
import dev.herald.notification.Notifications;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Tells the person who connected a channel that it needs reconnecting, in the app and by
 * email: its posts wait until then.
 */
@Component
class ChannelListeners {

	private final Notifications notifications;

	private final Users users;

	ChannelListeners(Notifications notifications, Users users) {
		this.notifications = notifications;
		this.users = users;
	}

	@ApplicationModuleListener
	void on(ChannelNeedsReauth event) {
		this.users.find(event.connectedBy())
			.ifPresent((user) -> this.notifications.notify(
					new Notifications.Recipient(user.id(), user.emailVerified() ? user.email() : null),
					event.workspaceId(), NotificationType.CHANNEL_NEEDS_REAUTH,
					"Reconnect " + event.platform().name().charAt(0)
							+ event.platform().name().substring(1).toLowerCase(java.util.Locale.ROOT) + " "
							+ event.username(),
					event.platform() + " no longer accepts Herald's access (" + event.reason()
							+ "). Its scheduled posts wait: reconnect it to send them.",
					"/channels"));
	}

}
