package dev.herald.media;

/**
 * Where a media file is in its processing: its thumbnail (and, for a variant, the file
 * itself) being made, ready to use, or failed with a reason.
 */
public enum MediaStatus {

	PROCESSING, READY, FAILED

}
