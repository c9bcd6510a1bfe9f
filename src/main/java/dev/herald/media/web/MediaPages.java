package dev.herald.media.web;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import dev.herald.common.ApiError;
import dev.herald.common.CursorPage;
import dev.herald.common.ErrorCode;
import dev.herald.common.RequestOrigin;
import dev.herald.common.web.FormErrors;
import dev.herald.media.MediaItem;
import dev.herald.media.MediaKind;
import dev.herald.media.MediaStatus;
import dev.herald.media.internal.MediaService;
import dev.herald.workspace.Role;
import dev.herald.workspace.Tenant;
import dev.herald.workspace.Tenancy;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The media library's pages: the library with drag-and-drop uploads (a progress bar per
 * file), search and filters; a file's page with its preview, alt text and tags, variants
 * and deletion; and the picker the composer attaches files from. Uploads from the page's
 * script answer JSON; without the script the form posts and the page reloads.
 */
@Controller
@RequestMapping("/media")
class MediaPages {

	private static final int PAGE = 24;

	/** The variants offered for a picture, by preset, with what each makes. */
	private static final Map<String, String> PICTURE_PRESETS = ordered("instagram", "Instagram (JPEG, 4:5 to 1.91:1)",
			"square", "Square (1:1)", "portrait", "Portrait (4:5)", "bluesky", "Bluesky (JPEG under 1 MB)", "jpeg",
			"JPEG");

	/** The variants offered for a video. */
	private static final Map<String, String> VIDEO_PRESETS = ordered("mp4", "H.264 MP4", "reel", "Reel (9:16 MP4)",
			"cover", "Cover frame (JPEG)");

	private final MediaService media;

	private final Tenancy tenancy;

	MediaPages(MediaService media, Tenancy tenancy) {
		this.media = media;
		this.tenancy = tenancy;
	}

	/**
	 * What the library page is filtered by.
	 *
	 * @param q words in names and alt texts
	 * @param kind IMAGE or VIDEO
	 * @param tag a label
	 */
	record Filters(@Nullable String q, @Nullable String kind, @Nullable String tag) {

		MediaService.Filter filter() {
			MediaKind which = null;
			if (this.kind != null && !this.kind.isBlank()) {
				try {
					which = MediaKind.valueOf(this.kind.toUpperCase(Locale.ROOT));
				}
				catch (IllegalArgumentException ex) {
					which = null;
				}
			}
			return new MediaService.Filter(this.q, which, (this.tag != null && !this.tag.isBlank()) ? this.tag : null,
					null, null, null);
		}

		public boolean any() {
			return (this.q != null && !this.q.isBlank()) || (this.kind != null && !this.kind.isBlank())
					|| (this.tag != null && !this.tag.isBlank());
		}

	}

	@GetMapping
	String library(@RequestParam(required = false) @Nullable String q,
			@RequestParam(required = false) @Nullable String kind, @RequestParam(required = false) @Nullable String tag,
			@RequestParam(required = false) @Nullable String cursor, Model model) {
		Tenant tenant = this.tenancy.require(Role.VIEWER);
		Filters filters = new Filters(q, kind, tag);
		CursorPage<MediaItem> page = this.media.list(tenant, filters.filter(), CursorPage.PageRequest.of(cursor, PAGE));
		model.addAttribute("filters", filters);
		model.addAttribute("items", page.items());
		model.addAttribute("nextCursor", page.nextCursor());
		model.addAttribute("usage", this.media.usage(tenant));
		return "media/library";
	}

	/** The picker of the composer: ready files, newest first, searchable. */
	@GetMapping("/picker")
	String picker(@RequestParam(required = false) @Nullable String q, Model model) {
		Tenant tenant = this.tenancy.require(Role.VIEWER);
		model.addAttribute("items",
				this.media
					.list(tenant, new MediaService.Filter(q, null, null, null, MediaStatus.READY, null),
							CursorPage.PageRequest.of(null, 48))
					.items());
		model.addAttribute("q", (q != null) ? q : "");
		return "media/library :: picker";
	}

