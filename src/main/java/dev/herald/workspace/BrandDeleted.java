package dev.herald.workspace;

import java.util.Map;
import java.util.UUID;

import dev.herald.common.Auditable;
import dev.herald.common.RequestOrigin;
import org.jspecify.annotations.Nullable;

/**
 * A brand was deleted.
 */
public record BrandDeleted(UUID actorId, UUID workspaceId, UUID brandId, String name,
		RequestOrigin origin) implements Auditable {

	@Override
	public String action() {
		return "brand.deleted";
	}

	@Override
	public String resourceType() {
		return "brand";
	}

	@Override
	public @Nullable String resourceId() {
		return brandId.toString();
	}

	@Override
	public Map<String, String> details() {
		return Map.of("name", this.name);
	}

}
