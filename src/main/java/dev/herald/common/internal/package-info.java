/**
 * Common infrastructure: the database, the web edge (request ids, envelopes, errors, body
 * limits, idempotency) and the shared beans.
 */
@NullMarked
package dev.herald.common.internal;

import org.jspecify.annotations.NullMarked;
