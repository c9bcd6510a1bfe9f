/**
 * Notifications: email over SMTP (and, in local mode without SMTP, the log and a dev
 * mailbox); in-app notifications and outbound webhooks arrive with their issues.
 */
@NullMarked
@ApplicationModule(displayName = "Notification", allowedDependencies = "common")
package dev.herald.notification;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
