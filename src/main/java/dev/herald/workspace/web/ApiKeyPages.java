package dev.herald.workspace.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.herald.common.ApiError;
import dev.herald.common.RequestOrigin;
import dev.herald.common.web.FormErrors;
import dev.herald.identity.ApiKeys;
import dev.herald.identity.ApiKeys.CreatedApiKey;
import dev.herald.identity.ApiScope;
import dev.herald.workspace.Role;
import dev.herald.workspace.Tenancy;
import dev.herald.workspace.Tenant;
import dev.herald.workspace.internal.WorkspaceService;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The current workspace's API keys (admins): listed without their secrets, created with
 * the secret shown once, revoked.
 */
@Controller
@RequestMapping("/account/api-keys")
class ApiKeyPages {

	private final ApiKeys apiKeys;

	private final WorkspaceService workspaces;

	private final Tenancy tenancy;

	ApiKeyPages(ApiKeys apiKeys, WorkspaceService workspaces, Tenancy tenancy) {
		this.apiKeys = apiKeys;
		this.workspaces = workspaces;
		this.tenancy = tenancy;
	}

	record KeyForm(@Nullable String name, @Nullable List<String> scopes, @Nullable String expiresOn) {
	}

	@GetMapping
	String keys(Model model) {
		model.addAttribute("form", new KeyForm(null, List.of(ApiScope.READ.name()), null));
		return page(this.tenancy.require(Role.ADMIN), model);
	}

	@PostMapping
	String create(@ModelAttribute("form") KeyForm form, Model model, HttpServletRequest request) {
		Tenant tenant = this.tenancy.require(Role.ADMIN);
		try {
			CreatedApiKey created = this.apiKeys.create(tenant.workspaceId(), tenant.userId(),
					WorkspacePages.text(form.name()).strip(), scopes(form.scopes()), expiry(form.expiresOn()),
					RequestOrigin.of(request));
			// the secret is in this answer only: it is stored hashed
			model.addAttribute("created", created);
			model.addAttribute("form", new KeyForm(null, List.of(ApiScope.READ.name()), null));
		}
		catch (ApiError error) {
			FormErrors.show(model, error);
		}
		return page(tenant, model);
	}

	@PostMapping("/{id}/revoke")
	String revoke(@PathVariable UUID id, HttpServletRequest request, RedirectAttributes redirect) {
		Tenant tenant = this.tenancy.require(Role.ADMIN);
		try {
			this.apiKeys.revoke(tenant.workspaceId(), id, tenant.userId(), RequestOrigin.of(request));
			redirect.addFlashAttribute("notice", "The key is revoked: requests with it are refused from now on.");
		}
		catch (ApiError error) {
			redirect.addFlashAttribute(FormErrors.ERROR, FormErrors.message(error));
		}
		return "redirect:/account/api-keys";
	}

	private String page(Tenant tenant, Model model) {
		model.addAttribute("workspace", this.workspaces.get(tenant));
		model.addAttribute("keys", this.apiKeys.list(tenant.workspaceId()));
		model.addAttribute("allScopes", ApiScope.values());
		return "workspace/api-keys";
	}

	private static Set<ApiScope> scopes(@Nullable List<String> given) {
		if (given == null || given.isEmpty()) {
			throw ApiError.invalid("scopes", "Choose at least one scope");
		}
		Set<ApiScope> scopes = EnumSet.noneOf(ApiScope.class);
		for (String scope : given) {
			try {
				scopes.add(ApiScope.valueOf(scope));
			}
			catch (IllegalArgumentException ex) {
				throw ApiError.invalid("scopes", "Choose among READ, WRITE and ADMIN");
			}
		}
		return scopes;
	}

	private static @Nullable Instant expiry(@Nullable String date) {
		if (date == null || date.isBlank()) {
			return null;
		}
		try {
			return LocalDate.parse(date.trim()).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw ApiError.invalid("expiresAt", "Must be a date like 2027-01-31");
		}
	}

}
