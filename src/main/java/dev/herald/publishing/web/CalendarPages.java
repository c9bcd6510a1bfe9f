package dev.herald.publishing.web;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import dev.herald.channel.Channel;
import dev.herald.channel.Channels;
import dev.herald.common.ApiError;
import dev.herald.common.ErrorCode;
import dev.herald.common.web.FormErrors;
import dev.herald.common.web.TimeZones;
import dev.herald.publishing.Post;
import dev.herald.publishing.PreferredZone;
import dev.herald.publishing.PostStatus;
import dev.herald.publishing.internal.PostService;
import dev.herald.publishing.internal.PostService.CalendarEntry;
import dev.herald.publishing.internal.PostService.PostDraft;
import dev.herald.workspace.Brands;
import dev.herald.workspace.Role;
import dev.herald.workspace.Tenancy;
import dev.herald.workspace.Tenant;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The calendar (FullCalendar): posts in the user's time zone, filtered by brand, channel
 * and status, moved by dragging. Its events come from {@code /calendar/events} and a drop
 * goes to {@code /calendar/move}, both with the dashboard's session and CSRF token;
 * refusals answer {@code {"message": ...}} for the page to show.
 *
 * <p>
 * FullCalendar without a time-zone plugin keeps each event at the wall time its ISO
 * offset says; the events are given in the calendar's zone, so that wall time is the
 * zone's, and a dropped event's wall time is read back in the same zone.
 */
@Controller
class CalendarPages {

	private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

	private static final DateTimeFormatter WALL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

	private final PostService posts;

	private final Brands brands;

	private final Channels channels;

	private final PreferredZone zones;

	private final Tenancy tenancy;

	private final Clock clock;

	CalendarPages(PostService posts, Brands brands, Channels channels, PreferredZone zones, Tenancy tenancy,
			Clock clock) {
		this.posts = posts;
		this.brands = brands;
		this.channels = channels;
		this.zones = zones;
		this.tenancy = tenancy;
		this.clock = clock;
	}

	/**
	 * A post as FullCalendar reads an event.
	 *
	 * @param id the post
	 * @param title the start of its text
	 * @param start when, with the calendar zone's offset
	 * @param url its detail page
	 * @param editable whether it can be dragged
	 * @param classNames its status, for its color
	 * @param extendedProps its status and platforms, for the tooltip
	 */
	record Event(String id, String title, String start, String url, boolean editable, List<String> classNames,
			Map<String, Object> extendedProps) {
	}

	/**
	 * What the page shows after a move: what was done, or why not.
	 *
	 * @param message what happened, or what went wrong and what to do
	 */
	record Message(String message) {
	}

	@GetMapping("/calendar")
	String calendar(@RequestParam(required = false) @Nullable String timeZone,
			@RequestParam(required = false) @Nullable String brandId,
			@RequestParam(required = false) @Nullable String channelId,
			@RequestParam(required = false) @Nullable String status, Model model) {
		Tenant tenant = this.tenancy.require(Role.VIEWER);
		ZoneId zone = this.zones.of(tenant);
		if (timeZone != null && TimeZones.ALL.contains(timeZone)) {
			zone = ZoneId.of(timeZone);
		}
		List<Channel> live = this.channels.listLive(tenant.workspaceId());
		model.addAttribute("brands", this.brands.list(tenant.workspaceId()));
		model.addAttribute("channels", live);
		model.addAttribute("statuses", PostStatus.values());
		model.addAttribute("calendarZone", zone.getId());
		model.addAttribute("zones", TimeZones.ALL);
		// the server's clock, so that "today" is the day Herald publishes by
		model.addAttribute("now", WALL.format(Instant.now(this.clock).atZone(zone)));
		model.addAttribute("editable", tenant.role().atLeast(Role.MEMBER));
		// the filters as they were when the time zone was changed (a page reload)
		model.addAttribute("brandId", (brandId != null) ? brandId : "");
		model.addAttribute("channelId", (channelId != null) ? channelId : "");
		model.addAttribute("status", (status != null) ? status : "");
		return "publishing/calendar";
	}

