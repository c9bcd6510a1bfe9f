package dev.herald.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * High-entropy bearer tokens (refresh tokens, emailed links, invitations, API keys):
 * generated from a secure random source, handed out once, stored only as their SHA-256
 * digest. Their entropy makes a slow hash unnecessary.
 */
public final class SecretTokens {

	private static final SecureRandom RANDOM = new SecureRandom();

	private SecretTokens() {
	}

	/** A new URL-safe token of 256 bits. */
	public static String generate() {
		return generate(32);
	}

	/** A new URL-safe token of the given number of random bytes. */
	public static String generate(int bytes) {
		byte[] buffer = new byte[bytes];
		RANDOM.nextBytes(buffer);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer);
	}

	/**
	 * The SHA-256 of a text, in hex: the digest under which a token is stored and looked
	 * up, or a key that stands for a longer text.
	 */
	public static String hash(String token) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Compares two digests in constant time. */
	public static boolean matches(String token, String storedHash) {
		return MessageDigest.isEqual(hash(token).getBytes(StandardCharsets.US_ASCII),
				storedHash.getBytes(StandardCharsets.US_ASCII));
	}

}
