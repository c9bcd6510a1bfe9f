/**
 * The media library's storage backends, inspection, processing and jobs.
 */
@NullMarked
package dev.herald.media.internal;

import org.jspecify.annotations.NullMarked;
