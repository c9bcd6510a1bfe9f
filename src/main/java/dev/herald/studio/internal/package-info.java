/**
 * The studio's model client, generations, cache and credits.
 */
@NullMarked
package dev.herald.studio.internal;

import org.jspecify.annotations.NullMarked;
