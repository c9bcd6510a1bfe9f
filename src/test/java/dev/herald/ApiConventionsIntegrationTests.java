package dev.herald;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The conventions every endpoint shares (SPEC.md §4): envelopes, request ids, bad input
 * of every kind, pagination, idempotency, documentation, health and headers.
 */
class ApiConventionsIntegrationTests extends IntegrationTestSupport {

	private Session owner;

	@BeforeEach
	void ownerWithWorkspace() throws Exception {
		this.owner = signUp("Olivia");
		createWorkspace(this.owner, "Conventions");
	}

	@Test
	void echoesAGivenRequestIdAndMakesOneOtherwise() throws Exception {
		this.mvc.perform(as(this.owner.accessToken(), get("/api/v1/brands")).header("X-Request-Id", "trace-42"))
			.andExpect(header().string("X-Request-Id", "trace-42"))
			.andExpect(jsonPath("$.meta.requestId").value("trace-42"));
		this.mvc.perform(as(this.owner.accessToken(), get("/api/v1/brands")).header("X-Request-Id", "bad id\twith tab"))
			.andExpect(header().string("X-Request-Id", startsWith("req_")));
		this.mvc.perform(get("/api/v1/brands"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("X-Request-Id", startsWith("req_")))
			.andExpect(jsonPath("$.error.code").value("UNAUTHORIZED"))
			.andExpect(jsonPath("$.meta.requestId", startsWith("req_")))
			.andExpect(jsonPath("$.meta.timestamp").isNotEmpty());
	}

	@Test
	void answersMalformedJsonWithWhatToFix() throws Exception {
		int before = brandCount();
		this.mvc
			.perform(from(post("/api/v1/brands")).header("Authorization", "Bearer " + this.owner.accessToken())
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\": \"Acme\","))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.error.code").value("VALIDATION_ERROR"))
			.andExpect(jsonPath("$.error.message", containsString("not valid JSON")));
		assertThat(brandCount()).isEqualTo(before);
	}

	@Test
	void namesTheFieldOfAWrongType() throws Exception {
		this.mvc.perform(as(this.owner.accessToken(), post("/api/v1/brands"), Map.of("name", List.of("not", "text"))))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.error.details[0].field").value("name"))
			.andExpect(jsonPath("$.error.details[0].message").value("Must be a string"));
		this.mvc
			.perform(as(this.owner.accessToken(), post("/api/v1/brands"),
					Map.of("name", "Acme", "goals", Map.of("followers", "many"))))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.error.details[0].field").value("goals.followers"));
	}

	@Test
	void namesMissingFields() throws Exception {
		this.mvc.perform(as(this.owner.accessToken(), post("/api/v1/brands"), Map.of("industry", "Food")))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.error.details[0].field").value("name"));
		this.mvc.perform(as(this.owner.accessToken(), post("/api/v1/brands")).contentType(MediaType.APPLICATION_JSON))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.error.message", containsString("body is missing")));
	}

	@Test
	void listsTheAllowedValuesOfAnUnknownEnumValue() throws Exception {
		UUID workspace = createWorkspace(this.owner, "Enum check");
		this.mvc
			.perform(as(this.owner.accessToken(), post("/api/v1/workspaces/" + workspace + "/members"),
					Map.of("email", "x@example.test", "role", "EMPEROR")))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.error.details[0].field").value("role"))
			.andExpect(jsonPath("$.error.details[0].message").value("Must be one of: OWNER, ADMIN, MEMBER, VIEWER"));
	}

	@Test
	void refusesUnknownFieldsInsteadOfIgnoringThem() throws Exception {
		this.mvc
			.perform(as(this.owner.accessToken(), post("/api/v1/brands"), Map.of("name", "Acme", "workspaceId", "x")))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.error.details[0].field").value("workspaceId"))
			.andExpect(jsonPath("$.error.details[0].message", startsWith("Unknown field")));
	}

	@Test
	void refusesAOneMegabyteStringAsTooLongAndWritesNothing() throws Exception {
		int before = brandCount();
		this.mvc.perform(as(this.owner.accessToken(), post("/api/v1/brands"), Map.of("name", "x".repeat(1_000_000))))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.error.details[0].field").value("name"))
			.andExpect(jsonPath("$.error.details[0].message", containsString("100")));
		assertThat(brandCount()).isEqualTo(before);
	}

	@Test
	void refusesBodiesOverTheLimitWith413() throws Exception {
		this.mvc
			.perform(as(this.owner.accessToken(), post("/api/v1/brands"), Map.of("name", "y".repeat(3 * 1024 * 1024))))
			.andExpect(status().isContentTooLarge())
			.andExpect(jsonPath("$.error.code").value("PAYLOAD_TOO_LARGE"));
	}

	@Test
	void refusesAWrongContentTypeWith415() throws Exception {
		this.mvc
			.perform(from(post("/api/v1/brands")).header("Authorization", "Bearer " + this.owner.accessToken())
				.contentType(MediaType.TEXT_PLAIN)
				.content("name=Acme"))
			.andExpect(status().isUnsupportedMediaType())
			.andExpect(jsonPath("$.error.code").value("UNSUPPORTED_MEDIA_TYPE"))
			.andExpect(jsonPath("$.error.message", containsString("application/json")));
	}

	@Test
	void answersUnknownEndpointsAndMethodsInTheEnvelope() throws Exception {
		this.mvc.perform(as(this.owner.accessToken(), get("/api/v1/nothing-here")))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.error.code").value("NOT_FOUND"));
		this.mvc
			.perform(as(this.owner.accessToken(), put("/api/v1/brands")).contentType(MediaType.APPLICATION_JSON)
				.content("{}"))
			.andExpect(status().isMethodNotAllowed())
			.andExpect(jsonPath("$.error.code").value("METHOD_NOT_ALLOWED"));
	}

