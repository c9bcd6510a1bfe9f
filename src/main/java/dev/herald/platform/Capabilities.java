package dev.herald.platform;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * @param urlLength how many characters every http(s) link counts, whatever its length, if
 * the platform counts links so (Mastodon's {@code characters_reserved_per_url})
 * @param mediaLimits which files the platform takes, and how large
 */
public record Capabilities(int maxTextLength, TextCounting counting, @Nullable Integer maxTextBytes, int maxMedia,
		boolean threads, boolean firstComment, @Nullable Integer urlLength, MediaLimits mediaLimits) {

	/**
	 * An http(s) link, without the punctuation that ends a sentence after it (so that a
	 * text is never counted shorter than the platform counts it).
	 */
	private static final Pattern URL = Pattern.compile("https?://\\S+?(?=[.,:;!?)\\]'\"]*(?:\\s|$))",
			Pattern.CASE_INSENSITIVE);

	public Capabilities {
		if (maxTextLength < 1) {
			throw new IllegalArgumentException("maxTextLength must be positive");
		}
		if (urlLength != null && urlLength < 0) {
			throw new IllegalArgumentException("urlLength must not be negative");
		}
		if (mediaLimits == null) {
			throw new IllegalArgumentException("mediaLimits must not be null");
		}
	}

	/**
	 * Capabilities of a platform that takes no media files.
	 */
	public Capabilities(int maxTextLength, TextCounting counting, @Nullable Integer maxTextBytes, int maxMedia,
			boolean threads, boolean firstComment, @Nullable Integer urlLength) {
		this(maxTextLength, counting, maxTextBytes, maxMedia, threads, firstComment, urlLength, MediaLimits.NONE);
	}

	/**
	 * Capabilities of a platform that counts links like any other text and takes no media
	 * files.
	 */
	public Capabilities(int maxTextLength, TextCounting counting, @Nullable Integer maxTextBytes, int maxMedia,
			boolean threads, boolean firstComment) {
		this(maxTextLength, counting, maxTextBytes, maxMedia, threads, firstComment, null);
	}

	/**
	 * The length of a text as this platform counts it: by {@link #counting()}, with every
	 * link counted as {@link #urlLength()} characters when that is set.
	 */
	public int length(String text) {
		if (this.urlLength == null) {
			return this.counting.count(text);
		}
		Matcher matcher = URL.matcher(text);
		int length = 0;
		int from = 0;
		while (matcher.find()) {
			length += this.counting.count(text.substring(from, matcher.start())) + this.urlLength;
			from = matcher.end();
		}
		return length + this.counting.count(text.substring(from));
	}

}
