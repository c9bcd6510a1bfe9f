package dev.herald.workspace;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.herald.IntegrationTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * API keys: created by admins, shown once, usable as Bearer, capped by scope, revocable.
 */
class ApiKeyIntegrationTests extends IntegrationTestSupport {

	private Session owner;

	private UUID workspace;

	@BeforeEach
	void workspaceWithOwner() throws Exception {
		this.owner = signUp("Kim");
		this.workspace = createWorkspace(this.owner, "Keys");
	}

	@Test
	void aKeyIsShownOnceAndWorksAsBearer() throws Exception {
		String key = create("CI", List.of("READ", "WRITE"));
		assertThat(key).startsWith("hk_");
		JsonNode listed = body(this.mvc.perform(as(this.owner.accessToken(), get("/api/v1/api-keys"))).andReturn())
			.get("data");
		assertThat(listed).hasSize(1);
		assertThat(listed.toString()).doesNotContain(key.substring(key.lastIndexOf('_') + 1));
		assertThat(key).startsWith(listed.get(0).get("prefix").asString());
		this.mvc.perform(from(get("/api/v1/brands")).header("Authorization", "Bearer " + key))
			.andExpect(status().isOk());
		this.mvc.perform(from(get("/api/v1/workspaces")).header("Authorization", "Bearer " + key))
			.andExpect(jsonPath("$.data.length()").value(1))
			.andExpect(jsonPath("$.data[0].id").value(this.workspace.toString()));
	}

	@Test
	void scopesCapWhatAKeyMayDo() throws Exception {
		String readOnly = create("Reader", List.of("READ"));
		this.mvc
			.perform(json(post("/api/v1/brands"), Map.of("name", "Nope")).header("Authorization", "Bearer " + readOnly))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.error.message", startsWith("This needs the ADMIN role")));
		String admin = create("Admin", List.of("ADMIN"));
		this.mvc.perform(json(post("/api/v1/brands"), Map.of("name", "Yes")).header("Authorization", "Bearer " + admin))
			.andExpect(status().isCreated());
	}

	@Test
	void keysCannotManageSignInSessionsOrKeys() throws Exception {
		String key = create("Robot", List.of("ADMIN"));
		this.mvc.perform(from(get("/api/v1/users/me/sessions")).header("Authorization", "Bearer " + key))
			.andExpect(status().isForbidden());
		this.mvc.perform(from(get("/api/v1/api-keys")).header("Authorization", "Bearer " + key))
			.andExpect(status().isForbidden());
		this.mvc.perform(from(post("/api/v1/auth/2fa/setup")).header("Authorization", "Bearer " + key))
			.andExpect(status().isForbidden());
		this.mvc
			.perform(json(post("/api/v1/workspaces"), Map.of("name", "Other")).header("Authorization", "Bearer " + key))
			.andExpect(status().isForbidden());
	}

	@Test
	void revokedExpiredAndForgedKeysAreRefused() throws Exception {
		String key = create("Temp", List.of("READ"));
		String id = body(this.mvc.perform(as(this.owner.accessToken(), get("/api/v1/api-keys"))).andReturn())
			.get("data")
			.get(0)
			.get("id")
			.asString();
		this.mvc
			.perform(from(get("/api/v1/brands")).header("Authorization",
					"Bearer " + key.substring(0, key.length() - 2) + "xx"))
			.andExpect(status().isUnauthorized());
		this.mvc.perform(as(this.owner.accessToken(), delete("/api/v1/api-keys/" + id)))
			.andExpect(status().isNoContent());
		this.mvc.perform(from(get("/api/v1/brands")).header("Authorization", "Bearer " + key))
			.andExpect(status().isUnauthorized());
		String expiring = body(this.mvc
			.perform(as(this.owner.accessToken(), post("/api/v1/api-keys"),
					Map.of("name", "Short", "scopes", List.of("READ"), "expiresAt",
							this.clock.instant().plus(Duration.ofHours(1)).toString())))
			.andExpect(status().isCreated())
			.andReturn()).get("data").get("secret").asString();
		this.mvc.perform(from(get("/api/v1/brands")).header("Authorization", "Bearer " + expiring))
			.andExpect(status().isOk());
		this.clock.advance(Duration.ofHours(2));
		this.mvc.perform(from(get("/api/v1/brands")).header("Authorization", "Bearer " + expiring))
			.andExpect(status().isUnauthorized());
	}

	@Test
	void onlyAdminsManageKeysAndOnlyTheirWorkspaces() throws Exception {
		Session member = join(this.owner, this.workspace, "Mo", "MEMBER");
		this.mvc
			.perform(as(member.accessToken(), post("/api/v1/api-keys"),
					Map.of("name", "Mine", "scopes", List.of("READ"))))
			.andExpect(status().isForbidden());
		this.mvc
			.perform(as(this.owner.accessToken(), post("/api/v1/api-keys"),
					Map.of("name", "Empty", "scopes", List.of())))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.error.details[0].field").value("scopes"));
		this.mvc
			.perform(as(this.owner.accessToken(), post("/api/v1/api-keys"),
					Map.of("name", "Bad", "scopes", List.of("ROOT"))))
			.andExpect(status().isUnprocessableContent());
		create("Victim", List.of("READ"));
		String id = body(this.mvc.perform(as(this.owner.accessToken(), get("/api/v1/api-keys"))).andReturn())
			.get("data")
			.get(0)
			.get("id")
			.asString();
		Session outsider = signUp("Out");
		createWorkspace(outsider, "Outside");
		this.mvc.perform(as(outsider.accessToken(), delete("/api/v1/api-keys/" + id))).andExpect(status().isNotFound());
		this.mvc.perform(from(get("/api/v1/api-keys"))).andExpect(status().isUnauthorized());
	}

	@Test
	void aRemovedMembersKeysStopWorking() throws Exception {
		Session admin = join(this.owner, this.workspace, "Al", "ADMIN");
		String key = body(this.mvc
			.perform(as(admin.accessToken(), post("/api/v1/api-keys"),
					Map.of("name", "Al's", "scopes", List.of("READ"))))
			.andExpect(status().isCreated())
			.andReturn()).get("data").get("secret").asString();
		this.mvc.perform(from(get("/api/v1/brands")).header("Authorization", "Bearer " + key))
			.andExpect(status().isOk());
		this.mvc
			.perform(as(this.owner.accessToken(),
					delete("/api/v1/workspaces/" + this.workspace + "/members/" + admin.userId())))
			.andExpect(status().isNoContent());
		this.mvc.perform(from(get("/api/v1/brands")).header("Authorization", "Bearer " + key))
			.andExpect(status().isUnauthorized());
	}

	private String create(String name, List<String> scopes) throws Exception {
		return body(this.mvc
			.perform(as(this.owner.accessToken(), post("/api/v1/api-keys"), Map.of("name", name, "scopes", scopes)))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.data.key.name").value(name))
			.andReturn()).get("data").get("secret").asString();
	}

}
