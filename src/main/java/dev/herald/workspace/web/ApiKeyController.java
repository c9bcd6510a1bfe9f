package dev.herald.workspace.web;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import dev.herald.common.ApiResponse;
import dev.herald.common.Ids;
import dev.herald.common.RequestOrigin;
import dev.herald.identity.ApiKeys;
import dev.herald.identity.ApiKeys.ApiKeyView;
import dev.herald.identity.ApiKeys.CreatedApiKey;
import dev.herald.identity.ApiScope;
import dev.herald.workspace.Role;
import dev.herald.workspace.Tenancy;
import dev.herald.workspace.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/api-keys}: the current workspace's API keys (ADMIN). A key's scope
 * cannot exceed its creator's role.
 */
@RestController
@RequestMapping(path = "/api/v1/api-keys", produces = "application/json")
@Tag(name = "API keys")
class ApiKeyController {

	private final ApiKeys apiKeys;

	private final Tenancy tenancy;

	ApiKeyController(ApiKeys apiKeys, Tenancy tenancy) {
		this.apiKeys = apiKeys;
		this.tenancy = tenancy;
	}

	@GetMapping
	@Operation(summary = "The workspace's API keys (never their secrets)")
	ApiResponse<List<ApiKeyView>> list() {
		return ApiResponse.of(this.apiKeys.list(this.tenancy.require(Role.ADMIN).workspaceId()));
	}

	record CreateRequest(@NotBlank @Size(max = 100) String name, @NotEmpty @Size(max = 3) Set<ApiScope> scopes,
			@Nullable Instant expiresAt) {
	}

	@PostMapping(consumes = "application/json")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Create a key; its secret is in this answer only")
	ApiResponse<CreatedApiKey> create(@Valid @RequestBody CreateRequest body, HttpServletRequest request) {
		Tenant tenant = this.tenancy.require(Role.ADMIN);
		return ApiResponse.of(this.apiKeys.create(tenant.workspaceId(), tenant.userId(), body.name(), body.scopes(),
				body.expiresAt(), RequestOrigin.of(request)));
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Revoke a key")
	ResponseEntity<Void> revoke(@PathVariable String id, HttpServletRequest request) {
		Tenant tenant = this.tenancy.require(Role.ADMIN);
		this.apiKeys.revoke(tenant.workspaceId(), Ids.parse(id, "API key"), tenant.userId(), RequestOrigin.of(request));
		return ResponseEntity.noContent().build();
	}

}
