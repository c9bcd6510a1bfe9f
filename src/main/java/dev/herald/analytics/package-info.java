/**
 * Analytics: what published posts did, read back from their platforms. For now the latest
 * counts of each target published in the last 30 days, synced every six hours, and
 * {@link dev.herald.analytics.PostPerformance} for the modules that learn from them.
 */
@NullMarked
@ApplicationModule(displayName = "Analytics",
		allowedDependencies = { "common", "identity", "workspace", "channel", "platform", "publishing" })
package dev.herald.analytics;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
