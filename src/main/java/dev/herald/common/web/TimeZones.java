package dev.herald.common.web;

import java.time.ZoneId;
import java.util.List;

/**
 * The IANA time zones offered in the pages' time-zone pickers, by name: every module's
 * pages (workspace settings, posting slots, the composer, the calendar) offer the same
 * list.
 */
public final class TimeZones {

	/** The zones, sorted by name. */
	public static final List<String> ALL = ZoneId.getAvailableZoneIds()
		.stream()
		.filter((zone) -> zone.equals("UTC")
				|| zone.matches("(Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)/.+"))
		.sorted()
		.toList();

	private TimeZones() {
	}

}
