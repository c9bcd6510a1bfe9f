package dev.herald.platform;

import org.jspecify.annotations.Nullable;

/**
 * Why a platform would refuse a post, said before it is scheduled.
 *
 * @param field which part of the post, for example {@code parts[0]}
 * @param message what to fix
 * @param fix a variant of a file the platform would take, when one would do
 */
public record Violation(String field, String message, @Nullable MediaFix fix) {

	public Violation(String field, String message) {
		this(field, message, null);
	}

}
