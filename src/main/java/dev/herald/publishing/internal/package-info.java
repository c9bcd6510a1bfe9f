/**
 * Posts and targets in PostgreSQL, the composer's rules, and the dispatcher.
 */
@NullMarked
package dev.herald.publishing.internal;

import org.jspecify.annotations.NullMarked;
