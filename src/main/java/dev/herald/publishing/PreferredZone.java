package dev.herald.publishing;

import java.time.ZoneId;

import dev.herald.identity.Users;
import dev.herald.workspace.Tenant;

import org.springframework.stereotype.Component;

/**
 * The time zone the composer plans in and the calendar shows: the user's own zone, or the
 * workspace's when the user never chose one (every account starts in UTC, so a team in
 * Paris would otherwise plan in UTC until each member changed their profile).
 */
@Component
public class PreferredZone {

	private final Users users;

	PreferredZone(Users users) {
		this.users = users;
	}

	public ZoneId of(Tenant tenant) {
		String mine = this.users.find(tenant.userId()).map((user) -> user.timezone()).orElse("UTC");
		String zone = "UTC".equals(mine) ? tenant.policy().defaultTimezone() : mine;
		try {
			return ZoneId.of(zone);
		}
		catch (RuntimeException unknown) {
			return ZoneId.of("UTC");
		}
	}

}
