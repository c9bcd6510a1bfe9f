package dev.herald.channel.web;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.herald.channel.Channel;
import dev.herald.channel.ChannelStatus;
import dev.herald.channel.internal.ChannelConnector;
import dev.herald.channel.internal.ChannelConnector.ConnectRequest;
import dev.herald.channel.internal.ChannelConnector.Connection;
import dev.herald.channel.internal.ChannelConnector.PlatformInfo;
import dev.herald.channel.internal.ChannelService;
import dev.herald.channel.internal.ChannelService.Slot;
import dev.herald.common.ApiError;
import dev.herald.common.RequestOrigin;
import dev.herald.common.web.FormErrors;
import dev.herald.common.web.TimeZones;
import dev.herald.platform.PlatformKind;
import dev.herald.workspace.Brand;
import dev.herald.workspace.Brands;
import dev.herald.workspace.Role;
import dev.herald.workspace.Tenancy;
import dev.herald.workspace.Tenant;
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
 * The channels of the current workspace's brands: everyone sees them and their status;
 * admins connect accounts (a webhook's signing secret is shown once, Mastodon sends the
 * browser to the instance to authorize), reconnect, disconnect and set the posting slots.
 * The services refuse what the role does not allow, whatever the page showed.
 */
@Controller
@RequestMapping("/channels")
class ChannelPages {

	private final ChannelService channels;

	private final ChannelConnector connector;

	private final Brands brands;

	private final Tenancy tenancy;

	ChannelPages(ChannelService channels, ChannelConnector connector, Brands brands, Tenancy tenancy) {
		this.channels = channels;
		this.connector = connector;
		this.brands = brands;
		this.tenancy = tenancy;
	}

	/**
	 * A connect (or reconnect) form, one for every platform: each platform's form sends
	 * only its own fields.
	 */
	record ConnectForm(@Nullable String url, @Nullable String name, @Nullable String secret,
			@Nullable String identifier, @Nullable String appPassword, @Nullable String pds, @Nullable String instance,
			@Nullable String accessToken) {

		static ConnectForm empty() {
			return new ConnectForm(null, null, null, null, null, null, null, null);
		}

		/**
		 * The channel's own values, so that a reconnect needs only the new credential.
		 */
		static ConnectForm of(Channel channel) {
			return switch (channel.platform()) {
				case WEBHOOK -> new ConnectForm(channel.endpoint().toString(), channel.username(), null, null, null,
						null, null, null);
				case BLUESKY -> new ConnectForm(null, null, null, channel.username(), null,
						channel.endpoint().toString(), null, null);
				case MASTODON ->
					new ConnectForm(null, null, null, null, null, null, channel.endpoint().toString(), null);
			};
		}

		ConnectRequest request() {
			return new ConnectRequest(given(this.url), given(this.name), given(this.secret), given(this.identifier),
					given(this.appPassword), given(this.pds), given(this.instance), given(this.accessToken));
		}

		private static @Nullable String given(@Nullable String value) {
			return (value == null || value.isBlank()) ? null : value.strip();
		}

		/** Passwords and secrets are never sent back to the browser. */
		ConnectForm withoutSecrets() {
			return new ConnectForm(this.url, this.name, null, this.identifier, null, this.pds, this.instance, null);
		}

	}

	/**
	 * The posting slots as the form sends them: a zone and rows of day and time.
	 */
	record SlotsForm(@Nullable String timezone, @Nullable List<String> day, @Nullable List<String> time) {

		/** The rows to show: the filled ones, then a blank one to add another. */
		public List<String[]> rows() {
			List<String> days = (this.day != null) ? this.day : List.of();
			List<String> times = (this.time != null) ? this.time : List.of();
			List<String[]> rows = new ArrayList<>();
			for (int i = 0; i < Math.max(days.size(), times.size()); i++) {
				String t = (i < times.size()) ? times.get(i) : "";
				if (!t.isBlank()) {
					rows.add(new String[] { (i < days.size()) ? days.get(i) : "MONDAY", t });
				}
			}
			rows.add(new String[] { "MONDAY", "" });
			return rows;
		}

