package dev.herald.platform;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a platform counts the length of a text, so that the composer and the server count
 * alike.
 */
public enum TextCounting {

	/** Unicode code points (what most platforms call characters). */
	CODE_POINTS {
		@Override
		public int count(String text) {
			return text.codePointCount(0, text.length());
		}
	},

	/**
	 * User-perceived characters (extended grapheme clusters): an emoji with modifiers
	 * counts once.
	 */
	GRAPHEMES {
		@Override
		public int count(String text) {
			Matcher matcher = GRAPHEME.matcher(text);
			int count = 0;
			while (matcher.find()) {
				count++;
			}
			return count;
		}
	},

	/** Bytes of the UTF-8 encoding. */
	UTF8_BYTES {
		@Override
		public int count(String text) {
			return text.getBytes(StandardCharsets.UTF_8).length;
		}
	};

	private static final Pattern GRAPHEME = Pattern.compile("\\X");

	/** The length of a text by this rule. */
	public abstract int count(String text);

}
