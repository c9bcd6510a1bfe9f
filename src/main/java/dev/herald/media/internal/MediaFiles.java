package dev.herald.media.internal;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The files behind local storage's signed URLs, for the controller that serves them.
 */
@Component
public class MediaFiles {

	private final MediaStorage storage;

	MediaFiles(MediaStorage storage) {
		this.storage = storage;
	}

	/**
	 * The file a signed URL names, when the URL is genuine and unexpired and the storage
	 * is local; {@code null} otherwise.
	 */
	public @Nullable Path verified(String key, long expires, String signature) {
		return (this.storage instanceof LocalStorage local) ? local.verified(key, expires, signature) : null;
	}

}