	@GetMapping(path = "/calendar/events", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	ResponseEntity<?> events(@RequestParam String start, @RequestParam String end,
			@RequestParam(required = false) @Nullable String timeZone,
			@RequestParam(required = false) @Nullable String brandId,
			@RequestParam(required = false) @Nullable String channelId,
			@RequestParam(required = false) @Nullable String status) {
		try {
			Tenant tenant = this.tenancy.require(Role.VIEWER);
			ZoneId zone = (timeZone != null && !timeZone.isBlank()) ? zone(timeZone) : this.zones.of(tenant);
			boolean movable = tenant.role().atLeast(Role.MEMBER);
			List<CalendarEntry> entries = this.posts.calendar(tenant, bound("start", start, zone),
					bound("end", end, zone), zone, id("brandId", brandId), id("channelId", channelId), status(status));
			return ResponseEntity.ok(entries.stream().map((entry) -> event(entry, movable)).toList());
		}
		catch (ApiError error) {
			return refusal(error);
		}
	}

	/**
	 * Moves a post to a new time: a scheduled post is scheduled again (its channels
	 * included), any other gets a new planned time.
	 */
	@PostMapping(path = "/calendar/move", produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseBody
	ResponseEntity<?> move(@RequestParam String id, @RequestParam String start, @RequestParam String timeZone) {
		try {
			Tenant tenant = this.tenancy.require(Role.MEMBER);
			UUID postId = java.util.Objects.requireNonNull(id("id", id));
			ZoneId zone = zone(timeZone);
			Instant at;
			try {
				at = LocalDateTime.parse(start.substring(0, Math.min(19, start.length()))).atZone(zone).toInstant();
			}
			catch (RuntimeException ex) {
				throw ApiError.invalid("start", "Must be a date and time");
			}
			if (at.isBefore(Instant.now(this.clock))) {
				throw ApiError.invalid("start", "A post can only move to a time still ahead");
			}
			Post post = this.posts.get(tenant, postId);
			Post moved = (post.status() == PostStatus.SCHEDULED) ? this.posts.schedule(tenant, postId, at, null)
					: this.posts.update(tenant, postId,
							new PostDraft(null, null, null, null, null, null, null, null, at, null));
			return ResponseEntity.ok(new Message("Moved to " + PostPages.when(moved) + "."));
		}
		catch (ApiError error) {
			if (error.code() == ErrorCode.NOT_FOUND) {
				// deleted by someone else since the calendar was loaded
				return ResponseEntity.status(error.code().status())
					.body(new Message("This post no longer exists: reload the calendar."));
			}
			return refusal(error);
		}
	}

	private static Event event(CalendarEntry entry, boolean movable) {
		String status = entry.status().name();
		return new Event(entry.id().toString(), entry.title(), OFFSET.format(entry.start()), "/posts/" + entry.id(),
				movable && entry.editable(), List.of("status-" + status.toLowerCase(Locale.ROOT)),
				Map.of("status", status, "statusLabel", PostPages.label(entry.status()), "platforms",
						entry.platforms().stream().map(Enum::name).toList()));
	}

	private static ResponseEntity<Message> refusal(ApiError error) {
		String message = (error.code() == ErrorCode.VALIDATION_ERROR && error.details().size() > 1)
				? String.join(" ", error.details().stream().map((d) -> d.message()).toList())
				: FormErrors.message(error);
		return ResponseEntity.status(error.code().status()).body(new Message(message));
	}

	/**
	 * A calendar bound as FullCalendar sends it: a date, a wall time in the calendar's
	 * zone (a named zone without a plugin), or a time with an offset.
	 */
	private static Instant bound(String field, String text, ZoneId zone) {
		try {
			if (text.length() == 10) {
				return LocalDate.parse(text).atStartOfDay(zone).toInstant();
			}
			if (text.length() == 19) {
				return LocalDateTime.parse(text).atZone(zone).toInstant();
			}
			return OffsetDateTime.parse(text).toInstant();
		}
		catch (RuntimeException ex) {
			throw ApiError.invalid(field, "Must be a date or a date-time");
		}
	}

	private static ZoneId zone(String zone) {
		try {
			return ZoneId.of(zone.strip());
		}
		catch (RuntimeException ex) {
			throw ApiError.invalid("timeZone", "Not an IANA time zone, like Europe/Paris");
		}
	}

	private static @Nullable UUID id(String field, @Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return UUID.fromString(value.strip());
		}
		catch (IllegalArgumentException ex) {
			throw ApiError.invalid(field, "Is not an id");
		}
	}

	private static @Nullable PostStatus status(@Nullable String status) {
		if (status == null || status.isBlank()) {
			return null;
		}
		try {
			return PostStatus.valueOf(status.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw ApiError.invalid("status", "Must be one of " + List.of(PostStatus.values()));
		}
	}

}
