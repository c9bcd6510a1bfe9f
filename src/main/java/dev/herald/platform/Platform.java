package dev.herald.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A platform Herald publishes to. Implementations are stateless beans, one per platform,
 * found by injecting {@code List<Platform>}; they speak the platform's real API
 * (PLATFORMS.md) and classify its answers into {@link PublishResult}s.
 */
public interface Platform {

	PlatformKind kind();

	/** What this account's platform (or instance) accepts. */
	Capabilities capabilities(ChannelAccess channel);

	/**
	 * One publishing step; call again with the state a {@link PublishResult.Pending}
	 * handed back.
	 */
	PublishResult publish(PublishRequest request);

	/**
	 * After an {@link PublishResult.Unknown} outcome, or before writing again a step
	 * whose state is already saved: finds out, without risking a second post, whether the
	 * platform has it. Answers {@link PublishResult.Published} when it does,
	 * {@link PublishResult.Pending} when it has a part of a thread that is not the last
	 * (with that part's state, to continue), {@link PublishResult.Transient} when it
	 * surely does not (publishing again is safe), and {@link PublishResult.Unknown} when
	 * it still cannot tell; any other result classifies an answer as {@link #publish}
	 * does.
	 */
	PublishResult reconcile(PublishRequest request);

	/**
	 * The counts of a post this platform published, as the platform reports them now.
	 * @param channel the account that published it
	 * @param platformPostId the id {@link PublishResult.Published} answered
	 * @return the counts; empty only when the platform has none for this post: it keeps
	 * no metrics at all (the webhook), or no longer has the post (deleted)
	 * @throws MetricsUnavailable when the platform could not be asked, or refused
	 */
	Optional<PostMetrics> metrics(ChannelAccess channel, String platformPostId);

	/**
	 * Why the platform would refuse this content, field by field; empty when it would
	 * accept it.
	 */
	default List<Violation> validate(PostContent content, Capabilities capabilities) {
		List<Violation> violations = new ArrayList<>();
		if (content.parts().size() > 1 && !capabilities.threads()) {
			violations.add(new Violation("parts", kind().displayName() + " does not publish threads: send one part"));
		}
		for (int i = 0; i < content.parts().size(); i++) {
			String text = content.parts().get(i);
			String field = "parts[" + i + "]";
			int length = capabilities.length(text);
			if (text.isBlank()) {
				violations.add(new Violation(field, "Is empty"));
			}
			else if (length > capabilities.maxTextLength()) {
				violations.add(new Violation(field, "Is " + length + " characters long; " + kind().displayName()
						+ " takes " + capabilities.maxTextLength() + " at most"));
			}
			else if (capabilities.maxTextBytes() != null
					&& TextCounting.UTF8_BYTES.count(text) > capabilities.maxTextBytes()) {
				violations.add(new Violation(field, "Is " + TextCounting.UTF8_BYTES.count(text) + " bytes long; "
						+ kind().displayName() + " takes " + capabilities.maxTextBytes() + " at most"));
			}
		}
		validateMedia(content, capabilities, violations);
		return violations;
	}

	private void validateMedia(PostContent content, Capabilities capabilities, List<Violation> violations) {
		int count = content.media().size();
		if (count > capabilities.maxMedia()) {
			violations.add(new Violation("media",
					(capabilities.maxMedia() == 0) ? kind().displayName() + " takes no media" : "Has " + count
							+ " media; " + kind().displayName() + " takes " + capabilities.maxMedia() + " at most"));
		}
		for (int i = 0; i < count; i++) {
			Media medium = content.media().get(i);
			String refusal = capabilities.mediaLimits().refusal(medium);
			if (refusal != null) {
				violations
					.add(new Violation("media[" + i + "]", medium.id() + ": " + refusal + " by " + kind().displayName(),
							capabilities.mediaLimits().fix(medium)));
			}
		}
	}

}
