/**
 * The workspace module's REST endpoints and dashboard pages.
 */
@NullMarked
package dev.herald.workspace.web;

import org.jspecify.annotations.NullMarked;
