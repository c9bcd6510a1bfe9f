package dev.herald.platform.mastodon;

import org.springframework.util.Assert;

/**
 * Herald's registration as an app on one Mastodon instance ({@code POST /api/v1/apps}),
 * to be stored per instance and redirect URI and reused for every account connected
 * there. The secret never appears in {@link #toString()}.
 *
 * @param clientId the app's {@code client_id}
 * @param clientSecret the app's {@code client_secret}
 */
public record MastodonApp(String clientId, String clientSecret) {

	public MastodonApp {
		Assert.hasText(clientId, "clientId must not be empty");
		Assert.hasText(clientSecret, "clientSecret must not be empty");
	}

	@Override
	public String toString() {
		return "MastodonApp[clientId=" + this.clientId + ", clientSecret=(hidden)]";
	}

}
