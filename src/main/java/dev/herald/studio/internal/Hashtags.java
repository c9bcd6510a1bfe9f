package dev.herald.studio.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hashtags of a post: its own (added to its text when published) and the
 * {@code #tags} written in its text.
 */
final class Hashtags {

	/** A # not inside a word or an HTML entity, then a tag with at least one letter. */
	private static final Pattern HASHTAG = Pattern
		.compile("(?<![\\p{L}\\p{N}_&#])#([\\p{L}\\p{N}_]*\\p{L}[\\p{L}\\p{N}_]*)");

	private Hashtags() {
	}

	/**
	 * The hashtags of a text and of a list, without #, by their lower-case form, with the
	 * form first written, in order of appearance (the list's first).
	 */
	static Map<String, String> of(String text, List<String> own) {
		Map<String, String> tags = new LinkedHashMap<>();
		for (String tag : own) {
			String bare = tag.startsWith("#") ? tag.substring(1) : tag;
			if (!bare.isBlank()) {
				tags.putIfAbsent(bare.toLowerCase(Locale.ROOT), bare);
			}
		}
		Matcher matcher = HASHTAG.matcher(text);
		while (matcher.find()) {
			tags.putIfAbsent(matcher.group(1).toLowerCase(Locale.ROOT), matcher.group(1));
		}
		return tags;
	}

}
