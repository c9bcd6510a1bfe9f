package dev.herald.channel;

import java.util.UUID;

import dev.herald.platform.ChannelAccess;
import dev.herald.platform.PlatformKind;
import org.jspecify.annotations.Nullable;

/**
 * What publishing needs to reach a channel: its platform, its status and, when it is
 * active, its decrypted access. Never logged: {@link ChannelAccess} hides its secret.
 *
 * @param channelId the channel
 * @param platform where it publishes
 * @param status whether it can be used
 * @param access how to reach it; {@code null} unless {@code status} is ACTIVE
 * @param reason why it cannot be used, when it cannot
 */
public record ChannelCredential(UUID channelId, PlatformKind platform, ChannelStatus status,
		@Nullable ChannelAccess access, @Nullable String reason) {

	public boolean usable() {
		return this.status == ChannelStatus.ACTIVE && this.access != null;
	}

}
