package dev.herald.identity.internal;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Social login: the OAuth clients registered with Google and GitHub, mapped from
 * {@code GOOGLE_CLIENT_ID}, {@code GOOGLE_CLIENT_SECRET}, {@code GITHUB_CLIENT_ID} and
 * {@code GITHUB_CLIENT_SECRET}. A provider without both its id and secret is not offered.
 * The endpoints default to the providers' own and are overridden only by tests.
 *
 * @param stateTtl how long a started sign-in may take before its callback is refused
 * @param timeout connect and read timeout of every call to a provider
 * @param google the Google client (OpenID Connect)
 * @param github the GitHub client (OAuth 2.0)
 */
@ConfigurationProperties("herald.identity.oauth")
record SocialLoginSettings(@DefaultValue("10m") Duration stateTtl, @DefaultValue("10s") Duration timeout,
		@DefaultValue Google google, @DefaultValue GitHub github) {

	/**
	 * The Google client; endpoints come from the issuer's discovery document.
	 *
	 * @param clientId {@code GOOGLE_CLIENT_ID}
	 * @param clientSecret {@code GOOGLE_CLIENT_SECRET}
	 * @param issuer the OpenID Connect issuer
	 */
	record Google(@DefaultValue("") String clientId, @DefaultValue("") String clientSecret,
			@DefaultValue("https://accounts.google.com") URI issuer) {

		boolean configured() {
			return !this.clientId.isBlank() && !this.clientSecret.isBlank();
		}

		@Override
		public String toString() {
			return "Google[clientId=" + this.clientId + ", issuer=" + this.issuer + "]";
		}

	}

	/**
	 * The GitHub OAuth app.
	 *
	 * @param clientId {@code GITHUB_CLIENT_ID}
	 * @param clientSecret {@code GITHUB_CLIENT_SECRET}
	 * @param authorizationUri where the user authorizes Herald
	 * @param tokenUri where the code is exchanged for an access token
	 * @param userUri the signed-in user
	 * @param emailsUri the signed-in user's email addresses
	 */
	record GitHub(@DefaultValue("") String clientId, @DefaultValue("") String clientSecret,
			@DefaultValue("https://github.com/login/oauth/authorize") URI authorizationUri,
			@DefaultValue("https://github.com/login/oauth/access_token") URI tokenUri,
			@DefaultValue("https://api.github.com/user") URI userUri,
			@DefaultValue("https://api.github.com/user/emails") URI emailsUri) {

		boolean configured() {
			return !this.clientId.isBlank() && !this.clientSecret.isBlank();
		}

		@Override
		public String toString() {
			return "GitHub[clientId=" + this.clientId + ", authorizationUri=" + this.authorizationUri + "]";
		}

	}

}
