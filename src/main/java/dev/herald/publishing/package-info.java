/**
 * Publishing: posts and their targets (one per channel), approval, the calendar and the
 * queue, and the dispatcher that publishes every target at its time exactly once, with
 * retries, rate-limit waits and reconciliation of unknown outcomes.
 */
@NullMarked
@ApplicationModule(displayName = "Publishing",
		allowedDependencies = { "common", "identity", "workspace", "channel", "platform", "notification", "media" })
package dev.herald.publishing;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
