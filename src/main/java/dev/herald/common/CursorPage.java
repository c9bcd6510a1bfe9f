package dev.herald.common;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * One page of a list ordered by id, with the cursor of the next page ({@code null} on the
 * last).
 *
 * @param items the page's items
 * @param nextCursor the opaque cursor that fetches the next page
 * @param limit how many items a page holds at most
 */
public record CursorPage<T>(List<T> items, @Nullable String nextCursor, int limit) {

	/** Default page size. */
	public static final int DEFAULT_LIMIT = 20;

	/** Largest page size a client may ask for. */
	public static final int MAX_LIMIT = 100;

	/**
	 * Builds a page from {@code limit + 1} fetched rows: the extra row only tells that
	 * there is a next page.
	 */
	public static <T> CursorPage<T> of(List<T> fetched, PageRequest request, Function<T, UUID> id) {
		if (fetched.size() <= request.limit()) {
			return new CursorPage<>(fetched, null, request.limit());
		}
		List<T> items = fetched.subList(0, request.limit());
		return new CursorPage<>(List.copyOf(items), encode(id.apply(items.getLast())), request.limit());
	}

	public <R> CursorPage<R> map(Function<T, R> mapper) {
		return new CursorPage<>(this.items.stream().map(mapper).toList(), this.nextCursor, this.limit);
	}

	static String encode(UUID after) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(after.toString().getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * A validated request for a page: after which id, and how many.
	 *
	 * @param after the id after which the page starts, or {@code null} for the first page
	 * @param limit how many items at most
	 */
	public record PageRequest(@Nullable UUID after, int limit) {

		/**
		 * Parses {@code ?cursor=&limit=}, answering a validation error that names the bad
		 * parameter.
		 */
		public static PageRequest of(@Nullable String cursor, @Nullable Integer limit) {
			int size = (limit != null) ? limit : DEFAULT_LIMIT;
			if (size < 1 || size > MAX_LIMIT) {
				throw ApiError.invalid("limit", "Must be between 1 and " + MAX_LIMIT);
			}
			if (cursor == null || cursor.isBlank()) {
				return new PageRequest(null, size);
			}
			try {
				String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
				return new PageRequest(UUID.fromString(decoded), size);
			}
			catch (IllegalArgumentException ex) {
				throw ApiError.invalid("cursor",
						"Not a cursor this API issued: pass meta.nextCursor of the previous page unchanged");
			}
		}

		/** The id to list after; the smallest id for the first page. */
		public UUID afterOrFirst() {
			return (this.after != null) ? this.after : new UUID(0, 0);
		}

		/**
		 * The id to list before, for lists newest first; the largest id for the first
		 * page.
		 */
		public UUID beforeOrLast() {
			return (this.after != null) ? this.after : new UUID(-1L, -1L);
		}

		/**
		 * How many rows to fetch: one more than the page, to know whether a next page
		 * exists.
		 */
		public int fetchSize() {
			return this.limit + 1;
		}

	}

}
