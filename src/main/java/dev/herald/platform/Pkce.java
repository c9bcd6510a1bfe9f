package dev.herald.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

import org.springframework.util.Assert;

/**
 * A PKCE pair (RFC 7636, method {@code S256}) for one OAuth authorization: the verifier
 * stays with Herald (saved with the flow's state), only the challenge travels in the
 * authorization URL, so that a stolen authorization code is useless without the verifier.
 * The verifier never appears in {@link #toString()}.
 *
 * @param verifier 43 characters of base64url (32 random bytes)
 * @param challenge base64url of the verifier's SHA-256, without padding
 */
public record Pkce(String verifier, String challenge) {

	private static final SecureRandom RANDOM = new SecureRandom();

	/** A new pair with a fresh random verifier. */
	public static Pkce generate() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		return new Pkce(verifier, challengeOf(verifier));
	}

	/** The S256 challenge of a verifier. */
	public static String challengeOf(String verifier) {
		Assert.hasText(verifier, "verifier must not be empty");
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	@Override
	public String toString() {
		return "Pkce[verifier=(hidden), challenge=" + this.challenge + "]";
	}

}
