/**
 * Channels: the social accounts a brand connected, their encrypted tokens, the connect
 * flows, token refresh and posting slots. Other modules get a channel's credential
 * through {@link dev.herald.channel.Channels}, never its tokens' storage.
 */
@NullMarked
@ApplicationModule(displayName = "Channel", allowedDependencies = { "common", "identity", "workspace", "notification",
		"platform", "platform::bluesky", "platform::mastodon" })
package dev.herald.channel;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
