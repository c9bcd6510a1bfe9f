package dev.herald.workspace.web;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.herald.common.ApiError;
import dev.herald.common.CursorPage;
import dev.herald.common.RequestOrigin;
import dev.herald.common.web.FormErrors;
import dev.herald.workspace.Brand;
import dev.herald.workspace.Role;
import dev.herald.workspace.Tenancy;
import dev.herald.workspace.Tenant;
import dev.herald.workspace.internal.BrandService;
import dev.herald.workspace.internal.BrandService.BrandProfile;
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
 * The current workspace's brands: the list, and the profile the AI writes from (created
 * and changed by admins, read by everyone).
 */
@Controller
@RequestMapping("/app/brands")
class BrandPages {

	private final BrandService brands;

	private final Tenancy tenancy;

	BrandPages(BrandService brands, Tenancy tenancy) {
		this.brands = brands;
		this.tenancy = tenancy;
	}

	/**
	 * A brand's profile as the form sends it: goals as rows of name and number, hashtags
	 * as one line.
	 */
	record BrandForm(@Nullable String name, @Nullable String description, @Nullable String industry,
			@Nullable String targetAudience, @Nullable String toneOfVoice, @Nullable List<String> goalName,
			@Nullable List<String> goalValue, @Nullable String logoUrl, @Nullable String hashtags,
			@Nullable String signature) {

		static BrandForm empty() {
			return new BrandForm(null, null, null, null, null, List.of(), List.of(), null, null, null);
		}

		static BrandForm of(Brand brand) {
			List<String> names = new ArrayList<>();
			List<String> values = new ArrayList<>();
			brand.goals().forEach((name, value) -> {
				names.add(name);
				values.add(value.toPlainString());
			});
			return new BrandForm(brand.name(), brand.description(), brand.industry(), brand.targetAudience(),
					brand.toneOfVoice(), names, values, brand.logoUrl(),
					String.join(" ", brand.defaultHashtags().stream().map((tag) -> "#" + tag).toList()),
					brand.signature());
		}

		/** The goal rows to show: the filled ones, then two blank rows to add more. */
		public List<String[]> goalRows() {
			List<String[]> rows = new ArrayList<>();
			List<String> names = (this.goalName != null) ? this.goalName : List.of();
			List<String> values = (this.goalValue != null) ? this.goalValue : List.of();
			for (int i = 0; i < Math.max(names.size(), values.size()); i++) {
				String name = (i < names.size()) ? names.get(i) : "";
				String value = (i < values.size()) ? values.get(i) : "";
				if (!name.isBlank() || !value.isBlank()) {
					rows.add(new String[] { name, value });
				}
			}
			rows.add(new String[] { "", "" });
			return rows;
		}

		BrandProfile profile() {
			return new BrandProfile(text(this.name), text(this.description), text(this.industry),
					text(this.targetAudience), text(this.toneOfVoice), goals(), text(this.logoUrl), hashtagList(),
					text(this.signature));
		}

		private Map<String, BigDecimal> goals() {
			Map<String, BigDecimal> goals = new LinkedHashMap<>();
			for (String[] row : goalRows()) {
				String name = row[0].strip();
				String value = row[1].strip();
				if (name.isEmpty() && value.isEmpty()) {
					continue;
				}
				if (name.isEmpty()) {
					throw ApiError.invalid("goals", "Give each goal a name, like followers");
				}
				try {
					goals.put(name, new BigDecimal(value.replace(",", "")));
				}
				catch (NumberFormatException ex) {
					throw ApiError.invalid("goals." + name, "Must be a number, like 1000");
				}
			}
			return goals;
		}

		private List<String> hashtagList() {
			return Arrays.stream(text(this.hashtags).split("[\\s,]+")).filter((tag) -> !tag.isBlank()).toList();
		}

		private static String text(@Nullable String value) {
			return (value != null) ? value : "";
		}

	}

	@GetMapping
	String list(Model model) {
		Tenant tenant = this.tenancy.require(Role.VIEWER);
		model.addAttribute("brands", this.brands.list(tenant, CursorPage.PageRequest.of(null, 100)).items());
		return "workspace/brands";
	}

	@GetMapping("/new")
	String newBrand(Model model) {
		this.tenancy.require(Role.ADMIN);
		model.addAttribute("form", BrandForm.empty());
		return "workspace/brand";
	}

	@PostMapping("/new")
	String create(@ModelAttribute("form") BrandForm form, Model model, HttpServletRequest request,
			RedirectAttributes redirect) {
		Tenant tenant = this.tenancy.require(Role.ADMIN);
		Brand brand;
		try {
			brand = this.brands.create(tenant, form.profile(), RequestOrigin.of(request));
		}
		catch (ApiError error) {
			FormErrors.show(model, error);
			return "workspace/brand";
		}
		redirect.addFlashAttribute("notice", "Brand " + brand.name() + " is created.");
		return "redirect:/app/brands/" + brand.id();
	}

	@GetMapping("/{id}")
	String brand(@PathVariable UUID id, Model model) {
		Tenant tenant = this.tenancy.require(Role.VIEWER);
		Brand brand = this.brands.get(tenant, id);
		model.addAttribute("brand", brand);
		model.addAttribute("form", BrandForm.of(brand));
		return "workspace/brand";
	}

	@PostMapping("/{id}")
	String update(@PathVariable UUID id, @ModelAttribute("form") BrandForm form, Model model,
			HttpServletRequest request, RedirectAttributes redirect) {
		Tenant tenant = this.tenancy.require(Role.ADMIN);
		Brand brand = this.brands.get(tenant, id);
		try {
			brand = this.brands.update(tenant, id, form.profile(), RequestOrigin.of(request));
		}
		catch (ApiError error) {
			FormErrors.show(model, error);
			model.addAttribute("brand", brand);
			return "workspace/brand";
		}
		redirect.addFlashAttribute("notice", "The profile of " + brand.name() + " is saved.");
		return "redirect:/app/brands/" + id;
	}

	/** One more blank goal row, for the form's "Add a goal" button. */
	@GetMapping("/goal-row")
	String goalRow() {
		return "workspace/brand :: goalRow";
	}

	@PostMapping("/{id}/delete")
	String delete(@PathVariable UUID id, HttpServletRequest request, RedirectAttributes redirect) {
		Tenant tenant = this.tenancy.require(Role.ADMIN);
		Brand brand = this.brands.get(tenant, id);
		this.brands.delete(tenant, id, RequestOrigin.of(request));
		redirect.addFlashAttribute("notice", "Brand " + brand.name() + " is deleted.");
		return "redirect:/app/brands";
	}

}
