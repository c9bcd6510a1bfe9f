package dev.herald.workspace.web;

import java.time.ZoneId;
import java.util.List;

/**
 * The IANA time zones offered in the pages' time-zone pickers, by name.
 */
final class Zones {

	static final List<String> ALL = ZoneId.getAvailableZoneIds()
		.stream()
		.filter((zone) -> zone.equals("UTC")
				|| zone.matches("(Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)/.+"))
		.sorted()
		.toList();

	private Zones() {
	}

}
