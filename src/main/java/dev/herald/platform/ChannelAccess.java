package dev.herald.platform;

import java.net.URI;

import org.jspecify.annotations.Nullable;

/**
 * How to reach one connected account: where (the instance, the PDS, the webhook's URL),
 * as whom, and with which secret. Immutable; the secret never appears in
 * {@link #toString()}.
 *
 * @param endpoint the platform's base URL for this account (or the webhook's URL)
 * @param accountId the account's id at the platform, if it has one
 * @param secret the access token, app password or signing secret
 */
public record ChannelAccess(URI endpoint, @Nullable String accountId, String secret) {

	@Override
	public String toString() {
		return "ChannelAccess[endpoint=" + this.endpoint + ", accountId=" + this.accountId + ", secret=(hidden)]";
	}

}
