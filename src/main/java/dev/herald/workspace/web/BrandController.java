package dev.herald.workspace.web;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import dev.herald.common.ApiResponse;
import dev.herald.common.CursorPage;
import dev.herald.common.Ids;
import dev.herald.common.RequestOrigin;
import dev.herald.workspace.Brand;
import dev.herald.workspace.Role;
import dev.herald.workspace.Tenancy;
import dev.herald.workspace.internal.BrandService;
import dev.herald.workspace.internal.BrandService.BrandProfile;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/brands}: the brands of the current workspace.
 */
@RestController
@RequestMapping(path = "/api/v1/brands", produces = "application/json")
@Tag(name = "Brands")
class BrandController {

	private final BrandService brands;

	private final Tenancy tenancy;

	BrandController(BrandService brands, Tenancy tenancy) {
		this.brands = brands;
		this.tenancy = tenancy;
	}

	/**
	 * A brand's profile as sent: on creation {@code name} is required; on change absent
	 * fields stay as they are and an empty text clears its field.
	 */
	record BrandRequest(@Nullable @Size(min = 1, max = 100) String name, @Nullable @Size(max = 2000) String description,
			@Nullable @Size(max = 100) String industry, @Nullable @Size(max = 1000) String targetAudience,
			@Nullable @Size(max = 500) String toneOfVoice, @Nullable @Size(max = 20) Map<String, BigDecimal> goals,
			@Nullable @Size(max = 2000) String logoUrl,
			@Nullable @Size(max = 30) List<@Size(max = 101) String> defaultHashtags,
			@Nullable @Size(max = 500) String signature) {

		BrandProfile profile() {
			return new BrandProfile(this.name, this.description, this.industry, this.targetAudience, this.toneOfVoice,
					this.goals, this.logoUrl, this.defaultHashtags, this.signature);
		}

	}

	@GetMapping
	@Operation(summary = "Brands of the current workspace, by creation, with cursor pagination")
	ApiResponse<List<Brand>> list(@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable Integer limit) {
		return ApiResponse
			.page(this.brands.list(this.tenancy.require(Role.VIEWER), CursorPage.PageRequest.of(cursor, limit)));
	}

	@PostMapping(consumes = "application/json")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Create a brand (ADMIN)")
	ApiResponse<Brand> create(@Valid @RequestBody BrandRequest body, HttpServletRequest request) {
		return ApiResponse
			.of(this.brands.create(this.tenancy.require(Role.ADMIN), body.profile(), RequestOrigin.of(request)));
	}

	@GetMapping("/{id}")
	@Operation(summary = "A brand of the current workspace")
	ApiResponse<Brand> get(@PathVariable String id) {
		return ApiResponse.of(this.brands.get(this.tenancy.require(Role.VIEWER), Ids.parse(id, "Brand")));
	}

	@PatchMapping(path = "/{id}", consumes = "application/json")
	@Operation(summary = "Change a brand's profile (ADMIN); absent fields stay, empty text clears")
	ApiResponse<Brand> update(@PathVariable String id, @Valid @RequestBody BrandRequest body,
			HttpServletRequest request) {
		return ApiResponse.of(this.brands.update(this.tenancy.require(Role.ADMIN), Ids.parse(id, "Brand"),
				body.profile(), RequestOrigin.of(request)));
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Delete a brand (ADMIN)")
	ResponseEntity<Void> delete(@PathVariable String id, HttpServletRequest request) {
		this.brands.delete(this.tenancy.require(Role.ADMIN), Ids.parse(id, "Brand"), RequestOrigin.of(request));
		return ResponseEntity.noContent().build();
	}

}
