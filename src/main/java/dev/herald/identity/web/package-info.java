/**
 * Identity's REST endpoints and dashboard pages.
 */
@NullMarked
package dev.herald.identity.web;

import org.jspecify.annotations.NullMarked;
