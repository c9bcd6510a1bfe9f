/**
 * The publishing module's REST endpoints and dashboard pages (composer, calendar, post
 * detail).
 */
@NullMarked
package dev.herald.publishing.web;

import org.jspecify.annotations.NullMarked;
