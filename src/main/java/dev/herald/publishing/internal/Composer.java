package dev.herald.publishing.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.herald.media.MediaLibrary;
import dev.herald.platform.Capabilities;
import dev.herald.platform.Platform;
import dev.herald.platform.PlatformKind;
import dev.herald.platform.Media;
import dev.herald.platform.PostContent;
import dev.herald.platform.Violation;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Turns a post and a channel's overrides into what that channel publishes, and asks the
 * channel's platform what it would refuse. The same rules serve the composer's counters,
 * {@code /posts/validate}, scheduling and publishing, so a post that validated is the
 * post that is sent.
 */
@Component
class Composer {

	private final Map<PlatformKind, Platform> platforms;

	private final MediaLibrary library;

	Composer(List<Platform> platforms, MediaLibrary library) {
		this.platforms = platforms.stream().collect(Collectors.toMap(Platform::kind, Function.identity()));
		this.library = library;
	}

	/**
	 * The files of a post or channel as the platforms take them, their bytes fetched from
	 * the library only when an adapter uploads them.
	 * @throws dev.herald.common.ApiError a validation error naming {@code field} when a
	 * file is not in the workspace's library
	 */
	List<Media> media(UUID workspaceId, List<UUID> ids, String field) {
		return this.library.require(workspaceId, ids, field)
			.stream()
			.map((item) -> new Media(item.id().toString(), item.mimeType(), item.bytes(), item.altText(), item.width(),
					item.height(), item.durationMs(), () -> this.library.file(item)))
			.toList();
	}

	Platform platform(PlatformKind kind) {
		Platform platform = this.platforms.get(kind);
		if (platform == null) {
			throw new IllegalStateException("No adapter for " + kind);
		}
		return platform;
	}

	/**
	 * What one channel publishes: its own text and thread when it has them, else the
	 * post's; the hashtags not already in the text added to the first part; the first
	 * comment as the last reply where the platform has threads but no comments; the files
	 * given (the channel's own, or the post's) on the first part.
	 */
	static PostContent content(Draft post, @Nullable String textOverride, @Nullable List<String> threadOverride,
			List<Media> media, Capabilities capabilities) {
		List<String> parts = new ArrayList<>();
		String first = (textOverride != null) ? textOverride : post.text();
		String tags = post.hashtags()
			.stream()
			.filter((tag) -> !first.toLowerCase(Locale.ROOT).contains("#" + tag.toLowerCase(Locale.ROOT)))
			.map((tag) -> "#" + tag)
			.collect(Collectors.joining(" "));
		parts.add(tags.isEmpty() ? first : first.stripTrailing() + "\n\n" + tags);
		parts.addAll((threadOverride != null) ? threadOverride : post.thread());
		if (post.firstComment() != null && !capabilities.firstComment() && capabilities.threads()) {
			parts.add(post.firstComment());
		}
		return new PostContent(parts, media);
	}

	/**
	 * Why the platform would refuse the content, with fields named as the API's request
	 * names them ({@code text}, {@code thread[0]}, {@code firstComment}).
	 */
	List<Violation> validate(PlatformKind kind, Draft post, PostContent content, Capabilities capabilities) {
		List<Violation> violations = new ArrayList<>();
		if (post.firstComment() != null && !capabilities.firstComment() && !capabilities.threads()) {
			violations.add(new Violation("firstComment", kind.displayName() + " has no first comment"));
		}
		int threadParts = content.parts().size() - 1;
		boolean commentIsLast = post.firstComment() != null && !capabilities.firstComment() && capabilities.threads();
		for (Violation violation : platform(kind).validate(content, capabilities)) {
			violations.add(new Violation(field(violation.field(), threadParts, commentIsLast), violation.message(),
					violation.fix()));
		}
		return violations;
	}

	private static String field(String field, int threadParts, boolean commentIsLast) {
		if (field.startsWith("media")) {
			return "mediaIds" + field.substring("media".length());
		}
		if (!field.startsWith("parts[")) {
			return field;
		}
		int index = Integer.parseInt(field.substring(6, field.length() - 1));
		if (index == 0) {
			return "text";
		}
		if (commentIsLast && index == threadParts) {
			return "firstComment";
		}
		return "thread[" + (index - 1) + "]";
	}

	/**
	 * The parts of a post that every channel starts from.
	 *
	 * @param text the first part
	 * @param thread the parts that follow
	 * @param firstComment the comment after it
	 * @param hashtags hashtags without their #
	 */
	record Draft(String text, List<String> thread, @Nullable String firstComment, List<String> hashtags) {
	}

}
