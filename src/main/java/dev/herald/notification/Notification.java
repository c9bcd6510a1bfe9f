package dev.herald.notification;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An in-app notification of a user.
 *
 * @param id its id
 * @param workspaceId the workspace it concerns, if one
 * @param type its kind
 * @param title one line
 * @param body what happened and what to do
 * @param link where to look, a path of the dashboard
 * @param readAt when the user read it
 * @param createdAt when it was made
 */
public record Notification(UUID id, @Nullable UUID workspaceId, NotificationType type, String title, String body,
		@Nullable String link, @Nullable Instant readAt, Instant createdAt) {
}
