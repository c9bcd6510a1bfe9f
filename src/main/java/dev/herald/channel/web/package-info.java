/**
 * The channel module's REST endpoints and dashboard pages.
 */
@NullMarked
package dev.herald.channel.web;

import org.jspecify.annotations.NullMarked;