	@Test
	void neverAnswersAStackTrace() throws Exception {
		MvcResult result = this.mvc
			.perform(from(post("/api/v1/auth/login")).contentType(MediaType.APPLICATION_JSON).content("[1,2"))
			.andReturn();
		assertThat(result.getResponse().getContentAsString()).doesNotContain("Exception")
			.doesNotContain("at dev.herald");
	}

	@Test
	void pagesWithCursors() throws Exception {
		Session user = signUp("Paula");
		createWorkspace(user, "Paged");
		for (int i = 1; i <= 5; i++) {
			this.mvc.perform(as(user.accessToken(), post("/api/v1/brands"), Map.of("name", "Brand " + i)))
				.andExpect(status().isCreated());
		}
		JsonNode first = body(this.mvc.perform(as(user.accessToken(), get("/api/v1/brands?limit=2"))).andReturn());
		assertThat(first.get("data")).hasSize(2);
		assertThat(first.get("data").get(0).get("name").asString()).isEqualTo("Brand 1");
		String cursor = first.get("meta").get("nextCursor").asString();
		JsonNode second = body(
				this.mvc.perform(as(user.accessToken(), get("/api/v1/brands?limit=2&cursor=" + cursor))).andReturn());
		assertThat(second.get("data").get(0).get("name").asString()).isEqualTo("Brand 3");
		JsonNode last = body(this.mvc
			.perform(as(user.accessToken(),
					get("/api/v1/brands?limit=2&cursor=" + second.get("meta").get("nextCursor").asString())))
			.andReturn());
		assertThat(last.get("data")).hasSize(1);
		assertThat(last.get("meta").get("nextCursor").isNull()).isTrue();
		this.mvc.perform(as(user.accessToken(), get("/api/v1/brands?limit=500")))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.error.details[0].field").value("limit"));
		this.mvc.perform(as(user.accessToken(), get("/api/v1/brands?limit=ten")))
			.andExpect(status().isUnprocessableContent())
			.andExpect(jsonPath("$.error.details[0].field").value("limit"));
	}

	@Test
	void repeatsTheFirstAnswerForARepeatedIdempotencyKey() throws Exception {
		String key = UUID.randomUUID().toString();
		int before = brandCount();
		MvcResult first = this.mvc
			.perform(as(this.owner.accessToken(), post("/api/v1/brands"), Map.of("name", "Once"))
				.header("Idempotency-Key", key))
			.andExpect(status().isCreated())
			.andReturn();
		MvcResult second = this.mvc
			.perform(as(this.owner.accessToken(), post("/api/v1/brands"), Map.of("name", "Once"))
				.header("Idempotency-Key", key))
			.andExpect(status().isCreated())
			.andExpect(header().string("Idempotent-Replayed", "true"))
			.andReturn();
		assertThat(body(second).get("data").get("id")).isEqualTo(body(first).get("data").get("id"));
		assertThat(brandCount()).isEqualTo(before + 1);
		this.mvc
			.perform(as(this.owner.accessToken(), post("/api/v1/brands"), Map.of("name", "Different"))
				.header("Idempotency-Key", key))
			.andExpect(status().isConflict())
			.andExpect(jsonPath("$.error.message", containsString("different request")));
		assertThat(brandCount()).isEqualTo(before + 1);
	}

	@Test
	void aFailedRequestDoesNotUseUpItsIdempotencyKey() throws Exception {
		String key = UUID.randomUUID().toString();
		this.mvc.perform(
				as(this.owner.accessToken(), post("/api/v1/brands"), Map.of("name", "")).header("Idempotency-Key", key))
			.andExpect(status().isUnprocessableContent());
		this.mvc.perform(
				as(this.owner.accessToken(), post("/api/v1/brands"), Map.of("name", "")).header("Idempotency-Key", key))
			.andExpect(status().isUnprocessableContent());
	}

	@Test
	void publishesOpenApi31AndInteractiveDocs() throws Exception {
		this.mvc.perform(get("/v3/api-docs"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.openapi", startsWith("3.1")))
			.andExpect(jsonPath("$.paths['/api/v1/brands']").exists())
			.andExpect(jsonPath("$.paths['/api/v1/auth/login']").exists());
		this.mvc.perform(get("/docs")).andExpect(status().is3xxRedirection());
	}

	@Test
	void reportsHealthAndMetrics() throws Exception {
		this.mvc.perform(get("/health")).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("UP"));
		this.mvc.perform(get("/health/ready"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("UP"))
			.andExpect(jsonPath("$.components.db.status").value("UP"));
		this.mvc.perform(get("/actuator/prometheus"))
			.andExpect(status().isOk())
			.andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
				.string(containsString("jvm_memory_used_bytes")));
	}

	@Test
	void sendsSecurityHeaders() throws Exception {
		this.mvc.perform(as(this.owner.accessToken(), get("/api/v1/brands")))
			.andExpect(header().string("X-Content-Type-Options", "nosniff"))
			.andExpect(header().string("X-Frame-Options", "DENY"))
			.andExpect(header().string("Cache-Control", containsString("no-store")));
		this.mvc.perform(get("/login"))
			.andExpect(header().string("Content-Security-Policy", containsString("default-src 'self'")));
	}

	private int brandCount() throws Exception {
		JsonNode page = body(
				this.mvc.perform(as(this.owner.accessToken(), get("/api/v1/brands?limit=100"))).andReturn());
		return page.get("data").size();
	}

}