		List<Slot> slots() {
			List<String> days = (this.day != null) ? this.day : List.of();
			List<String> times = (this.time != null) ? this.time : List.of();
			List<Slot> slots = new ArrayList<>();
			for (int i = 0; i < Math.max(days.size(), times.size()); i++) {
				String d = (i < days.size()) ? days.get(i).strip() : "";
				String t = (i < times.size()) ? times.get(i).strip() : "";
				if (t.isEmpty()) {
					// a row without a time is a row left blank
					continue;
				}
				DayOfWeek dayOfWeek;
				try {
					dayOfWeek = DayOfWeek.valueOf(d.toUpperCase(Locale.ROOT));
				}
				catch (IllegalArgumentException ex) {
					throw ApiError.invalid("slots[" + i + "].day", "Choose a day of the week");
				}
				try {
					slots.add(new Slot(dayOfWeek, LocalTime.parse(t)));
				}
				catch (DateTimeParseException ex) {
					throw ApiError.invalid("slots[" + i + "].time", "Must be a time of day like 09:30");
				}
			}
			return slots;
		}

	}

	/**
	 * A brand and its channels, for the list.
	 *
	 * @param brand the brand
	 * @param channels its channels, connected ones first
	 */
	record BrandChannels(Brand brand, List<Channel> channels) {
	}

	/**
	 * The channels; after an OAuth connect the platform's callback lands here with the
	 * channel it connected, or with why it could not.
	 */
	@GetMapping
	String list(@RequestParam(required = false) @Nullable UUID connected,
			@RequestParam(required = false) @Nullable String error, Model model) {
		Tenant tenant = this.tenancy.require(Role.VIEWER);
		if (connected != null) {
			this.channels.find(tenant.workspaceId(), connected)
				.ifPresent((channel) -> model.addAttribute("notice", label(channel) + " is connected."));
		}
		if (error != null && !error.isBlank()) {
			// said by Herald's own callback; cut, since anyone can make such a link
			model.addAttribute(FormErrors.ERROR, "The account was not connected: "
					+ ((error.length() > 300) ? error.substring(0, 300) + "…" : error));
		}
		List<BrandChannels> rows = this.brands.list(tenant.workspaceId())
			.stream()
			.map((brand) -> new BrandChannels(brand, this.channels.list(tenant, brand.id(), true)))
			.toList();
		model.addAttribute("brands", rows);
		return "channel/channels";
	}

	@GetMapping("/connect")
	String connect(@RequestParam UUID brandId, Model model) {
		Tenant tenant = this.tenancy.require(Role.ADMIN);
		model.addAttribute("form", ConnectForm.empty());
		return connectPage(tenant, brandId, null, model);
	}

	@PostMapping("/connect/{platform}")
	String connect(@PathVariable String platform, @RequestParam UUID brandId, @ModelAttribute("form") ConnectForm form,
			Model model, HttpServletRequest request, RedirectAttributes redirect) {
		Tenant tenant = this.tenancy.require(Role.ADMIN);
		PlatformKind kind = ChannelController.platform(platform);
		Connection connection;
		try {
			connection = this.connector.connect(tenant, brandId, kind, form.request(), null, RequestOrigin.of(request));
		}
		catch (ApiError error) {
			FormErrors.show(model, error);
			model.addAttribute("form", form.withoutSecrets());
			return connectPage(tenant, brandId, kind, model);
		}
		return connected(tenant, connection, model, redirect, "connected");
	}

	@GetMapping("/{id}")
	String channel(@PathVariable UUID id, Model model) {
		Tenant tenant = this.tenancy.require(Role.VIEWER);
		Channel channel = this.channels.get(tenant, id);
		model.addAttribute("form", ConnectForm.of(channel));
		model.addAttribute("slotsForm", slotsForm(tenant, channel));
		return channelPage(tenant, channel, model);
	}

	@PostMapping("/{id}/reconnect")
	String reconnect(@PathVariable UUID id, @ModelAttribute("form") ConnectForm form, Model model,
			HttpServletRequest request, RedirectAttributes redirect) {
		Tenant tenant = this.tenancy.require(Role.ADMIN);
		Channel channel = this.channels.get(tenant, id);
		Connection connection;
		try {
			connection = this.connector.connect(tenant, channel.brandId(), channel.platform(), form.request(), channel,
					RequestOrigin.of(request));
		}
		catch (ApiError error) {
			FormErrors.show(model, error);
			model.addAttribute("form", form.withoutSecrets());
			model.addAttribute("slotsForm", slotsForm(tenant, channel));
			model.addAttribute("reconnectOpen", true);
			return channelPage(tenant, channel, model);
		}
		return connected(tenant, connection, model, redirect, "reconnected");
	}

