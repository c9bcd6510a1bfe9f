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

	private String channel;

	private String post;

	private String template;

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
		this.channel = body(this.mvc
			.perform(as(this.owner.accessToken(), post("/api/v1/brands/" + this.brand + "/channels/connect/webhook"),
					Map.of("url", "https://hooks.example.com/matrix", "name", "Matrix hook")))
			.andReturn()).get("data").get("channel").get("id").asString();
		this.post = body(
				this.mvc.perform(as(this.owner.accessToken(), post("/api/v1/posts"),
						Map.of("brandId", this.brand, "text", "Matrix post", "targets",
								List.of(Map.of("channelId", this.channel)))))
					.andReturn())
			.get("data")
			.get("id")
			.asString();
		this.template = body(this.mvc
			.perform(as(this.owner.accessToken(), post("/api/v1/brands/" + this.brand + "/templates"),
					Map.of("name", "Matrix template", "body", "New in: {origin}")))
			.andReturn()).get("data").get("id").asString();
		this.outsider = signUp("Outsider");
		createWorkspace(this.outsider, "Elsewhere");
	}

	/**
	 * Channel and post endpoints that change something: refused to viewers and outsiders.
	 */
	private static Stream<Arguments> contentChanges() {
		String c = "/api/v1/channels/{c}";
		String p = "/api/v1/posts/{p}";
		return Stream.of(
				args("POST", "/api/v1/brands/{b}/channels/connect/webhook", Map.of("url", "https://example.com/h")),
				args("POST", c + "/reconnect", Map.of("url", "https://example.com/h")), args("DELETE", c, null),
				args("PUT", c + "/slots", Map.of("timezone", "UTC", "slots", List.of())),
				args("PATCH", p, Map.of("text", "changed")), args("DELETE", p, null),
				args("POST", p + "/schedule", Map.of("scheduledFor", "2099-01-01T00:00:00Z")),
				args("POST", p + "/publish", null), args("POST", p + "/queue", null),
				args("POST", p + "/duplicate", null), args("POST", p + "/cancel", null),
				args("POST", p + "/submit", null), args("POST", p + "/approve", null),
				args("POST", p + "/reject", Map.of("comment", "no")),
				args("POST", "/api/v1/brands/{b}/templates", Map.of("name", "x", "body", "y")),
				args("PATCH", "/api/v1/templates/{t}", Map.of("name", "changed")),
				args("DELETE", "/api/v1/templates/{t}", null));
	}

	/** Channel and post endpoints that read. */
	private static Stream<Arguments> contentReads() {
		return Stream.of(args("GET", "/api/v1/brands/{b}/channels", null), args("GET", "/api/v1/channels/{c}", null),
				args("GET", "/api/v1/channels/{c}/slots", null), args("GET", "/api/v1/posts/{p}", null),
				args("GET", "/api/v1/brands/{b}/templates", null), args("GET", "/api/v1/templates/{t}", null),
				args("GET", "/api/v1/brands/{b}/strategies", null));
	}

	/** Endpoints of the caller's own account and of workspaces: method, path, body. */
	Stream<Arguments> authenticated() {
		String w = "/api/v1/workspaces/{w}";
		return Stream.concat(Stream.of(args("GET", "/api/v1/users/me", null),
				args("PATCH", "/api/v1/users/me", Map.of("name", "x")),
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
				args("PATCH", "/api/v1/brands/{b}", Map.of("name", "x")), args("DELETE", "/api/v1/brands/{b}", null),
				args("GET", "/api/v1/platforms", null), args("GET", "/api/v1/posts", null),
				args("POST", "/api/v1/posts", Map.of("text", "x")), args("POST", "/api/v1/posts/validate", Map.of()),
				args("GET", "/api/v1/posts/calendar?from=2026-01-01&to=2026-02-01", null),
				args("GET", "/api/v1/users/me/notifications", null),
				args("PATCH", "/api/v1/users/me/notifications/" + UUID.randomUUID() + "/read", null),
				args("POST", "/api/v1/users/me/notifications/read-all", null),
				args("GET", "/api/v1/users/me/usage", null), args("GET", "/api/v1/ai/jobs", null)), studioWrites());
	}

	/** The studio's and analytics' endpoints that a member may call, and a viewer not. */
	private static Stream<Arguments> studioWrites() {
		return Stream.of(args("POST", "/api/v1/ai/generate-content", Map.of("brandId", "{b}", "platform", "MASTODON")),
				args("POST", "/api/v1/ai/strategy", Map.of("brandId", "{b}")),
				args("POST", "/api/v1/ai/generate-batch", Map.of("brandId", "{b}", "count", 7)),
				args("POST", "/api/v1/ai/similar-posts", Map.of("brandId", "{b}", "text", "x")),
				args("POST", "/api/v1/ai/history-hashtags", Map.of("brandId", "{b}", "text", "x")),
				args("POST", "/api/v1/ai/themes", Map.of("brandId", "{b}")),
				args("POST", "/api/v1/ai/predict-engagement", Map.of("brandId", "{b}", "text", "x")),
				args("POST", "/api/v1/analytics/sync", null));
	}

	Stream<Arguments> authenticatedContent() {
		return Stream.concat(contentChanges(), contentReads());
	}

	/** What a viewer of the workspace may not do. */
	Stream<Arguments> aboveViewer() {
		String w = "/api/v1/workspaces/{w}";
		return Stream.concat(Stream.of(args("PATCH", w, Map.of("name", "x")),
				args("DELETE", w, Map.of("confirmName", "Matrix")),
				args("POST", w + "/transfer-ownership", Map.of("userId", UUID.randomUUID().toString())),
				args("POST", w + "/members", Map.of("email", "a@example.test", "role", "MEMBER")),
				args("PATCH", w + "/members/{o}", Map.of("role", "MEMBER")), args("DELETE", w + "/members/{o}", null),
				args("GET", w + "/invitations", null), args("DELETE", w + "/invitations/{i}", null),
				args("GET", w + "/audit-log", null), args("GET", "/api/v1/api-keys", null),
				args("POST", "/api/v1/api-keys", Map.of("name", "k", "scopes", List.of("READ"))),
				args("DELETE", "/api/v1/api-keys/{k}", null), args("POST", "/api/v1/brands", Map.of("name", "x")),
				args("PATCH", "/api/v1/brands/{b}", Map.of("name", "x")), args("DELETE", "/api/v1/brands/{b}", null),
				args("POST", "/api/v1/posts", Map.of("brandId", "{b}", "text", "x"))), studioWrites());
	}

	Stream<Arguments> aboveViewerContent() {
		return contentChanges();
	}

	Stream<Arguments> namingThisWorkspacesContent() {
		return Stream.concat(contentChanges(), contentReads());
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
	@MethodSource({ "authenticated", "authenticatedContent" })
	void refusesCallersWithoutAuthentication(String method, String path, Object body) throws Exception {
		this.mvc.perform(call(method, path, body))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.error.code").value("UNAUTHORIZED"));
		stillIntact();
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource({ "aboveViewer", "aboveViewerContent" })
	void refusesRolesTooWeak(String method, String path, Object body) throws Exception {
		this.mvc.perform(call(method, path, body).header("Authorization", "Bearer " + this.viewer.accessToken()))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.error.code").value("FORBIDDEN"));
		stillIntact();
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource({ "namingThisWorkspacesResources", "namingThisWorkspacesContent" })
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
			.replace("{o}", this.owner.userId().toString())
			.replace("{c}", this.channel)
			.replace("{p}", this.post)
			.replace("{t}", this.template);
		MockHttpServletRequestBuilder request = from(request(HttpMethod.valueOf(method), uri));
		if (body != null) {
			request.contentType(MediaType.APPLICATION_JSON)
				.content(this.json.writeValueAsString(body).replace("{b}", this.brand));
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
		this.mvc.perform(as(this.owner.accessToken(), get("/api/v1/channels/" + this.channel)))
			.andExpect(jsonPath("$.data.status").value("ACTIVE"))
			.andExpect(jsonPath("$.data.endpoint").value("https://hooks.example.com/matrix"));
		this.mvc.perform(as(this.owner.accessToken(), get("/api/v1/posts/" + this.post)))
			.andExpect(jsonPath("$.data.status").value("DRAFT"))
			.andExpect(jsonPath("$.data.text").value("Matrix post"));
		this.mvc.perform(as(this.owner.accessToken(), get("/api/v1/posts")))
			.andExpect(jsonPath("$.data.length()").value(1));
		this.mvc.perform(as(this.owner.accessToken(), get("/api/v1/templates/" + this.template)))
			.andExpect(jsonPath("$.data.name").value("Matrix template"));
		this.mvc.perform(as(this.owner.accessToken(), get("/api/v1/brands/" + this.brand + "/templates")))
			.andExpect(jsonPath("$.data.length()").value(1));
	}

	private static Arguments args(String method, String path, Object body) {
		return Arguments.of(method, path, body);
	}

}
