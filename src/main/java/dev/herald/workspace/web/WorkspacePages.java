package dev.herald.workspace.web;

import java.util.List;
import java.util.UUID;

import dev.herald.common.ApiError;
import dev.herald.common.CursorPage;
import dev.herald.common.RequestOrigin;
import dev.herald.common.web.FormErrors;
import dev.herald.common.web.TimeZones;
import dev.herald.identity.AuthenticatedUser;
import dev.herald.identity.CurrentUser;
import dev.herald.workspace.Role;
import dev.herald.workspace.Tenancy;
import dev.herald.workspace.Tenant;
import dev.herald.workspace.internal.BrandService;
import dev.herald.workspace.internal.Views.WorkspaceView;
import dev.herald.workspace.internal.WorkspaceService;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The signed-in home (the current workspace's overview), creating and switching
 * workspaces, and the current workspace's settings: name, time zone, approval, ownership
 * and deletion.
 */
@Controller
class WorkspacePages {

	private final WorkspaceService workspaces;

	private final BrandService brands;

	private final Tenancy tenancy;

	WorkspacePages(WorkspaceService workspaces, BrandService brands, Tenancy tenancy) {
		this.workspaces = workspaces;
		this.brands = brands;
		this.tenancy = tenancy;
	}

	record WorkspaceForm(@Nullable String name, @Nullable String timezone, @Nullable Boolean approvalRequired) {
	}

	@GetMapping("/app")
	String home(Model model) {
		AuthenticatedUser caller = CurrentUser.require();
		List<WorkspaceView> mine = this.workspaces.list(caller);
		if (mine.isEmpty()) {
			return "workspace/welcome";
		}
		Tenant tenant = this.tenancy.require(Role.VIEWER);
		model.addAttribute("workspace", this.workspaces.get(tenant));
		model.addAttribute("members", this.workspaces.members(tenant));
		model.addAttribute("brands", this.brands.list(tenant, CursorPage.PageRequest.of(null, 100)).items());
		return "workspace/home";
	}

	@GetMapping("/app/workspaces/new")
	String newWorkspace(Model model) {
		model.addAttribute("form", new WorkspaceForm(null, "UTC", false));
		model.addAttribute("zones", TimeZones.ALL);
		return "workspace/new";
	}

	@PostMapping("/app/workspaces/new")
	String create(@ModelAttribute("form") WorkspaceForm form, Model model, HttpServletRequest request,
			RedirectAttributes redirect) {
		WorkspaceView created;
		try {
			created = this.workspaces.create(CurrentUser.require(), text(form.name()), blankToNull(form.timezone()),
					Boolean.TRUE.equals(form.approvalRequired()), RequestOrigin.of(request));
		}
		catch (ApiError error) {
			FormErrors.show(model, error);
			model.addAttribute("zones", TimeZones.ALL);
			return "workspace/new";
		}
		redirect.addFlashAttribute("notice", "Workspace " + created.name() + " is ready: add a brand to start.");
		return "redirect:/app";
	}

	@PostMapping("/app/workspaces/{id}/select")
	String select(@PathVariable UUID id, @RequestParam(required = false) @Nullable String next) {
		this.workspaces.select(this.tenancy.requireIn(id, Role.VIEWER));
		return "redirect:" + ((next != null && next.startsWith("/app") && !next.contains("//")) ? next : "/app");
	}

	// settings
	// -----------------------------------------------------------------------------

	@GetMapping("/app/settings")
	String settings(Model model) {
		Tenant tenant = this.tenancy.require(Role.ADMIN);
		WorkspaceView workspace = this.workspaces.get(tenant);
		model.addAttribute("form",
				new WorkspaceForm(workspace.name(), workspace.defaultTimezone(), workspace.approvalRequired()));
		return settingsPage(tenant, model);
	}

	@PostMapping("/app/settings")
	String update(@ModelAttribute("form") WorkspaceForm form, Model model, HttpServletRequest request,
			RedirectAttributes redirect) {
		Tenant tenant = this.tenancy.require(Role.ADMIN);
		try {
			this.workspaces.update(tenant, text(form.name()), text(form.timezone()),
					Boolean.TRUE.equals(form.approvalRequired()), RequestOrigin.of(request));
		}
		catch (ApiError error) {
			FormErrors.show(model, error);
			return settingsPage(tenant, model);
		}
		redirect.addFlashAttribute("notice", "The workspace settings are saved.");
		return "redirect:/app/settings";
	}

	@PostMapping("/app/settings/transfer")
	String transfer(@RequestParam(required = false) @Nullable UUID newOwnerId, Model model, HttpServletRequest request,
			RedirectAttributes redirect) {
		Tenant tenant = this.tenancy.require(Role.OWNER);
		try {
			if (newOwnerId == null) {
				throw ApiError.invalid("userId", "Choose the member who will own the workspace");
			}
			this.workspaces.transferOwnership(tenant, newOwnerId, RequestOrigin.of(request));
		}
		catch (ApiError error) {
			FormErrors.show(model, error);
			WorkspaceView workspace = this.workspaces.get(tenant);
			model.addAttribute("form",
					new WorkspaceForm(workspace.name(), workspace.defaultTimezone(), workspace.approvalRequired()));
			return settingsPage(tenant, model);
		}
		redirect.addFlashAttribute("notice", "Ownership is transferred; you are now an admin of this workspace.");
		return "redirect:/app/settings";
	}

	@PostMapping("/app/settings/delete")
	String delete(@RequestParam(defaultValue = "") String confirmName, Model model, HttpServletRequest request,
			RedirectAttributes redirect) {
		Tenant tenant = this.tenancy.require(Role.OWNER);
		String name = this.workspaces.get(tenant).name();
		try {
			this.workspaces.delete(tenant, confirmName, RequestOrigin.of(request));
		}
		catch (ApiError error) {
			FormErrors.show(model, error);
			WorkspaceView workspace = this.workspaces.get(tenant);
			model.addAttribute("form",
					new WorkspaceForm(workspace.name(), workspace.defaultTimezone(), workspace.approvalRequired()));
			return settingsPage(tenant, model);
		}
		redirect.addFlashAttribute("notice", "Workspace " + name + " is deleted.");
		return "redirect:/app";
	}

	private String settingsPage(Tenant tenant, Model model) {
		model.addAttribute("workspace", this.workspaces.get(tenant));
		model.addAttribute("zones", TimeZones.ALL);
		model.addAttribute("otherMembers",
				this.workspaces.members(tenant).stream().filter((m) -> !m.userId().equals(tenant.userId())).toList());
		return "workspace/settings";
	}

	static String text(@Nullable String value) {
		return (value != null) ? value : "";
	}

	static @Nullable String blankToNull(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

}
