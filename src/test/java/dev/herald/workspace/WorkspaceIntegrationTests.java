package dev.herald.workspace;

import java.util.Map;
import java.util.UUID;

import dev.herald.IntegrationTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Workspaces, switching, roles, invitations, ownership, and tenant isolation.
 */
class WorkspaceIntegrationTests extends IntegrationTestSupport {

	@Test
	void createsListsRenamesAndSwitchesWorkspaces() throws Exception {
		Session owner = signUp("Wanda");
		UUID first = createWorkspace(owner, "Agency One");
		UUID second = createWorkspace(owner, "Agency Two");
		JsonNode list = body(this.mvc.perform(as(owner.accessToken(), get("/api/v1/workspaces"))).andReturn())
			.get("data");
		assertThat(list).hasSize(2);
		assertThat(list.get(0).get("id").asString()).isEqualTo(second.toString());
		assertThat(list.get(0).get("role").asString()).isEqualTo("OWNER");
		assertThat(list.get(0).get("slug").asString()).isEqualTo("agency-two");
		this.mvc.perform(as(owner.accessToken(), post("/api/v1/workspaces/" + first + "/switch")))
			.andExpect(status().isOk());
		assertThat(body(this.mvc.perform(as(owner.accessToken(), get("/api/v1/workspaces"))).andReturn()).get("data")
			.get(0)
			.get("id")
			.asString()).isEqualTo(first.toString());
		this.mvc
			.perform(as(owner.accessToken(), patch("/api/v1/workspaces/" + first),
					Map.of("name", "Agency Uno", "defaultTimezone", "America/New_York", "approvalRequired", true)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.data.name").value("Agency Uno"))
			.andExpect(jsonPath("$.data.defaultTimezone").value("America/New_York"))
			.andExpect(jsonPath("$.data.approvalRequired").value(true));
		this.mvc
			.perform(
					as(owner.accessToken(), patch("/api/v1/workspaces/" + first), Map.of("defaultTimezone", "Nowhere")))
			.andExpect(status().isUnprocessableContent());
		this.mvc.perform(as(owner.accessToken(), post("/api/v1/workspaces"), Map.of("name", " ")))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.error.details[0].field").value("name"));
		this.mvc.perform(json(post("/api/v1/workspaces"), Map.of("name", "x"))).andExpect(status().isUnauthorized());
	}

	@Test
	void anotherWorkspaceAnswersNotFoundNeverForbidden() throws Exception {
		Session alice = signUp("Alice");
		Session mallory = signUp("Mallory");
		UUID aliceWorkspace = createWorkspace(alice, "Alice Inc");
		createWorkspace(mallory, "Mallory Ltd");
		for (var request : new org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder[] {
				get("/api/v1/workspaces/" + aliceWorkspace), get("/api/v1/workspaces/" + aliceWorkspace + "/members"),
				get("/api/v1/workspaces/" + aliceWorkspace + "/audit-log"),
				post("/api/v1/workspaces/" + aliceWorkspace + "/switch") }) {
			this.mvc.perform(as(mallory.accessToken(), request))
				.andExpect(status().isNotFound())
				.andExpect(jsonPath("$.error.code").value("NOT_FOUND"));
		}
		this.mvc
			.perform(as(mallory.accessToken(), patch("/api/v1/workspaces/" + aliceWorkspace), Map.of("name", "Pwned")))
			.andExpect(status().isNotFound());
		this.mvc.perform(
				as(mallory.accessToken(), get("/api/v1/brands")).header("X-Workspace-Id", aliceWorkspace.toString()))
			.andExpect(status().isNotFound());
		this.mvc.perform(as(mallory.accessToken(), get("/api/v1/workspaces/not-a-uuid")))
			.andExpect(status().isNotFound());
	}

	@Test
	void invitesSomeoneWithoutAnAccountWhoJoinsWithTheirRole() throws Exception {
		Session owner = signUp("Ivy");
		UUID workspace = createWorkspace(owner, "Invites");
		String email = uniqueEmail("newcomer");
		this.mvc
			.perform(as(owner.accessToken(), post("/api/v1/workspaces/" + workspace + "/members"),
					Map.of("email", email, "role", "MEMBER")))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.data.email").value(email));
		String token = linkToken(email, "/invitations/");
		this.mvc.perform(from(get("/api/v1/invitations/" + token)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.data.workspaceName").value("Invites"))
			.andExpect(jsonPath("$.data.role").value("MEMBER"))
			.andExpect(jsonPath("$.data.accountExists").value(false));
		this.mvc.perform(json(post("/api/v1/invitations/" + token + "/accept"), Map.of()))
			.andExpect(status().isUnprocessableContent());
		JsonNode accepted = body(this.mvc
			.perform(json(post("/api/v1/invitations/" + token + "/accept"),
					Map.of("name", "Newcomer", "password", PASSWORD)))
			.andExpect(status().isOk())
			.andReturn()).get("data");
		assertThat(accepted.get("workspace").get("role").asString()).isEqualTo("MEMBER");
		String newcomer = accepted.get("tokens").get("accessToken").asString();
		this.mvc.perform(as(newcomer, get("/api/v1/brands"))).andExpect(status().isOk());
		this.mvc.perform(as(newcomer, get("/api/v1/users/me")))
			.andExpect(jsonPath("$.data.emailVerifiedAt").isNotEmpty());
		this.mvc
			.perform(json(post("/api/v1/invitations/" + token + "/accept"),
					Map.of("name", "Again", "password", PASSWORD)))
			.andExpect(status().isNotFound());
		JsonNode members = body(
				this.mvc.perform(as(owner.accessToken(), get("/api/v1/workspaces/" + workspace + "/members")))
					.andReturn())
			.get("data");
		assertThat(members.findValuesAsString("email")).contains(email, owner.email());
	}

	@Test
	void anExistingUserAcceptsOnlyAsTheInvitedAddress() throws Exception {
		Session owner = signUp("Otto");
		UUID workspace = createWorkspace(owner, "Otto Co");
		Session invitee = signUp("Ingrid");
		Session other = signUp("Oliver");
		this.mvc
			.perform(as(owner.accessToken(), post("/api/v1/workspaces/" + workspace + "/members"),
					Map.of("email", invitee.email(), "role", "VIEWER")))
			.andExpect(status().isCreated());
		String token = linkToken(invitee.email(), "/invitations/");
		this.mvc.perform(as(other.accessToken(), post("/api/v1/invitations/" + token + "/accept")))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.error.message", containsString(invitee.email())));
		this.mvc
			.perform(json(post("/api/v1/invitations/" + token + "/accept"), Map.of("name", "I", "password", PASSWORD)))
			.andExpect(status().isConflict());
		this.mvc.perform(as(invitee.accessToken(), post("/api/v1/invitations/" + token + "/accept")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.data.workspace.role").value("VIEWER"));
		this.mvc
			.perform(as(owner.accessToken(), post("/api/v1/workspaces/" + workspace + "/members"),
					Map.of("email", invitee.email(), "role", "VIEWER")))
			.andExpect(status().isConflict());
	}

	@Test
	void enforcesRolesOnMembers() throws Exception {
		Session owner = signUp("Olga");
		UUID workspace = createWorkspace(owner, "Roles");
		Session admin = join(owner, workspace, "Adam", "ADMIN");
		Session member = join(owner, workspace, "Mia", "MEMBER");
		Session viewer = join(owner, workspace, "Vic", "VIEWER");
		String members = "/api/v1/workspaces/" + workspace + "/members";

		this.mvc.perform(as(viewer.accessToken(), get(members))).andExpect(status().isOk());
		this.mvc.perform(as(member.accessToken(), post(members), Map.of("email", uniqueEmail("x"), "role", "VIEWER")))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.error.message", containsString("ADMIN")));
		this.mvc.perform(as(admin.accessToken(), post(members), Map.of("email", uniqueEmail("x"), "role", "ADMIN")))
			.andExpect(status().isForbidden());
		this.mvc.perform(as(admin.accessToken(), post(members), Map.of("email", uniqueEmail("x"), "role", "MEMBER")))
			.andExpect(status().isCreated());
		this.mvc.perform(as(admin.accessToken(), patch(members + "/" + viewer.userId()), Map.of("role", "MEMBER")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.data.role").value("MEMBER"));
		this.mvc.perform(as(admin.accessToken(), patch(members + "/" + owner.userId()), Map.of("role", "VIEWER")))
			.andExpect(status().isConflict());
		this.mvc.perform(as(owner.accessToken(), patch(members + "/" + member.userId()), Map.of("role", "OWNER")))
			.andExpect(status().isUnprocessableContent());
		this.mvc.perform(as(member.accessToken(), delete(members + "/" + viewer.userId())))
			.andExpect(status().isForbidden());
		this.mvc.perform(as(admin.accessToken(), delete(members + "/" + viewer.userId())))
			.andExpect(status().isNoContent());
		this.mvc.perform(as(viewer.accessToken(), get(members))).andExpect(status().isNotFound());
		this.mvc.perform(as(member.accessToken(), delete(members + "/" + member.userId())))
			.andExpect(status().isNoContent());
		this.mvc.perform(as(owner.accessToken(), delete(members + "/" + owner.userId())))
			.andExpect(status().isConflict());
		this.mvc.perform(as(admin.accessToken(), patch("/api/v1/workspaces/" + workspace), Map.of("name", "Renamed")))
			.andExpect(status().isOk());
		this.mvc
			.perform(as(admin.accessToken(), delete("/api/v1/workspaces/" + workspace),
					Map.of("confirmName", "Renamed")))
			.andExpect(status().isForbidden());
	}

	@Test
	void transfersOwnershipAndDeletesWithConfirmation() throws Exception {
		Session owner = signUp("Tess");
		UUID workspace = createWorkspace(owner, "Handover");
		Session heir = join(owner, workspace, "Hugo", "MEMBER");
		this.mvc
			.perform(as(owner.accessToken(), post("/api/v1/workspaces/" + workspace + "/transfer-ownership"),
					Map.of("userId", UUID.randomUUID().toString())))
			.andExpect(status().isUnprocessableContent());
		this.mvc
			.perform(as(heir.accessToken(), post("/api/v1/workspaces/" + workspace + "/transfer-ownership"),
					Map.of("userId", heir.userId().toString())))
			.andExpect(status().isForbidden());
		this.mvc
			.perform(as(owner.accessToken(), post("/api/v1/workspaces/" + workspace + "/transfer-ownership"),
					Map.of("userId", heir.userId().toString())))
			.andExpect(status().isNoContent());
		this.mvc.perform(as(heir.accessToken(), get("/api/v1/workspaces/" + workspace)))
			.andExpect(jsonPath("$.data.role").value("OWNER"));
		this.mvc.perform(as(owner.accessToken(), get("/api/v1/workspaces/" + workspace)))
			.andExpect(jsonPath("$.data.role").value("ADMIN"));
		this.mvc
			.perform(as(heir.accessToken(), delete("/api/v1/workspaces/" + workspace),
					Map.of("confirmName", "handover")))
			.andExpect(status().isUnprocessableContent());
		this.mvc
			.perform(as(heir.accessToken(), delete("/api/v1/workspaces/" + workspace),
					Map.of("confirmName", "Handover")))
			.andExpect(status().isNoContent());
		this.mvc.perform(as(owner.accessToken(), get("/api/v1/workspaces/" + workspace)))
			.andExpect(status().isNotFound());
	}

	@Test
	void withdrawnInvitationsNoLongerWork() throws Exception {
		Session owner = signUp("Walt");
		UUID workspace = createWorkspace(owner, "Withdrawn");
		String email = uniqueEmail("maybe");
		JsonNode invitation = body(this.mvc
			.perform(as(owner.accessToken(), post("/api/v1/workspaces/" + workspace + "/members"),
					Map.of("email", email, "role", "MEMBER")))
			.andReturn()).get("data");
		String token = linkToken(email, "/invitations/");
		this.mvc.perform(as(owner.accessToken(), get("/api/v1/workspaces/" + workspace + "/invitations")))
			.andExpect(jsonPath("$.data[0].email").value(email));
		this.mvc
			.perform(as(owner.accessToken(),
					delete("/api/v1/workspaces/" + workspace + "/invitations/" + invitation.get("id").asString())))
			.andExpect(status().isNoContent());
		this.mvc.perform(from(get("/api/v1/invitations/" + token))).andExpect(status().isNotFound());
	}

}
