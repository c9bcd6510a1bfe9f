package dev.herald.workspace.web;

import dev.herald.common.ApiError;
import dev.herald.common.RequestOrigin;
import dev.herald.common.web.FormErrors;
import dev.herald.identity.AuthenticatedUser;
import dev.herald.identity.CurrentUser;
import dev.herald.identity.DashboardSignIn;
import dev.herald.identity.SignedIn;
import dev.herald.identity.UserProfile;
import dev.herald.identity.Users;
import dev.herald.workspace.internal.Views.InvitationPreview;
import dev.herald.workspace.internal.Views.WorkspaceView;
import dev.herald.workspace.internal.WorkspaceService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /invitations/{token}}: the page an invitation mail links to. Signed in with the
 * invited address, one button accepts; without an account, a sign-up form creates it and
 * joins; with an account but signed out, the page asks to log in and come back.
 */
@Controller
class InvitationPages {

	private final WorkspaceService workspaces;

	private final Users users;

	InvitationPages(WorkspaceService workspaces, Users users) {
		this.workspaces = workspaces;
		this.users = users;
	}

	record JoinForm(@Nullable String name, @Nullable String password) {
	}

	@GetMapping("/invitations/{token}")
	String invitation(@PathVariable String token, Model model) {
		model.addAttribute("join", new JoinForm(null, null));
		return page(token, model);
	}

	@PostMapping("/invitations/{token}/accept")
	String accept(@PathVariable String token, Model model, HttpServletRequest request, RedirectAttributes redirect) {
		AuthenticatedUser caller = CurrentUser.find().orElse(null);
		if (caller == null) {
			return "redirect:/login?next=/invitations/" + token;
		}
		WorkspaceView joined;
		try {
			joined = this.workspaces.accept(token, caller, RequestOrigin.of(request));
		}
		catch (ApiError error) {
			FormErrors.show(model, error);
			model.addAttribute("join", new JoinForm(null, null));
			return page(token, model);
		}
		redirect.addFlashAttribute("notice", "Welcome to " + joined.name() + ".");
		return "redirect:/app";
	}

	@PostMapping("/invitations/{token}/join")
	String join(@PathVariable String token, @ModelAttribute("join") JoinForm form, Model model,
			HttpServletRequest request, HttpServletResponse response, RedirectAttributes redirect) {
		SignedIn signedIn;
		try {
			signedIn = this.workspaces.acceptAsNewUser(token, WorkspacePages.text(form.name()),
					WorkspacePages.text(form.password()), RequestOrigin.of(request));
		}
		catch (ApiError error) {
			FormErrors.show(model, error);
			return page(token, model);
		}
		DashboardSignIn.signIn(signedIn.userId(), signedIn.sessionId(), request, response);
		redirect.addFlashAttribute("notice", "Your account is ready and you joined the workspace.");
		return "redirect:/app";
	}

	private String page(String token, Model model) {
		InvitationPreview preview;
		try {
			preview = this.workspaces.preview(token);
		}
		catch (ApiError error) {
			model.addAttribute("gone", FormErrors.message(error));
			return "workspace/invitation";
		}
		model.addAttribute("token", token);
		model.addAttribute("invitation", preview);
		AuthenticatedUser caller = CurrentUser.find().orElse(null);
		UserProfile me = (caller != null) ? this.users.find(caller.userId()).orElse(null) : null;
		model.addAttribute("me", me);
		model.addAttribute("sameEmail", me != null && me.email().equalsIgnoreCase(preview.email()));
		return "workspace/invitation";
	}

}
