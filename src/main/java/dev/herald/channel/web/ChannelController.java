package dev.herald.channel.web;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.herald.channel.Channel;
import dev.herald.channel.internal.ChannelConnector;
import dev.herald.channel.internal.ChannelService;
import dev.herald.channel.internal.MastodonConnect;
import dev.herald.channel.internal.ChannelService.Slot;
import dev.herald.common.ApiError;
import dev.herald.common.ApiResponse;
import dev.herald.common.Ids;
import dev.herald.common.RequestOrigin;
import dev.herald.platform.PlatformKind;
import dev.herald.workspace.Role;
import dev.herald.workspace.Tenancy;
import dev.herald.workspace.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/brands/{brandId}/channels} and {@code /api/v1/channels}: connecting,
 * listing, reconnecting and disconnecting a brand's social accounts, and their posting
 * slots. Tokens never appear in an answer; a webhook's signing secret appears once, when
 * it is made.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = "application/json")
@Tag(name = "Channels")
class ChannelController {

	private final ChannelService channels;

	private final ChannelConnector connector;

	private final MastodonConnect mastodon;

	private final Tenancy tenancy;

	ChannelController(ChannelService channels, ChannelConnector connector, MastodonConnect mastodon, Tenancy tenancy) {
		this.channels = channels;
		this.connector = connector;
		this.mastodon = mastodon;
		this.tenancy = tenancy;
	}

	@GetMapping("/brands/{brandId}/channels")
	@Operation(summary = "A brand's channels (disconnected ones with ?all=true)")
	ApiResponse<List<Channel>> list(@PathVariable String brandId, @RequestParam(defaultValue = "false") boolean all) {
		return ApiResponse.of(this.channels.list(this.tenancy.require(Role.VIEWER), Ids.parse(brandId, "Brand"), all));
	}

	@PostMapping(path = "/brands/{brandId}/channels/connect/{platform}", consumes = "application/json")
	@Operation(summary = "Connect an account (ADMIN): webhook {url, name}, bluesky {identifier, appPassword, pds}, "
			+ "mastodon {instance} (answers the authorization URL to send the user to) or {instance, accessToken}")
	ResponseEntity<ApiResponse<ChannelConnector.Connection>> connect(@PathVariable String brandId,
			@PathVariable String platform, @Valid @RequestBody ChannelConnector.ConnectRequest body,
			HttpServletRequest request) {
		Tenant tenant = this.tenancy.require(Role.ADMIN);
		ChannelConnector.Connection connection = this.connector.connect(tenant, Ids.parse(brandId, "Brand"),
				platform(platform), body, null, RequestOrigin.of(request));
		return ResponseEntity.status((connection.channel() != null) ? HttpStatus.CREATED : HttpStatus.OK)
			.body(ApiResponse.of(connection));
	}

	/**
	 * Where a platform sends the user back after authorizing Herald: finishes the connect
	 * and sends the browser to the dashboard's channels page, which says how it went.
	 */
	@GetMapping("/channels/callback/{platform}")
	@Operation(summary = "OAuth callback of a platform (opened by the user's browser, authenticated by its state)")
	ResponseEntity<Void> callback(@PathVariable String platform, @RequestParam(required = false) @Nullable String code,
			@RequestParam(required = false) @Nullable String state,
			@RequestParam(required = false) @Nullable String error) {
		String target;
		if (platform(platform) != PlatformKind.MASTODON) {
			throw ApiError.notFound("Platform");
		}
		if (error != null || code == null || state == null) {
			target = "/channels?error=" + encode((error != null) ? "The instance answered: " + error
					: "The instance sent no authorization code: connect the account again");
		}
		else {
			try {
				target = "/channels?connected=" + this.mastodon.finish(state, code).id();
			}
			catch (ApiError ex) {
				String message = ex.details().isEmpty() ? ex.getMessage() : ex.details().getFirst().message();
				target = "/channels?error=" + encode(message);
			}
		}
		return ResponseEntity.status(HttpStatus.FOUND).location(java.net.URI.create(target)).build();
	}

	private static String encode(String text) {
		return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
	}

