package dev.herald.studio.web;

import java.util.List;
import java.util.UUID;

import dev.herald.common.ApiResponse;
import dev.herald.studio.ContentTemplate;
import dev.herald.studio.internal.TemplateService;
import dev.herald.workspace.Role;
import dev.herald.workspace.Tenancy;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A brand's content templates: texts with {@code {variables}}, filled in the composer by
 * hand or by {@code POST /api/v1/ai/generate-content} with a {@code templateId}.
 */
@RestController
@Tag(name = "Templates")
class TemplateController {

	private final TemplateService templates;

	private final Tenancy tenancy;

	TemplateController(TemplateService templates, Tenancy tenancy) {
		this.templates = templates;
		this.tenancy = tenancy;
	}

	/**
	 * A template as written; on change, absent fields stay as they are.
	 *
	 * @param name its name
	 * @param category a category to group templates by
	 * @param body its text, with {@code {variables}} where it changes
	 */
	record TemplateBody(@Nullable @Size(max = 100) String name, @Nullable @Size(max = 50) String category,
			@Nullable @Size(max = 5000) String body) {

		TemplateService.TemplateDraft draft() {
			return new TemplateService.TemplateDraft(this.name, this.category, this.body);
		}

	}

	@GetMapping(path = "/api/v1/brands/{id}/templates", produces = "application/json")
	@Operation(summary = "A brand's content templates, by name")
	ApiResponse<List<ContentTemplate>> list(@PathVariable UUID id) {
		return ApiResponse.of(this.templates.list(this.tenancy.require(Role.VIEWER), id));
	}

	@PostMapping(path = "/api/v1/brands/{id}/templates", consumes = "application/json", produces = "application/json")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(summary = "Add a content template to a brand (MEMBER; at most 200 a brand)")
	ApiResponse<ContentTemplate> create(@PathVariable UUID id, @Valid @RequestBody TemplateBody body) {
		return ApiResponse.of(this.templates.create(this.tenancy.require(Role.MEMBER), id, body.draft()));
	}

	@GetMapping(path = "/api/v1/templates/{id}", produces = "application/json")
	@Operation(summary = "One content template")
	ApiResponse<ContentTemplate> get(@PathVariable UUID id) {
		return ApiResponse.of(this.templates.get(this.tenancy.require(Role.VIEWER), id));
	}

	@PatchMapping(path = "/api/v1/templates/{id}", consumes = "application/json", produces = "application/json")
	@Operation(summary = "Change a content template (MEMBER)")
	ApiResponse<ContentTemplate> update(@PathVariable UUID id, @Valid @RequestBody TemplateBody body) {
		return ApiResponse.of(this.templates.update(this.tenancy.require(Role.MEMBER), id, body.draft()));
	}

	@DeleteMapping(path = "/api/v1/templates/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(summary = "Delete a content template (MEMBER)")
	void delete(@PathVariable UUID id) {
		this.templates.delete(this.tenancy.require(Role.MEMBER), id);
	}

}
