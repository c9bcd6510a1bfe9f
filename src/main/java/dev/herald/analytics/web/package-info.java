/**
 * The analytics API.
 */
@NullMarked
package dev.herald.analytics.web;

import org.jspecify.annotations.NullMarked;
