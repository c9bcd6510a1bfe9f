/**
 * Mastodon (any instance): statuses posted through the instance's REST API with an OAuth
 * access token, limits read from the instance itself. The public API, for the channel
 * module, connects accounts: {@link dev.herald.platform.mastodon.MastodonAccounts}
 * registers Herald on an instance and runs the OAuth code flow with PKCE.
 */
@NullMarked
@NamedInterface("mastodon")
package dev.herald.platform.mastodon;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
