package dev.herald.workspace;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.herald.common.ApiError;
import org.jspecify.annotations.Nullable;

/**
 * Brands, for other modules: a brand is found only within its own workspace.
 */
public interface Brands {

	Optional<Brand> find(UUID workspaceId, UUID brandId);

	/**
	 * The workspace's brand that a request names.
	 * @param field the request field that named it, for the error
	 * @throws ApiError a validation error naming the field when the workspace has no such
	 * brand
	 */
	default Brand require(UUID workspaceId, UUID brandId, String field) {
		return find(workspaceId, brandId).orElseThrow(() -> ApiError.invalid(field, "No such brand in this workspace"));
	}

	/**
	 * The brands of a workspace by name, for other modules' pages (a brand picker, the
	 * channels of each brand).
	 */
	List<Brand> list(UUID workspaceId);

	/**
	 * The brand a page shows: the one asked for when it is among the workspace's brands,
	 * else the first; {@code null} when there is none.
	 */
	static @Nullable Brand chosen(List<Brand> brands, @Nullable UUID brandId) {
		return brands.stream()
			.filter((brand) -> brand.id().equals(brandId))
			.findFirst()
			.orElse(brands.isEmpty() ? null : brands.getFirst());
	}

}
