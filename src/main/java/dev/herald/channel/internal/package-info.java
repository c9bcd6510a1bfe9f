/**
 * The channel module's storage, token vault, connect flows and refresh job.
 */
@NullMarked
package dev.herald.channel.internal;

import org.jspecify.annotations.NullMarked;
