package dev.herald.common;

import java.util.UUID;

import com.github.f4b6a3.uuid.UuidCreator;

/**
 * Identifiers: UUIDv7, so that ids sort by creation time and serve as pagination cursors.
 */
public final class Ids {

	private Ids() {
	}

	public static UUID next() {
		return UuidCreator.getTimeOrderedEpoch();
	}

	/**
	 * Parses an id from a path or a request, answering 404 for text that is not an id, as
	 * for an id that does not exist.
	 */
	public static UUID parse(String text, String what) {
		try {
			return UUID.fromString(text);
		}
		catch (IllegalArgumentException ex) {
			throw ApiError.notFound(what);
		}
	}

}
