/**
 * Notification's REST endpoints and dashboard pages: the in-app notifications and the dev
 * mailbox of local mode.
 */
@NullMarked
package dev.herald.notification.web;

import org.jspecify.annotations.NullMarked;
