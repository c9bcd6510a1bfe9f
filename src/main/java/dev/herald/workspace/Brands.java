package dev.herald.workspace;

import java.util.Optional;
import java.util.UUID;

/**
 * Brands, for other modules: a brand is found only within its own workspace.
 */
public interface Brands {

	Optional<Brand> find(UUID workspaceId, UUID brandId);

}
