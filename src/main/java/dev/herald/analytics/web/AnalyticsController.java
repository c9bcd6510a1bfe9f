package dev.herald.analytics.web;

import dev.herald.analytics.internal.MetricsSync;
import dev.herald.common.ApiResponse;
import dev.herald.workspace.Role;
import dev.herald.workspace.Tenancy;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/analytics}: reading the counts of published posts now.
 */
@RestController
@Tag(name = "Analytics")
class AnalyticsController {

	private final MetricsSync sync;

	private final Tenancy tenancy;

	AnalyticsController(MetricsSync sync, Tenancy tenancy) {
		this.sync = sync;
		this.tenancy = tenancy;
	}

	@PostMapping(path = "/api/v1/analytics/sync", produces = "application/json")
	@Operation(summary = "Read the counts of the workspace's posts of the last 30 days from their platforms now, "
			+ "instead of waiting for the next sync (ADMIN)")
	ApiResponse<MetricsSync.SyncReport> sync() {
		return ApiResponse.of(this.sync.sync(this.tenancy.require(Role.ADMIN).workspaceId()));
	}

}
