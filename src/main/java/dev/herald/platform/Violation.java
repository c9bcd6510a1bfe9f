package dev.herald.platform;

/**
 * Why a platform would refuse a post, said before it is scheduled.
 *
 * @param field which part of the post, for example {@code parts[0]}
 * @param message what to fix
 */
public record Violation(String field, String message) {
}
