/**
 * The studio's API.
 */
@NullMarked
package dev.herald.studio.web;

import org.jspecify.annotations.NullMarked;
