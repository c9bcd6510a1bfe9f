package dev.herald.workspace;

import java.util.UUID;

import dev.herald.common.Auditable;
import dev.herald.common.RequestOrigin;
import org.jspecify.annotations.Nullable;

/**
 * A brand's profile changed.
 */
public record BrandUpdated(UUID actorId, UUID workspaceId, UUID brandId, RequestOrigin origin) implements Auditable {

	@Override
	public String action() {
		return "brand.updated";
	}

	@Override
	public String resourceType() {
		return "brand";
	}

	@Override
	public @Nullable String resourceId() {
		return brandId.toString();
	}

}
