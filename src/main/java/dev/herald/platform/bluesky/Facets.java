package dev.herald.platform.bluesky;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the rich-text spans of a post (links, mentions, hashtags) with the UTF-8 byte
 * offsets that Bluesky's facets need.
 */
final class Facets {

	private static final Pattern LINK = Pattern.compile("(?<=^|[\\s(])https?://[^\\s]+");

	private static final Pattern MENTION = Pattern
		.compile("(?<=^|[\\s(])@((?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.)+[a-zA-Z][a-zA-Z0-9-]{0,61})");

	private static final Pattern TAG = Pattern.compile("(?<=^|\\s)#([\\p{L}\\p{N}_]*[\\p{L}_][\\p{L}\\p{N}_]*)");

	private static final String TRAILING_PUNCTUATION = ".,;:!?\"')";

	private Facets() {
	}

	/** The kind of span. */
	enum Kind {

		LINK, MENTION, TAG

	}

	/**
	 * One span: {@code value} is the URL, the handle (without {@code @}) or the tag
	 * (without {@code #}).
	 */
	record Span(Kind kind, int byteStart, int byteEnd, String value) {
	}

	static List<Span> find(String text) {
		List<Span> spans = new ArrayList<>();
		Matcher link = LINK.matcher(text);
		while (link.find()) {
			int end = link.end();
			while (end > link.start() && TRAILING_PUNCTUATION.indexOf(text.charAt(end - 1)) >= 0) {
				end--;
			}
			spans.add(span(text, Kind.LINK, link.start(), end, text.substring(link.start(), end)));
		}
		Matcher mention = MENTION.matcher(text);
		while (mention.find()) {
			if (!insideAny(spans, text, mention.start())) {
				spans.add(span(text, Kind.MENTION, mention.start(), mention.end(), mention.group(1)));
			}
		}
		Matcher tag = TAG.matcher(text);
		while (tag.find()) {
			if (!insideAny(spans, text, tag.start()) && tag.group(1).length() <= 64) {
				spans.add(span(text, Kind.TAG, tag.start(), tag.end(), tag.group(1)));
			}
		}
		spans.sort(Comparator.comparingInt(Span::byteStart));
		return spans;
	}

	private static boolean insideAny(List<Span> spans, String text, int charIndex) {
		int bytes = utf8Length(text, charIndex);
		return spans.stream().anyMatch((span) -> bytes >= span.byteStart() && bytes < span.byteEnd());
	}

	private static Span span(String text, Kind kind, int start, int end, String value) {
		return new Span(kind, utf8Length(text, start), utf8Length(text, end), value);
	}

	private static int utf8Length(String text, int charIndex) {
		return text.substring(0, charIndex).getBytes(StandardCharsets.UTF_8).length;
	}

}
