package dev.herald.workspace;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Brands, for other modules: a brand is found only within its own workspace.
 */
public interface Brands {

	Optional<Brand> find(UUID workspaceId, UUID brandId);

	/**
	 * The brands of a workspace by name, for other modules' pages (a brand picker, the
	 * channels of each brand).
	 */
	List<Brand> list(UUID workspaceId);

}
