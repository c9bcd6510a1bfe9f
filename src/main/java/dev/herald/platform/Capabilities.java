package dev.herald.platform;

import org.jspecify.annotations.Nullable;

/**
 * What a platform (or one instance of it) accepts, declared rather than coded, so that
 * validation, the composer's counters and the documentation all read the same values.
 *
 * @param maxTextLength the longest text, counted by {@code counting}
 * @param counting how the text is counted
 * @param maxTextBytes a second limit in UTF-8 bytes, if the platform has one
 * @param maxMedia the most media attachments a post may carry
 * @param threads whether a post can be a thread of several parts
 * @param firstComment whether a first comment can follow the post
 */
public record Capabilities(int maxTextLength, TextCounting counting, @Nullable Integer maxTextBytes, int maxMedia,
		boolean threads, boolean firstComment) {

	public Capabilities {
		if (maxTextLength < 1) {
			throw new IllegalArgumentException("maxTextLength must be positive");
		}
	}

}
