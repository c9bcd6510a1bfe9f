package dev.herald.media.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Where media files are kept: local disk or an S3-compatible store. Keys follow the
 * layout of SPEC.md §3.5 ({@code workspaces/{id}/uploads|generated|thumbnails/...});
 * every file is private and reached from outside only through a signed URL.
 */
interface MediaStorage {

	/** {@code local} or {@code s3}, for the readiness report and the logs. */
	String name();

	/**
	 * Stores a file under a key, replacing what was there. The file is handed over: it
	 * may be moved (the caller removes it if it is still there).
	 */
	void put(String key, Path file, String contentType) throws IOException;

	/** The stored bytes, streamed. */
	InputStream open(String key) throws IOException;

	/**
	 * A file on this machine's disk with the stored bytes, for programs that read files
	 * (ffmpeg, an adapter streaming it to a platform): local storage's own file, or a
	 * cached copy of the object under {@code system/temp}.
	 */
	Path file(String key) throws IOException;

	/** Removes a stored file; a key that is not there is not an error. */
	void delete(String key) throws IOException;

	/**
	 * A URL that fetches the file without signing in, until it expires.
	 * @param key the file
	 * @param ttl how long the URL works
	 * @param contentType the type the answer declares
	 */
	URI signedUrl(String key, Duration ttl, String contentType);

	/** Throws when the storage cannot be reached or written, saying what is wrong. */
	void check() throws IOException;

}
