package dev.herald.common;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The success envelope of the API: {@code {"data": ..., "meta": {...}}}. The request id
 * and timestamp are added to {@code meta} on the way out.
 *
 * @param data what was asked for
 * @param meta facts about the answer (pagination cursor, request id, timestamp)
 */
public record ApiResponse<T>(@Nullable T data, Map<String, Object> meta) {

	public static <T> ApiResponse<T> of(@Nullable T data) {
		return new ApiResponse<>(data, new LinkedHashMap<>());
	}

	public static <T> ApiResponse<java.util.List<T>> page(CursorPage<T> page) {
		Map<String, Object> meta = new LinkedHashMap<>();
		meta.put("nextCursor", page.nextCursor());
		meta.put("limit", page.limit());
		return new ApiResponse<>(page.items(), meta);
	}

}
