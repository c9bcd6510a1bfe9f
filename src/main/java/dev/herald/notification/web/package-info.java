/**
 * Notification's dashboard pages: the dev mailbox of local mode.
 */
@NullMarked
package dev.herald.notification.web;

import org.jspecify.annotations.NullMarked;