	/** An upload from the page's script: the file's JSON, or the refusal's message. */
	@PostMapping(path = "/upload", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	ResponseEntity<?> upload(@RequestPart("file") MultipartFile file,
			@RequestParam(required = false) @Nullable String altText) throws IOException {
		try {
			MediaItem item = this.media.upload(this.tenancy.require(Role.MEMBER),
					(target) -> file.transferTo(target.toFile()), file.getOriginalFilename(), file.getSize(),
					new MediaService.Details(null, altText, null));
			return ResponseEntity.status(HttpStatus.CREATED).body(item);
		}
		catch (ApiError error) {
			return ResponseEntity.status(error.code().status()).body(Map.of("message", FormErrors.message(error)));
		}
	}

	/** The same upload without the script: back to the library with a message. */
	@PostMapping
	String uploadForm(@RequestPart(name = "file", required = false) @Nullable List<MultipartFile> files,
			RedirectAttributes redirect) throws IOException {
		Tenant tenant = this.tenancy.require(Role.MEMBER);
		if (files == null || files.stream().allMatch(MultipartFile::isEmpty)) {
			redirect.addFlashAttribute(FormErrors.ERROR, "Choose a file to upload first.");
			return "redirect:/media";
		}
		int stored = 0;
		for (MultipartFile file : files) {
			try {
				this.media.upload(tenant, (target) -> file.transferTo(target.toFile()), file.getOriginalFilename(),
						file.getSize(), new MediaService.Details(null, null, null));
				stored++;
			}
			catch (ApiError error) {
				redirect.addFlashAttribute(FormErrors.ERROR,
						file.getOriginalFilename() + " was not uploaded: " + FormErrors.message(error));
			}
		}
		if (stored > 0) {
			redirect.addFlashAttribute("notice",
					(stored == 1) ? "Uploaded one file." : "Uploaded " + stored + " files.");
		}
		return "redirect:/media";
	}

	@GetMapping("/{id}")
	String item(@PathVariable UUID id, Model model) {
		Tenant tenant = this.tenancy.require(Role.VIEWER);
		return itemPage(tenant, this.media.get(tenant, id), model);
	}

	/** A file's state, for the script that waits for a variant. */
	@GetMapping(path = "/{id}/status", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	MediaItem status(@PathVariable UUID id) {
		return this.media.get(this.tenancy.require(Role.VIEWER), id);
	}

	@PostMapping("/{id}")
	String describe(@PathVariable UUID id, @RequestParam(required = false) @Nullable String altText,
			@RequestParam(required = false) @Nullable String tags, Model model, RedirectAttributes redirect) {
		Tenant tenant = this.tenancy.require(Role.MEMBER);
		try {
			this.media.update(tenant, id, new MediaService.Details(null, (altText != null) ? altText : "",
					MediaController.tags((tags != null) ? List.of(tags) : List.of())));
		}
		catch (ApiError error) {
			FormErrors.show(model, error);
			return itemPage(tenant, this.media.get(tenant, id), model);
		}
		redirect.addFlashAttribute("notice", "Saved the alt text and tags.");
		return "redirect:/media/" + id;
	}

	/**
	 * Makes a variant: from the page's form (then to the variant's page), or from the
	 * composer's script (then the variant's JSON).
	 */
	@PostMapping("/{id}/variants")
	Object variant(@PathVariable UUID id, @RequestParam(required = false) @Nullable String preset,
			@RequestParam(required = false) @Nullable String format,
			@RequestParam(required = false) @Nullable String aspect,
			@RequestParam(required = false) @Nullable Long maxBytes,
			@RequestParam(required = false, defaultValue = "false") boolean json, Model model,
			RedirectAttributes redirect) {
		Tenant tenant = this.tenancy.require(Role.MEMBER);
		try {
			MediaItem variant = this.media.variant(tenant, id,
					new MediaService.VariantRequest(preset, format, aspect, null, null, maxBytes));
			if (json) {
				return ResponseEntity.ok(variant);
			}
			redirect.addFlashAttribute("notice", (variant.status() == MediaStatus.PROCESSING)
					? "Making the variant: this page shows it when it is ready." : "This variant exists already.");
			return "redirect:/media/" + variant.id();
		}
		catch (ApiError error) {
			if (json) {
				return ResponseEntity.status(error.code().status()).body(Map.of("message", FormErrors.message(error)));
			}
			FormErrors.show(model, error);
			return itemPage(tenant, this.media.get(tenant, id), model);
		}
	}

	@PostMapping("/{id}/delete")
	String delete(@PathVariable UUID id, HttpServletRequest request, Model model, RedirectAttributes redirect)
			throws IOException {
		Tenant tenant = this.tenancy.require(Role.MEMBER);
		MediaItem item = this.media.get(tenant, id);
		try {
			this.media.delete(tenant, id, RequestOrigin.of(request));
		}
		catch (ApiError error) {
			if (error.code() == ErrorCode.NOT_FOUND) {
				throw error;
			}
			FormErrors.show(model, error);
			return itemPage(tenant, item, model);
		}
		redirect.addFlashAttribute("notice", "Deleted " + item.name() + ".");
		return "redirect:/media";
	}

	private static Map<String, String> ordered(String... pairs) {
		Map<String, String> map = new java.util.LinkedHashMap<>();
		for (int i = 0; i + 1 < pairs.length; i += 2) {
			map.put(pairs[i], pairs[i + 1]);
		}
		return java.util.Collections.unmodifiableMap(map);
	}

	private String itemPage(Tenant tenant, MediaItem item, Model model) {
		model.addAttribute("item", item);
		model.addAttribute("source", (item.sourceId() != null)
				? this.media.find(tenant.workspaceId(), List.of(item.sourceId())).stream().findFirst().orElse(null)
				: null);
		model.addAttribute("variants",
				this.media
					.list(tenant, new MediaService.Filter(null, null, null, null, null, item.id()),
							CursorPage.PageRequest.of(null, 50))
					.items());
		model.addAttribute("presets", (item.kind() == MediaKind.IMAGE) ? PICTURE_PRESETS : VIDEO_PRESETS);
		return "media/item";
	}

}
