/**
 * The audit log's listener and store.
 */
@NullMarked
package dev.herald.audit.internal;

import org.jspecify.annotations.NullMarked;
