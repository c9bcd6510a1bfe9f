package dev.herald.platform;

import java.util.Map;

/**
 * One publishing step for one target: where, what, the idempotency key that stays the
 * same for every attempt of this target, and the state earlier steps handed back.
 *
 * @param channel the account to publish to
 * @param content what to publish
 * @param idempotencyKey stable per target, sent wherever the platform honours one
 * @param state what earlier steps of this target saved
 */
public record PublishRequest(ChannelAccess channel, PostContent content, String idempotencyKey,
		Map<String, String> state) {

	public PublishRequest {
		state = Map.copyOf(state);
	}

}
