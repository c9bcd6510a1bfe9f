package dev.herald.channel;

import java.util.Map;
import java.util.UUID;

import dev.herald.common.Auditable;
import dev.herald.common.RequestOrigin;
import dev.herald.platform.PlatformKind;
import org.jspecify.annotations.Nullable;

/**
 * A channel was disconnected by a user; its tokens are gone.
 */
public record ChannelDisconnected(UUID actorId, UUID workspaceId, UUID channelId, PlatformKind platform,
		String username, RequestOrigin origin) implements Auditable {

	@Override
	public String action() {
		return "channel.disconnected";
	}

	@Override
	public String resourceType() {
		return "channel";
	}

	@Override
	public @Nullable String resourceId() {
		return this.channelId.toString();
	}

	@Override
	public Map<String, String> details() {
		return Map.of("platform", this.platform.name(), "username", this.username);
	}

}
