package dev.herald.workspace;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.herald.IntegrationTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Brands: the full profile, validation, roles and tenant isolation, on every endpoint.
 */
class BrandIntegrationTests extends IntegrationTestSupport {

	private Session owner;

	private UUID workspace;

	@BeforeEach
	void workspaceWithOwner() throws Exception {
		this.owner = signUp("Bree");
		this.workspace = createWorkspace(this.owner, "Brands Inc");
	}

	@Test
	void createsReadsUpdatesAndDeletesTheFullProfile() throws Exception {
		JsonNode created = body(this.mvc.perform(as(this.owner.accessToken(), post("/api/v1/brands"),
				Map.of("name", "Sunny Bakery", "description", "Sourdough since 1999", "industry", "Food",
						"targetAudience", "Neighbours who love bread", "toneOfVoice", "warm, playful", "goals",
						Map.of("followers", 1000, "engagementRate", 0.05), "logoUrl", "https://example.com/logo.png",
						"defaultHashtags", List.of("#bakery", "sourdough"), "signature", "Baked with love")))
			.andExpect(status().isCreated())
			.andReturn()).get("data");
		String id = created.get("id").asString();
		assertThat(created.get("workspaceId").asString()).isEqualTo(this.workspace.toString());
		assertThat(created.get("defaultHashtags").toString()).isEqualTo("[\"bakery\",\"sourdough\"]");
		assertThat(created.get("goals").get("followers").asInt()).isEqualTo(1000);
		this.mvc.perform(as(this.owner.accessToken(), get("/api/v1/brands/" + id)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.data.toneOfVoice").value("warm, playful"));
		this.mvc
			.perform(as(this.owner.accessToken(), patch("/api/v1/brands/" + id),
					Map.of("industry", "Bakery", "signature", "")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.data.industry").value("Bakery"))
			.andExpect(jsonPath("$.data.signature").isEmpty())
			.andExpect(jsonPath("$.data.description").value("Sourdough since 1999"));
		this.mvc.perform(as(this.owner.accessToken(), delete("/api/v1/brands/" + id)))
			.andExpect(status().isNoContent());
		this.mvc.perform(as(this.owner.accessToken(), get("/api/v1/brands/" + id))).andExpect(status().isNotFound());
	}

	@Test
	void namesEachInvalidField() throws Exception {
		String brands = "/api/v1/brands";
		this.mvc
			.perform(as(this.owner.accessToken(), post(brands), Map.of("name", "X", "logoUrl", "javascript:alert(1)")))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.error.details[0].field").value("logoUrl"));
		this.mvc
			.perform(as(this.owner.accessToken(), post(brands),
					Map.of("name", "X", "defaultHashtags", List.of("no spaces"))))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.error.details[0].field").value("defaultHashtags[0]"));
		this.mvc
			.perform(as(this.owner.accessToken(), post(brands), Map.of("name", "X", "goals", Map.of("followers", -5))))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.error.details[0].field").value("goals.followers"));
		this.mvc
			.perform(as(this.owner.accessToken(), post(brands), Map.of("name", "X", "description", "d".repeat(2001))))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.error.details[0].field").value("description"));
		assertThat(body(this.mvc.perform(as(this.owner.accessToken(), get(brands))).andReturn()).get("data")).isEmpty();
	}

	@Test
	void membersReadButOnlyAdminsChangeBrands() throws Exception {
		String id = brand(this.owner, "Shared");
		Session member = join(this.owner, this.workspace, "Max", "MEMBER");
		Session admin = join(this.owner, this.workspace, "Ada", "ADMIN");
		this.mvc.perform(as(member.accessToken(), get("/api/v1/brands/" + id))).andExpect(status().isOk());
		this.mvc.perform(as(member.accessToken(), post("/api/v1/brands"), Map.of("name", "Nope")))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.error.code").value("FORBIDDEN"));
		this.mvc.perform(as(member.accessToken(), patch("/api/v1/brands/" + id), Map.of("name", "Nope")))
			.andExpect(status().isForbidden());
		this.mvc.perform(as(member.accessToken(), delete("/api/v1/brands/" + id))).andExpect(status().isForbidden());
		this.mvc.perform(as(admin.accessToken(), patch("/api/v1/brands/" + id), Map.of("name", "Shared too")))
			.andExpect(status().isOk());
	}

	@Test
	void anotherWorkspacesBrandIsNotFoundOnEveryEndpoint() throws Exception {
		String id = brand(this.owner, "Private");
		Session intruder = signUp("Ian");
		createWorkspace(intruder, "Elsewhere");
		this.mvc.perform(as(intruder.accessToken(), get("/api/v1/brands/" + id))).andExpect(status().isNotFound());
		this.mvc.perform(as(intruder.accessToken(), patch("/api/v1/brands/" + id), Map.of("name", "Mine")))
			.andExpect(status().isNotFound());
		this.mvc.perform(as(intruder.accessToken(), delete("/api/v1/brands/" + id))).andExpect(status().isNotFound());
		assertThat(body(this.mvc.perform(as(intruder.accessToken(), get("/api/v1/brands"))).andReturn()).get("data"))
			.isEmpty();
		this.mvc.perform(as(this.owner.accessToken(), get("/api/v1/brands/" + id)))
			.andExpect(jsonPath("$.data.name").value("Private"));
	}

	@Test
	void requiresAuthenticationAndAWorkspace() throws Exception {
		this.mvc.perform(from(get("/api/v1/brands"))).andExpect(status().isUnauthorized());
		this.mvc.perform(json(post("/api/v1/brands"), Map.of("name", "X"))).andExpect(status().isUnauthorized());
		this.mvc.perform(from(get("/api/v1/brands/" + UUID.randomUUID())).header("Authorization", "Bearer garbage"))
			.andExpect(status().isUnauthorized());
		Session loner = signUp("Lone");
		this.mvc.perform(as(loner.accessToken(), get("/api/v1/brands")))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.error.message")
				.value("You are not in any workspace yet: create one with POST /api/v1/workspaces"));
	}

	@Test
	void actsInTheWorkspaceTheHeaderNames() throws Exception {
		UUID other = createWorkspace(this.owner, "Second");
		brand(this.owner, "In second");
		this.mvc.perform(
				as(this.owner.accessToken(), get("/api/v1/brands")).header("X-Workspace-Id", this.workspace.toString()))
			.andExpect(jsonPath("$.data.length()").value(0));
		this.mvc.perform(as(this.owner.accessToken(), get("/api/v1/brands")).header("X-Workspace-Id", other.toString()))
			.andExpect(jsonPath("$.data[0].name").value("In second"));
	}

	private String brand(Session user, String name) throws Exception {
		return body(this.mvc.perform(as(user.accessToken(), post("/api/v1/brands"), Map.of("name", name)))
			.andExpect(status().isCreated())
			.andReturn()).get("data").get("id").asString();
	}

}
