package dev.herald.common;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;

/**
 * Authenticated encryption of secrets at rest (TOTP secrets, platform tokens) with Tink
 * AES-256-GCM. The associated data binds a ciphertext to its place (table, column and row
 * id), so a ciphertext copied to another row does not decrypt. The keyset may hold
 * several keys: the primary encrypts, all decrypt, which is how keys rotate.
 */
public class Encryptor {

	private final Aead aead;

	public Encryptor(Secrets secrets) {
		this(secrets.encryptionKeyset());
	}

	/** An encryptor over a keyset in Tink's JSON format. */
	public Encryptor(String keysetJson) {
		try {
			AeadConfig.register();
			KeysetHandle handle = TinkJsonProtoKeysetFormat.parseKeyset(keysetJson, InsecureSecretKeyAccess.get());
			this.aead = handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("ENCRYPTION_KEY is not a valid Tink AEAD keyset", ex);
		}
	}

	/** Encrypts text for the given place, answering base64. */
	public String encrypt(String plaintext, String associatedData) {
		try {
			byte[] sealed = this.aead.encrypt(plaintext.getBytes(StandardCharsets.UTF_8),
					associatedData.getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encodeToString(sealed);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Encryption failed", ex);
		}
	}

	/** Decrypts what {@link #encrypt} answered for the same place. */
	public String decrypt(String ciphertext, String associatedData) {
		try {
			byte[] opened = this.aead.decrypt(Base64.getDecoder().decode(ciphertext),
					associatedData.getBytes(StandardCharsets.UTF_8));
			return new String(opened, StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("A stored secret does not decrypt for " + associatedData
					+ ": was ENCRYPTION_KEY replaced instead of rotated?");
		}
	}

}
