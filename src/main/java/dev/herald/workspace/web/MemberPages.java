package dev.herald.workspace.web;

import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.herald.common.ApiError;
import dev.herald.common.RequestOrigin;
import dev.herald.common.web.FormErrors;
import dev.herald.workspace.Role;
import dev.herald.workspace.Tenancy;
import dev.herald.workspace.Tenant;
import dev.herald.workspace.internal.Views.MemberView;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The current workspace's members and invitations. Everyone sees the members; admins
 * invite, change roles and remove; the service refuses what the role does not allow,
 * whatever the page showed.
 */
@Controller
@RequestMapping("/app/members")
class MemberPages {

	private final WorkspaceService workspaces;

	private final Tenancy tenancy;

	MemberPages(WorkspaceService workspaces, Tenancy tenancy) {
		this.workspaces = workspaces;
		this.tenancy = tenancy;
	}

	record InviteForm(@Nullable String email, @Nullable String role) {
	}

	@GetMapping
	String members(Model model) {
		model.addAttribute("invite", new InviteForm(null, Role.MEMBER.name()));
		return page(this.tenancy.require(Role.VIEWER), model);
	}

	@PostMapping("/invite")
	String invite(@ModelAttribute("invite") InviteForm form, Model model, HttpServletRequest request,
			RedirectAttributes redirect) {
		Tenant tenant = this.tenancy.require(Role.ADMIN);
		try {
			this.workspaces.invite(tenant, WorkspacePages.text(form.email()), role(form.role()),
					RequestOrigin.of(request));
		}
		catch (ApiError error) {
			FormErrors.show(model, error);
			return page(tenant, model);
		}
		redirect.addFlashAttribute("notice", "Invitation sent to " + form.email().trim() + ".");
		return "redirect:/app/members";
	}

	@PostMapping("/{userId}/role")
	String changeRole(@PathVariable UUID userId, @RequestParam(defaultValue = "") String role,
			HttpServletRequest request, RedirectAttributes redirect) {
		Tenant tenant = this.tenancy.require(Role.ADMIN);
		try {
			MemberView member = this.workspaces.changeRole(tenant, userId, role(role), RequestOrigin.of(request));
			redirect.addFlashAttribute("notice", member.name() + " is now " + label(member.role()) + ".");
		}
		catch (ApiError error) {
			redirect.addFlashAttribute(FormErrors.ERROR, FormErrors.message(error));
		}
		return "redirect:/app/members";
	}

	@PostMapping("/{userId}/remove")
	String remove(@PathVariable UUID userId, HttpServletRequest request, RedirectAttributes redirect) {
		Tenant tenant = this.tenancy.require(Role.VIEWER);
		try {
			this.workspaces.removeMember(tenant, userId, RequestOrigin.of(request));
		}
		catch (ApiError error) {
			redirect.addFlashAttribute(FormErrors.ERROR, FormErrors.message(error));
			return "redirect:/app/members";
		}
		if (userId.equals(tenant.userId())) {
			redirect.addFlashAttribute("notice", "You left the workspace.");
			return "redirect:/app";
		}
		redirect.addFlashAttribute("notice", "The member is removed.");
		return "redirect:/app/members";
	}

	@PostMapping("/invitations/{id}/revoke")
	String revokeInvitation(@PathVariable UUID id, HttpServletRequest request, RedirectAttributes redirect) {
		Tenant tenant = this.tenancy.require(Role.ADMIN);
		try {
			this.workspaces.revokeInvitation(tenant, id, RequestOrigin.of(request));
			redirect.addFlashAttribute("notice", "The invitation is withdrawn: its link no longer works.");
		}
		catch (ApiError error) {
			redirect.addFlashAttribute(FormErrors.ERROR, FormErrors.message(error));
		}
		return "redirect:/app/members";
	}

	private String page(Tenant tenant, Model model) {
		var members = this.workspaces.members(tenant);
		Map<UUID, String> names = members.stream()
			.collect(Collectors.toMap(MemberView::userId, MemberView::name, (a, b) -> a));
		model.addAttribute("members", members);
		model.addAttribute("names", names);
		model.addAttribute("me", tenant.userId());
		model.addAttribute("myRole", tenant.role());
		model.addAttribute("isAdmin", tenant.role().atLeast(Role.ADMIN));
		model.addAttribute("invitations",
				tenant.role().atLeast(Role.ADMIN) ? this.workspaces.pendingInvitations(tenant) : java.util.List.of());
		// an owner grants any role but OWNER; an admin neither grants nor takes away
		// ADMIN
		model.addAttribute("grantable", (tenant.role() == Role.OWNER)
				? new Role[] { Role.ADMIN, Role.MEMBER, Role.VIEWER } : new Role[] { Role.MEMBER, Role.VIEWER });
		return "workspace/members";
	}

	static Role role(@Nullable String value) {
		try {
			return Role.valueOf(WorkspacePages.text(value).trim());
		}
		catch (IllegalArgumentException ex) {
			throw ApiError.invalid("role", "Choose admin, member or viewer");
		}
	}

	static String label(Role role) {
		return role.name().charAt(0) + role.name().substring(1).toLowerCase(java.util.Locale.ROOT);
	}

}
