package dev.herald.common;

/**
 * One problem with one field of a request: the field's path and what to fix.
 *
 * @param field the field's path in the request, for example {@code goals.followers}
 * @param message what is wrong with it and what is expected
 */
public record ErrorDetail(String field, String message) {
}
