package dev.herald;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Every protected endpoint, three ways: without authentication (401), by a member whose
 * role is too weak (403), and by an outsider naming this workspace's resources (404,
 * never 403 and never data). Each answer is in the error envelope and changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndpointMatrixIntegrationTests extends IntegrationTestSupport {

	private Session owner;

	private Session viewer;

	private Session outsider;

	private UUID workspace;

	private String brand;

	private String invitation;

	private String apiKey;

	@BeforeAll
	void workspaceWithEveryKindOfResource() throws Exception {
		newClientAddress();
		this.owner = signUp("Matrix");
		this.workspace = createWorkspace(this.owner, "Matrix");
		this.brand = body(
				this.mvc.perform(as(this.owner.accessToken(), post("/api/v1/brands"), Map.of("name", "M"))).andReturn())
			.get("data")
			.get("id")
			.asString();
		this.viewer = join(this.owner, this.workspace, "Vera", "VIEWER");
		this.invitation = body(this.mvc
			.perform(as(this.owner.accessToken(), post("/api/v1/workspaces/" + this.workspace + "/members"),
					Map.of("email", uniqueEmail("pending"), "role", "MEMBER")))
			.andReturn()).get("data").get("id").asString();
		JsonNode key = body(this.mvc
			.perform(as(this.owner.accessToken(), post("/api/v1/api-keys"),
					Map.of("name", "k", "scopes", List.of("READ"))))
			.andReturn()).get("data");
		this.apiKey = key.get("key").get("id").asString();
		this.outsider = signUp("Outsider");
		createWorkspace(this.outsider, "Elsewhere");
	}

	/** Endpoints of the caller's own account and of workspaces: method, path, body. */
	Stream<Arguments> authenticated() {
		String w = "/api/v1/workspaces/{w}";
		return Stream.of(args("GET", "/api/v1/users/me", null), args("PATCH", "/api/v1/users/me", Map.of("name", "x")),
				args("DELETE", "/api/v1/users/me", Map.of("password", PASSWORD)),
				args("PUT", "/api/v1/users/me/password", Map.of("currentPassword", "a", "newPassword", "b")),
				args("GET", "/api/v1/users/me/sessions", null),
				args("DELETE", "/api/v1/users/me/sessions/" + UUID.randomUUID(), null),
				args("GET", "/api/v1/users/me/security-log", null), args("POST", "/api/v1/auth/logout", null),
				args("POST", "/api/v1/auth/2fa/setup", null),
				args("POST", "/api/v1/auth/2fa/enable", Map.of("code", "1")),
				args("POST", "/api/v1/auth/2fa/disable", Map.of("code", "1")), args("GET", "/api/v1/api-keys", null),
				args("POST", "/api/v1/api-keys", Map.of("name", "k", "scopes", List.of("READ"))),
				args("DELETE", "/api/v1/api-keys/{k}", null), args("GET", "/api/v1/workspaces", null),
				args("POST", "/api/v1/workspaces", Map.of("name", "x")), args("GET", w, null),
				args("PATCH", w, Map.of("name", "x")), args("DELETE", w, Map.of("confirmName", "Matrix")),
				args("POST", w + "/switch", null),
				args("POST", w + "/transfer-ownership", Map.of("userId", UUID.randomUUID().toString())),
				args("GET", w + "/members", null),
				args("POST", w + "/members", Map.of("email", "a@example.test", "role", "MEMBER")),
				args("PATCH", w + "/members/{v}", Map.of("role", "MEMBER")), args("DELETE", w + "/members/{v}", null),
				args("GET", w + "/invitations", null), args("DELETE", w + "/invitations/{i}", null),
				args("GET", w + "/audit-log", null), args("GET", "/api/v1/brands", null),
				args("POST", "/api/v1/brands", Map.of("name", "x")), args("GET", "/api/v1/brands/{b}", null),
				args("PATCH", "/api/v1/brands/{b}", Map.of("name", "x")), args("DELETE", "/api/v1/brands/{b}", null));
	}

	/** What a viewer of the workspace may not do. */
	Stream<Arguments> aboveViewer() {
		String w = "/api/v1/workspaces/{w}";
		return Stream.of(args("PATCH", w, Map.of("name", "x")), args("DELETE", w, Map.of("confirmName", "Matrix")),
				args("POST", w + "/transfer-ownership", Map.of("userId", UUID.randomUUID().toString())),
				args("POST", w + "/members", Map.of("email", "a@example.test", "role", "MEMBER")),
				args("PATCH", w + "/members/{o}", Map.of("role", "MEMBER")), args("DELETE", w + "/members/{o}", null),
				args("GET", w + "/invitations", null), args("DELETE", w + "/invitations/{i}", null),
				args("GET", w + "/audit-log", null), args("GET", "/api/v1/api-keys", null),
				args("POST", "/api/v1/api-keys", Map.of("name", "k", "scopes", List.of("READ"))),
				args("DELETE", "/api/v1/api-keys/{k}", null), args("POST", "/api/v1/brands", Map.of("name", "x")),
				args("PATCH", "/api/v1/brands/{b}", Map.of("name", "x")), args("DELETE", "/api/v1/brands/{b}", null));
	}

	/** Endpoints that name a resource of this workspace, called by an outsider. */
	Stream<Arguments> namingThisWorkspacesResources() {
		String w = "/api/v1/workspaces/{w}";
		return Stream.of(args("GET", w, null), args("PATCH", w, Map.of("name", "x")),
				args("DELETE", w, Map.of("confirmName", "Matrix")), args("POST", w + "/switch", null),
				args("POST", w + "/transfer-ownership", Map.of("userId", UUID.randomUUID().toString())),
				args("GET", w + "/members", null),
				args("POST", w + "/members", Map.of("email", "a@example.test", "role", "MEMBER")),
				args("PATCH", w + "/members/{v}", Map.of("role", "MEMBER")), args("DELETE", w + "/members/{v}", null),
				args("GET", w + "/invitations", null), args("DELETE", w + "/invitations/{i}", null),
				args("GET", w + "/audit-log", null), args("GET", "/api/v1/brands/{b}", null),
				args("PATCH", "/api/v1/brands/{b}", Map.of("name", "x")), args("DELETE", "/api/v1/brands/{b}", null),
				args("DELETE", "/api/v1/api-keys/{k}", null));
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("authenticated")
	void refusesCallersWithoutAuthentication(String method, String path, Object body) throws Exception {
		this.mvc.perform(call(method, path, body))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.error.code").value("UNAUTHORIZED"));
		stillIntact();
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("aboveViewer")
	void refusesRolesTooWeak(String method, String path, Object body) throws Exception {
		this.mvc.perform(call(method, path, body).header("Authorization", "Bearer " + this.viewer.accessToken()))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.error.code").value("FORBIDDEN"));
		stillIntact();
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("namingThisWorkspacesResources")
	void answersNotFoundToOutsiders(String method, String path, Object body) throws Exception {
		this.mvc.perform(call(method, path, body).header("Authorization", "Bearer " + this.outsider.accessToken()))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.error.code").value("NOT_FOUND"));
		stillIntact();
	}

	private MockHttpServletRequestBuilder call(String method, String path, Object body) {
		String uri = path.replace("{w}", this.workspace.toString())
			.replace("{b}", this.brand)
			.replace("{i}", this.invitation)
			.replace("{k}", this.apiKey)
			.replace("{v}", this.viewer.userId().toString())
			.replace("{o}", this.owner.userId().toString());
		MockHttpServletRequestBuilder request = from(request(HttpMethod.valueOf(method), uri));
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON).content(this.json.writeValueAsString(body));
		}
		return request;
	}

	/** Nothing the refused call could have touched has changed. */
	private void stillIntact() throws Exception {
		this.mvc.perform(as(this.owner.accessToken(), get("/api/v1/brands/" + this.brand)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.data.name").value("M"));
		this.mvc.perform(as(this.owner.accessToken(), get("/api/v1/workspaces/" + this.workspace)))
			.andExpect(jsonPath("$.data.name").value("Matrix"))
			.andExpect(jsonPath("$.data.role").value("OWNER"));
		this.mvc.perform(as(this.owner.accessToken(), get("/api/v1/workspaces/" + this.workspace + "/members")))
			.andExpect(jsonPath("$.data.length()").value(2));
		this.mvc.perform(as(this.owner.accessToken(), get("/api/v1/api-keys")))
			.andExpect(jsonPath("$.data.length()").value(1));
		this.mvc.perform(as(this.owner.accessToken(), get("/api/v1/workspaces/" + this.workspace + "/invitations")))
			.andExpect(jsonPath("$.data.length()").value(1));
	}

	private static Arguments args(String method, String path, Object body) {
		return Arguments.of(method, path, body);
	}

}
