/**
 * The metric sync, its job and the metrics' table.
 */
@NullMarked
package dev.herald.analytics.internal;

import org.jspecify.annotations.NullMarked;
