package dev.herald.platform.mastodon;

import java.net.URI;

import org.jspecify.annotations.Nullable;

/**
 * The account an access token acts for, as
 * {@code GET /api/v1/accounts/verify_credentials} answers it: what the channel module
 * stores and shows of a connected account.
 *
 * @param id the account's id on its instance (the channel's account id)
 * @param username the user name, without the instance
 * @param acct the account's address as its instance writes it (for a local account the
 * user name alone)
 * @param displayName the name shown on the profile; may be empty
 * @param avatar the avatar's URL, if any
 * @param url the profile page, if the instance said
 * @param followersCount how many follow the account
 * @param followingCount how many the account follows
 * @param statusesCount how many statuses the account has posted
 */
public record MastodonAccount(String id, String username, String acct, String displayName, @Nullable URI avatar,
		@Nullable URI url, long followersCount, long followingCount, long statusesCount) {
}
