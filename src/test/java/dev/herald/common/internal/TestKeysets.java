package dev.herald.common.internal;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;

/** Keysets as a key rotation leaves them, for the tests of what stays readable. */
public final class TestKeysets {

	private TestKeysets() {
	}

	/**
	 * The keyset with a new AES-256-GCM key added and made primary, as the rotation does.
	 */
	public static String withNewPrimary(String keysetJson) {
		return KeyRotation.withNewPrimary(keysetJson);
	}

	/** The keyset without its old keys: only what the new primary sealed opens. */
	public static String onlyPrimary(String keysetJson) throws Exception {
		KeysetHandle handle = TinkJsonProtoKeysetFormat.parseKeyset(keysetJson, InsecureSecretKeyAccess.get());
		KeysetHandle.Builder builder = KeysetHandle.newBuilder(handle);
		for (int i = handle.size() - 1; i >= 0; i--) {
			if (!handle.getAt(i).isPrimary()) {
				builder.deleteAt(i);
			}
		}
		return TinkJsonProtoKeysetFormat.serializeKeyset(builder.build(), InsecureSecretKeyAccess.get());
	}

}
