package dev.herald.studio.web;

import dev.herald.common.ApiResponse;
import dev.herald.common.Ids;
import dev.herald.common.RequestOrigin;
import dev.herald.studio.internal.WorkspaceAiProviders;
import dev.herald.workspace.Role;
import dev.herald.workspace.Tenancy;
import dev.herald.workspace.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/workspaces/{id}/ai-provider}: the provider a workspace's generations
 * use, and its own key, which is never shown again (only its last four characters).
 */
@RestController
@Tag(name = "AI studio")
class AiProviderController {

	private final WorkspaceAiProviders providers;

	private final Tenancy tenancy;

	AiProviderController(WorkspaceAiProviders providers, Tenancy tenancy) {
		this.providers = providers;
		this.tenancy = tenancy;
	}

	/**
	 * A workspace's own provider.
	 *
	 * @param provider openai, anthropic or gemini
	 * @param apiKey the key (write-only: never answered)
	 * @param baseUrl another address than the provider's own (an OpenAI-compatible
	 * server, a proxy), https
	 * @param strongModel the model of strategies, if not the provider's default
	 * @param fastModel the model of posts, captions, hashtags and rewrites, if not the
	 * provider's default
	 */
	record ProviderBody(@Nullable String provider, @Nullable String apiKey, @Nullable String baseUrl,
			@Nullable String strongModel, @Nullable String fastModel) {

		@Override
		public String toString() {
			// request bodies may be logged at DEBUG: never the key
			return "ProviderBody[provider=" + this.provider + ", apiKey=(hidden), baseUrl=" + this.baseUrl + "]";
		}

	}

	@GetMapping(path = "/api/v1/workspaces/{id}/ai-provider", produces = "application/json")
	@Operation(summary = "The AI provider the workspace's generations use: its own (with the key's last four "
			+ "characters) or the server's (ADMIN)")
	ApiResponse<WorkspaceAiProviders.View> get(@PathVariable String id) {
		return ApiResponse.of(this.providers.view(tenant(id)));
	}

	@PutMapping(path = "/api/v1/workspaces/{id}/ai-provider", consumes = "application/json",
			produces = "application/json")
	@Operation(summary = "Give the workspace its own AI provider and key, or replace them: its generations then use "
			+ "no AI credits (ADMIN)")
	ApiResponse<WorkspaceAiProviders.View> put(@PathVariable String id, @RequestBody ProviderBody body,
			HttpServletRequest request) {
		return ApiResponse.of(this.providers.set(tenant(id), new WorkspaceAiProviders.Change(body.provider(),
				body.apiKey(), body.baseUrl(), body.strongModel(), body.fastModel()), RequestOrigin.of(request)));
	}

	@DeleteMapping("/api/v1/workspaces/{id}/ai-provider")
	@Operation(summary = "Remove the workspace's own key: back to the server's provider and the plan's AI credits "
			+ "(ADMIN)")
	ResponseEntity<Void> delete(@PathVariable String id, HttpServletRequest request) {
		this.providers.remove(tenant(id), RequestOrigin.of(request));
		return ResponseEntity.noContent().build();
	}

	private Tenant tenant(String id) {
		return this.tenancy.requireIn(Ids.parse(id, "Workspace"), Role.ADMIN);
	}

}
