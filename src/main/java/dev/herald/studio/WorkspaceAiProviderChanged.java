package dev.herald.studio;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.herald.common.Auditable;
import dev.herald.common.RequestOrigin;
import org.jspecify.annotations.Nullable;

/**
 * A workspace's own AI provider was set (or its key replaced) or removed, by an owner or
 * an admin. The key itself is never carried: only its last characters.
 *
 * @param actorId who changed it
 * @param workspaceId the workspace
 * @param provider the provider set ({@code openai}, {@code anthropic}, {@code gemini}),
 * or the one removed
 * @param keyHint the key's last four characters (empty for a short key)
 * @param removed whether the workspace went back to the server's provider
 * @param origin where the request came from
 */
public record WorkspaceAiProviderChanged(UUID actorId, UUID workspaceId, String provider, String keyHint,
		boolean removed, RequestOrigin origin) implements Auditable {

	@Override
	public String action() {
		return this.removed ? "ai_provider.removed" : "ai_provider.set";
	}

	@Override
	public String resourceType() {
		return "workspace_ai_provider";
	}

	@Override
	public @Nullable String resourceId() {
		return this.workspaceId.toString();
	}

	@Override
	public Map<String, String> details() {
		Map<String, String> details = new LinkedHashMap<>();
		details.put("provider", this.provider);
		if (!this.keyHint.isEmpty()) {
			details.put("keyHint", this.keyHint);
		}
		return details;
	}

}