	@GetMapping("/channels/{id}")
	@Operation(summary = "A channel")
	ApiResponse<Channel> get(@PathVariable String id) {
		return ApiResponse.of(this.channels.get(this.tenancy.require(Role.VIEWER), Ids.parse(id, "Channel")));
	}

	@PostMapping(path = "/channels/{id}/reconnect", consumes = "application/json")
	@Operation(summary = "Connect a channel's account again (ADMIN), with the same body as its connect")
	ApiResponse<ChannelConnector.Connection> reconnect(@PathVariable String id,
			@Valid @RequestBody ChannelConnector.ConnectRequest body, HttpServletRequest request) {
		Tenant tenant = this.tenancy.require(Role.ADMIN);
		Channel channel = this.channels.get(tenant, Ids.parse(id, "Channel"));
		return ApiResponse.of(this.connector.connect(tenant, channel.brandId(), channel.platform(), body, channel,
				RequestOrigin.of(request)));
	}

	@DeleteMapping("/channels/{id}")
	@Operation(summary = "Disconnect a channel (ADMIN): its tokens are deleted and its scheduled posts fail")
	ResponseEntity<Void> disconnect(@PathVariable String id, HttpServletRequest request) {
		this.channels.disconnect(this.tenancy.require(Role.ADMIN), Ids.parse(id, "Channel"), RequestOrigin.of(request));
		return ResponseEntity.noContent().build();
	}

	/**
	 * A channel's posting slots.
	 *
	 * @param timezone the IANA zone the times are in
	 * @param slots the slots, as {@code {"day": "MONDAY", "time": "09:30"}}
	 */
	record Slots(@NotNull @Size(max = 64) String timezone, @NotNull @Size(max = 100) List<SlotBody> slots) {
	}

	/**
	 * One slot.
	 *
	 * @param day the day of the week, {@code MONDAY} to {@code SUNDAY}
	 * @param time the local time, {@code HH:mm}
	 */
	record SlotBody(@Nullable String day, @Nullable String time) {
	}

	@GetMapping("/channels/{id}/slots")
	@Operation(summary = "A channel's recurring posting times (the queue)")
	ApiResponse<Slots> slots(@PathVariable String id) {
		Tenant tenant = this.tenancy.require(Role.VIEWER);
		Channel channel = this.channels.get(tenant, Ids.parse(id, "Channel"));
		return ApiResponse.of(new Slots(channel.slotTimezone(),
				this.channels.slots(tenant, channel.id())
					.stream()
					.map((slot) -> new SlotBody(slot.day().name(), slot.time().toString()))
					.toList()));
	}

	@PutMapping(path = "/channels/{id}/slots", consumes = "application/json")
	@Operation(summary = "Replace a channel's posting times (ADMIN)")
	ApiResponse<Slots> replaceSlots(@PathVariable String id, @Valid @RequestBody Slots body) {
		Tenant tenant = this.tenancy.require(Role.ADMIN);
		List<Slot> slots = new ArrayList<>();
		for (int i = 0; i < body.slots().size(); i++) {
			slots.add(slot(i, body.slots().get(i)));
		}
		this.channels.replaceSlots(tenant, Ids.parse(id, "Channel"), body.timezone(), slots);
		return slots(id);
	}

	private static Slot slot(int i, SlotBody body) {
		DayOfWeek day;
		try {
			day = DayOfWeek.valueOf(String.valueOf(body.day()).toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw ApiError.invalid("slots[" + i + "].day", "Must be one of MONDAY to SUNDAY");
		}
		try {
			return new Slot(day, LocalTime.parse(String.valueOf(body.time())));
		}
		catch (DateTimeParseException ex) {
			throw ApiError.invalid("slots[" + i + "].time", "Must be a time of day like 09:30");
		}
	}

	static PlatformKind platform(String platform) {
		try {
			return PlatformKind.valueOf(platform.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw ApiError.notFound("Platform");
		}
	}

	@GetMapping("/platforms")
	@Operation(summary = "The platforms Herald publishes to, and how each is connected")
	ApiResponse<List<ChannelConnector.PlatformInfo>> platforms() {
		return ApiResponse.of(this.connector.platforms());
	}

}
