package dev.herald.notification;

/**
 * The kinds of in-app notification (SPEC.md §2).
 */
public enum NotificationType {

	POST_PUBLISHED, POST_FAILED, CHANNEL_NEEDS_REAUTH, APPROVAL_REQUESTED, SUBSCRIPTION_UPDATED, TEAM_INVITE,
	LIMIT_REACHED, REPORT_READY

}
