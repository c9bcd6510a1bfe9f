package dev.herald.audit;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.herald.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The audit log records sensitive actions with who, where from and when; admins read it.
 */
class AuditIntegrationTests extends IntegrationTestSupport {

	@Test
	void recordsWorkspaceActionsForAdminsToRead() throws Exception {
		Session owner = signUp("Audra");
		UUID workspace = createWorkspace(owner, "Audited");
		this.mvc.perform(as(owner.accessToken(), post("/api/v1/brands"), Map.of("name", "Logged")))
			.andExpect(status().isCreated());
		Session viewer = join(owner, workspace, "Val", "VIEWER");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode log = body(
					this.mvc.perform(as(owner.accessToken(), get("/api/v1/workspaces/" + workspace + "/audit-log")))
						.andExpect(status().isOk())
						.andReturn())
				.get("data");
			assertThat(log.findValuesAsString("action")).contains("workspace.created", "brand.created",
					"member.invited", "member.joined");
			JsonNode created = log.get(log.size() - 1);
			assertThat(created.get("actorId").asString()).isEqualTo(owner.userId().toString());
			assertThat(created.get("ip").asString()).isEqualTo(this.clientIp);
		});
		this.mvc.perform(as(viewer.accessToken(), get("/api/v1/workspaces/" + workspace + "/audit-log")))
			.andExpect(status().isForbidden());
		this.mvc.perform(from(get("/api/v1/workspaces/" + workspace + "/audit-log")))
			.andExpect(status().isUnauthorized());
	}

}
