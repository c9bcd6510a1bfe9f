package dev.herald.studio.web;

import dev.herald.common.ApiError;
import dev.herald.common.RequestOrigin;
import dev.herald.common.web.FormErrors;
import dev.herald.studio.internal.WorkspaceAiProviders;
import dev.herald.workspace.Role;
import dev.herald.workspace.Tenancy;
import dev.herald.workspace.Tenant;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The "AI provider" card of the workspace settings: which provider the workspace's
 * generations use, and a form to give it its own key or remove it. The settings page
 * loads the card with htmx ({@code GET /app/settings/ai-provider}); without scripts the
 * same address is a page of its own.
 */
@Controller
class AiProviderPages {

	private static final String PAGE = "studio/ai-provider";

	private final WorkspaceAiProviders providers;

	private final Tenancy tenancy;

	AiProviderPages(WorkspaceAiProviders providers, Tenancy tenancy) {
		this.providers = providers;
		this.tenancy = tenancy;
	}

	/**
	 * The card's form. The key is never put back into it.
	 *
	 * @param provider openai, anthropic or gemini
	 * @param apiKey the key, as typed
	 * @param baseUrl another address, if any
	 * @param strongModel the model of strategies, if any
	 * @param fastModel the model of content, if any
	 */
	record ProviderForm(@Nullable String provider, @Nullable String apiKey, @Nullable String baseUrl,
			@Nullable String strongModel, @Nullable String fastModel) {

		@Override
		public String toString() {
			return "ProviderForm[provider=" + this.provider + ", apiKey=(hidden), baseUrl=" + this.baseUrl + "]";
		}

		/** What the page shows again after a refusal: everything but the key. */
		ProviderForm withoutKey() {
			return new ProviderForm(this.provider, null, this.baseUrl, this.strongModel, this.fastModel);
		}

	}

	@GetMapping("/app/settings/ai-provider")
	String card(Model model, HttpServletRequest request) {
		Tenant tenant = this.tenancy.require(Role.ADMIN);
		WorkspaceAiProviders.View view = this.providers.view(tenant);
		model.addAttribute("ai", view);
		model.addAttribute("aiForm", new ProviderForm(view.ownKey() ? view.provider() : null, null, null, null, null));
		// htmx asks for the card alone, to put into the settings page
		return (request.getHeader("HX-Request") != null) ? PAGE + " :: card" : PAGE;
	}

	@PostMapping("/app/settings/ai-provider")
	String set(@ModelAttribute("aiForm") ProviderForm form, Model model, HttpServletRequest request,
			RedirectAttributes redirect) {
		Tenant tenant = this.tenancy.require(Role.ADMIN);
		WorkspaceAiProviders.View view;
		try {
			view = this.providers.set(tenant, new WorkspaceAiProviders.Change(form.provider(), form.apiKey(),
					form.baseUrl(), form.strongModel(), form.fastModel()), RequestOrigin.of(request));
		}
		catch (ApiError error) {
			FormErrors.show(model, error);
			model.addAttribute("ai", this.providers.view(tenant));
			model.addAttribute("aiForm", form.withoutKey());
			return PAGE;
		}
		redirect.addFlashAttribute("notice", "This workspace now uses its own " + view.providerName() + " key"
				+ ((view.keyHint() != null && !view.keyHint().isEmpty()) ? " (ending in " + view.keyHint() + ")" : "")
				+ ": its generations no longer use the plan's AI credits.");
		return "redirect:/app/settings";
	}

	@PostMapping("/app/settings/ai-provider/remove")
	String remove(HttpServletRequest request, RedirectAttributes redirect) {
		Tenant tenant = this.tenancy.require(Role.ADMIN);
		this.providers.remove(tenant, RequestOrigin.of(request));
		redirect.addFlashAttribute("notice",
				"This workspace's own AI key is removed: its generations use the server's provider and the plan's "
						+ "AI credits again.");
		return "redirect:/app/settings";
	}

}
