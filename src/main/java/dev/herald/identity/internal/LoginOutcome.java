package dev.herald.identity.internal;

import dev.herald.identity.SignedIn;

/**
 * What a correct password leads to: a session, or the two-factor step.
 */
public sealed interface LoginOutcome {

	/**
	 * Signed in.
	 *
	 * @param session the session and its tokens
	 */
	record Complete(SignedIn session) implements LoginOutcome {
	}

	/**
	 * The account has two-factor authentication: send the code with this challenge.
	 *
	 * @param challengeToken proves the password step, valid five minutes
	 */
	record TwoFactorRequired(String challengeToken) implements LoginOutcome {
	}

}
