package dev.herald.studio.web;

import java.util.List;
import java.util.UUID;

import dev.herald.common.ApiError;
import dev.herald.common.web.FormErrors;
import dev.herald.studio.internal.OfflineStudio;
import dev.herald.workspace.Brand;
import dev.herald.workspace.Brands;
import dev.herald.workspace.Role;
import dev.herald.workspace.Tenancy;
import dev.herald.workspace.Tenant;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The insights page: a brand's themes, and for a pasted draft its nearest past posts,
 * hashtags from the brand's history and its predicted engagement, all from the offline AI
 * (no provider, no credit). With htmx the draft's results replace their section; without
 * it the form posts and the page comes back with them.
 */
@Controller
@RequestMapping("/studio/insights")
class InsightsPages {

	private static final int MAX_DRAFT = 20000;

	/** What is wrong with the draft, shown with its results (the page's own message). */
	private static final String DRAFT_ERROR = "draftError";

	private final OfflineStudio offline;

	private final Brands brands;

	private final Tenancy tenancy;

	InsightsPages(OfflineStudio offline, Brands brands, Tenancy tenancy) {
		this.offline = offline;
		this.brands = brands;
		this.tenancy = tenancy;
	}

	@GetMapping
	String page(@RequestParam(required = false) @Nullable UUID brandId, Model model) {
		Tenant tenant = this.tenancy.require(Role.VIEWER);
		brandAndThemes(tenant, brandId, model);
		model.addAttribute("text", "");
		return "studio/insights";
	}

	@PostMapping
	String draft(@RequestParam(required = false) @Nullable UUID brandId,
			@RequestParam(required = false) @Nullable String text,
			@RequestHeader(name = "HX-Request", required = false) @Nullable String htmx, Model model) {
		Tenant tenant = this.tenancy.require(Role.MEMBER);
		Brand brand = brandAndThemes(tenant, brandId, model);
		String draft = (text != null) ? text.strip() : "";
		model.addAttribute("text", draft);
		if (brand == null) {
			model.addAttribute(DRAFT_ERROR, "Create a brand first: insights are a brand's.");
		}
		else if (draft.isEmpty()) {
			model.addAttribute(DRAFT_ERROR, "Paste a draft to compare with what the brand published.");
		}
		else if (draft.length() > MAX_DRAFT) {
			model.addAttribute(DRAFT_ERROR, "A draft is " + MAX_DRAFT + " characters at most.");
		}
		else {
			try {
				OfflineStudio.DraftInsights insights = this.offline.insights(tenant, brand.id(), draft, 5, 10);
				model.addAttribute("similar", insights.similar());
				model.addAttribute("hashtags", insights.hashtags());
				model.addAttribute("prediction", insights.prediction());
			}
			catch (ApiError error) {
				model.addAttribute(DRAFT_ERROR, FormErrors.message(error));
			}
		}
		return (htmx != null) ? "studio/insights :: results" : "studio/insights";
	}

	/** The brand picked (the first one unless another is asked for) and its themes. */
	private @Nullable Brand brandAndThemes(Tenant tenant, @Nullable UUID brandId, Model model) {
		List<Brand> all = this.brands.list(tenant.workspaceId());
		Brand brand = Brands.chosen(all, brandId);
		model.addAttribute("brands", all);
		model.addAttribute("brand", brand);
		if (brand != null) {
			model.addAttribute("themes", this.offline.themes(tenant, brand.id(), null, null));
		}
		return brand;
	}

}
