/**
 * Mastodon (any instance): statuses posted through the instance's REST API with an OAuth
 * access token, limits read from the instance itself.
 */
@NullMarked
package dev.herald.platform.mastodon;

import org.jspecify.annotations.NullMarked;
