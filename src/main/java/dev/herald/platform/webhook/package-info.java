/**
 * The generic webhook channel: each post is sent as signed JSON to the user's URL.
 */
@NullMarked
package dev.herald.platform.webhook;

import org.jspecify.annotations.NullMarked;