	@PostMapping("/{id}/disconnect")
	String disconnect(@PathVariable UUID id, HttpServletRequest request, RedirectAttributes redirect) {
		Tenant tenant = this.tenancy.require(Role.ADMIN);
		Channel channel = this.channels.get(tenant, id);
		this.channels.disconnect(tenant, id, RequestOrigin.of(request));
		redirect.addFlashAttribute("notice",
				label(channel) + " is disconnected: its tokens are deleted and its scheduled posts will fail.");
		return "redirect:/channels";
	}

	@PostMapping("/{id}/slots")
	String slots(@PathVariable UUID id, @ModelAttribute("slotsForm") SlotsForm form, Model model,
			RedirectAttributes redirect) {
		Tenant tenant = this.tenancy.require(Role.ADMIN);
		Channel channel = this.channels.get(tenant, id);
		try {
			this.channels.replaceSlots(tenant, id, (form.timezone() != null) ? form.timezone() : "", form.slots());
		}
		catch (ApiError error) {
			FormErrors.show(model, error);
			model.addAttribute("form", ConnectForm.of(channel));
			return channelPage(tenant, channel, model);
		}
		redirect.addFlashAttribute("notice", "The posting slots of " + label(channel) + " are saved.");
		return "redirect:/channels/" + id;
	}

	/** One more blank slot row, for the slot editor's "Add a slot" button. */
	@GetMapping("/slot-row")
	String slotRow(Model model) {
		model.addAttribute("days", DayOfWeek.values());
		return "channel/channel :: slotRow";
	}

	private String connected(Tenant tenant, Connection connection, Model model, RedirectAttributes redirect,
			String verb) {
		if (connection.authorizationUrl() != null) {
			// the platform's own page asks the user; its callback finishes the connect
			return "redirect:" + connection.authorizationUrl();
		}
		Channel channel = java.util.Objects.requireNonNull(connection.channel());
		if (connection.signingSecret() != null) {
			// shown in this answer only: the secret is stored sealed and never shown
			// again
			model.addAttribute("signingSecret", connection.signingSecret());
			model.addAttribute("notice", label(channel) + " is " + verb + ".");
			model.addAttribute("form", ConnectForm.of(channel));
			model.addAttribute("slotsForm", slotsForm(tenant, channel));
			return channelPage(tenant, channel, model);
		}
		redirect.addFlashAttribute("notice", label(channel) + " is " + verb + ".");
		return "redirect:/channels/" + channel.id();
	}

	private String connectPage(Tenant tenant, UUID brandId, @Nullable PlatformKind failed, Model model) {
		Brand brand = this.brands.find(tenant.workspaceId(), brandId).orElseThrow(() -> ApiError.notFound("Brand"));
		model.addAttribute("brand", brand);
		model.addAttribute("platforms", this.connector.platforms());
		model.addAttribute("failed", (failed != null) ? failed.name() : null);
		return "channel/connect";
	}

	private String channelPage(Tenant tenant, Channel channel, Model model) {
		model.addAttribute("channel", channel);
		model.addAttribute("brand", this.brands.find(tenant.workspaceId(), channel.brandId()).orElse(null));
		model.addAttribute("platform", info(channel.platform()));
		model.addAttribute("days", DayOfWeek.values());
		model.addAttribute("zones", TimeZones.ALL);
		model.addAttribute("live", channel.status() != ChannelStatus.DISCONNECTED);
		return "channel/channel";
	}

	private SlotsForm slotsForm(Tenant tenant, Channel channel) {
		List<Slot> slots = this.channels.slots(tenant, channel.id());
		return new SlotsForm(channel.slotTimezone(), slots.stream().map((s) -> s.day().name()).toList(),
				slots.stream().map((s) -> s.time().toString()).toList());
	}

	private PlatformInfo info(PlatformKind kind) {
		return this.connector.platforms()
			.stream()
			.filter((p) -> p.platform() == kind)
			.findFirst()
			.orElseThrow(() -> ApiError.notFound("Platform"));
	}

	static String label(Channel channel) {
		String platform = channel.platform().name().charAt(0)
				+ channel.platform().name().substring(1).toLowerCase(Locale.ROOT);
		return platform + " " + ((channel.displayName() != null) ? channel.displayName() : channel.username());
	}

}
