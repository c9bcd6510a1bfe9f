/**
 * The audit log's endpoints.
 */
@NullMarked
package dev.herald.audit.web;

import org.jspecify.annotations.NullMarked;
