/**
 * The mailer's implementation.
 */
@NullMarked
package dev.herald.notification.internal;

import org.jspecify.annotations.NullMarked;
