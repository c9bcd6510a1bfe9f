package dev.herald.platform.bluesky;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.herald.platform.Capabilities;
import dev.herald.platform.ChannelAccess;
import dev.herald.platform.Platform;
import dev.herald.platform.PlatformKind;
import dev.herald.platform.PostContent;
import dev.herald.platform.PostMetrics;
import dev.herald.platform.PublishRequest;
import dev.herald.platform.PublishResult;
import dev.herald.platform.Violation;

/**
 * Drives a platform as the publishing engine does: saves the state of each
 * {@link PublishResult.Pending} per idempotency key before running the next step, and,
 * for a target that already has saved state (an earlier attempt may have written),
 * reconciles before writing again.
 */
final class EngineSteps implements Platform {

	private final Platform platform;

	private final Map<String, Map<String, String>> states = new ConcurrentHashMap<>();

	EngineSteps(Platform platform) {
		this.platform = platform;
	}

	Map<String, String> state(String idempotencyKey) {
		return Map.copyOf(this.states.getOrDefault(idempotencyKey, Map.of()));
	}

	@Override
	public PlatformKind kind() {
		return this.platform.kind();
	}

	@Override
	public Capabilities capabilities(ChannelAccess channel) {
		return this.platform.capabilities(channel);
	}

	@Override
	public List<Violation> validate(PostContent content, Capabilities capabilities) {
		return this.platform.validate(content, capabilities);
	}

	@Override
	public PublishResult publish(PublishRequest request) {
		Map<String, String> state = saved(request);
		if (!state.isEmpty()) {
			PublishResult known = this.platform.reconcile(with(request, state));
			if (known instanceof PublishResult.Pending pending) {
				state.putAll(pending.state());
			}
			else if (!(known instanceof PublishResult.Transient)) {
				return known;
			}
		}
		for (int step = 0; step < 50; step++) {
			PublishResult result = this.platform.publish(with(request, state));
			if (!(result instanceof PublishResult.Pending pending)) {
				return result;
			}
			state.putAll(pending.state());
		}
		throw new AssertionError("Too many steps");
	}

	@Override
	public PublishResult reconcile(PublishRequest request) {
		Map<String, String> state = saved(request);
		PublishResult result = this.platform.reconcile(with(request, state));
		if (result instanceof PublishResult.Pending pending) {
			state.putAll(pending.state());
		}
		return result;
	}

	@Override
	public Optional<PostMetrics> metrics(ChannelAccess channel, String platformPostId) {
		return this.platform.metrics(channel, platformPostId);
	}

	private Map<String, String> saved(PublishRequest request) {
		Map<String, String> state = this.states.computeIfAbsent(request.idempotencyKey(),
				(key) -> new ConcurrentHashMap<>());
		state.putAll(request.state());
		return state;
	}

	private static PublishRequest with(PublishRequest request, Map<String, String> state) {
		return new PublishRequest(request.channel(), request.content(), request.idempotencyKey(), new HashMap<>(state));
	}

}
