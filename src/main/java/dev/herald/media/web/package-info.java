/**
 * The media library's API, its signed file URLs and its dashboard page.
 */
@NullMarked
package dev.herald.media.web;

import org.jspecify.annotations.NullMarked;
