package dev.herald.audit.web;

import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.herald.audit.AuditEntry;
import dev.herald.audit.internal.AuditLog;
import dev.herald.common.CursorPage;
import dev.herald.identity.UserProfile;
import dev.herald.identity.Users;
import dev.herald.workspace.Role;
import dev.herald.workspace.Tenancy;
import dev.herald.workspace.Tenant;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /app/audit}: the current workspace's audit log, newest first, for its admins.
 */
@Controller
class AuditPages {

	private final AuditLog log;

	private final Tenancy tenancy;

	private final Users users;

	AuditPages(AuditLog log, Tenancy tenancy, Users users) {
		this.log = log;
		this.tenancy = tenancy;
		this.users = users;
	}

	@GetMapping("/app/audit")
	String audit(@RequestParam(required = false) @Nullable String cursor, Model model) {
		Tenant tenant = this.tenancy.require(Role.ADMIN);
		CursorPage<AuditEntry> page = this.log.forWorkspace(tenant.workspaceId(),
				CursorPage.PageRequest.of(cursor, 50));
		Map<UUID, String> actors = this.users.findAll(
				page.items().stream().map(AuditEntry::actorId).filter(java.util.Objects::nonNull).distinct().toList())
			.stream()
			.collect(Collectors.toMap(UserProfile::id, UserProfile::name, (a, b) -> a));
		model.addAttribute("entries", page.items());
		model.addAttribute("actors", actors);
		model.addAttribute("nextCursor", page.nextCursor());
		return "audit/log";
	}

}
