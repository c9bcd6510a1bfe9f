package dev.herald.studio;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.herald.common.Encryptor;
import dev.herald.common.SealedSecrets;
import dev.herald.common.Secrets;
import dev.herald.common.internal.TestKeysets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

/**
 * A workspace's own AI provider, through {@code /api/v1/workspaces/{id}/ai-provider}: an
 * owner gives the workspace a Gemini key (the server's provider being Anthropic), its
 * generations go to Gemini without using a credit while still recorded with their tokens
 * and cost, and removing the key brings the server's provider back; only admins may, the
 * fields are checked, a refused own key says so, a replaced key is used at once; the key
 * is sealed (and re-sealed when the encryption key rotates), audited by its last four
 * characters, and never appears in answers, errors, records or logs.
 */
@ExtendWith(OutputCaptureExtension.class)
class StudioOwnKeyIntegrationTests extends StudioAnthropicContext {

	@Autowired
	Encryptor encryptor;

	@Autowired
	Secrets secrets;

	@Autowired
	List<SealedSecrets> sealed;

	@Autowired
	TransactionTemplate transactions;

	private Owner owner;

	@BeforeEach
	void owner() throws Exception {
		this.owner = owner("Ona");
		ANTHROPIC.respond("Lou Roasters", (request) -> POST);
		GEMINI.respond("Lou Roasters", (request) -> POST);
	}

	@Test
	void generatesWithTheWorkspacesOwnKeyWithoutCreditsUntilItIsRemoved(CapturedOutput output) throws Exception {
		JsonNode server = data(expect(200, as(token(), get(path()))));
		assertThat(server.get("source").asString()).isEqualTo("server");
		assertThat(server.get("provider").asString()).isEqualTo("anthropic");
		assertThat(server.get("fastModel").asString()).isEqualTo("claude-haiku-4-5");
		assertThat(server.get("keyHint").isNull()).isTrue();
		assertThat(server.get("usesCredits").asBoolean()).isTrue();

		MvcResult set = expect(200, as(token(), put(path()), Map.of("provider", "gemini", "apiKey", GEMINI_KEY,
				"baseUrl", GEMINI.url() + "/", "fastModel", "gemini-2.5-flash")));
		assertThat(set.getResponse().getContentAsString()).doesNotContain(GEMINI_KEY);
		JsonNode own = data(set);
		assertThat(own.get("source").asString()).isEqualTo("workspace");
		assertThat(own.get("provider").asString()).isEqualTo("gemini");
		assertThat(own.get("providerName").asString()).isEqualTo("Google Gemini");
		assertThat(own.get("baseUrl").asString()).isEqualTo(GEMINI.url());
		assertThat(own.get("strongModel").asString()).isEqualTo("gemini-2.5-pro");
		assertThat(own.get("keyHint").asString()).isEqualTo(GEMINI_KEY.substring(GEMINI_KEY.length() - 4));
		assertThat(own.get("usesCredits").asBoolean()).isFalse();
		MvcResult read = expect(200, as(token(), get(path())));
		assertThat(read.getResponse().getContentAsString()).doesNotContain(GEMINI_KEY);
		assertThat(data(read).get("keyHint").asString()).isEqualTo(own.get("keyHint").asString());

		// sealed for its row
		record Stored(UUID id, String apiKey) {
		}
		Stored stored = this.jdbc.sql("SELECT id, api_key FROM workspace_ai_keys WHERE workspace_id = ?")
			.param(this.owner.workspace())
			.query((rs, n) -> new Stored(rs.getObject(1, UUID.class), rs.getString(2)))
			.single();
		assertThat(stored.apiKey()).doesNotContain(GEMINI_KEY).doesNotContain(GEMINI_KEY.substring(10));
		assertThat(this.encryptor.decrypt(stored.apiKey(), "workspace_ai_keys:api_key:" + stored.id()))
			.isEqualTo(GEMINI_KEY);
		assertThatIllegalStateException().isThrownBy(
				() -> this.encryptor.decrypt(stored.apiKey(), "workspace_ai_keys:api_key:" + UUID.randomUUID()));

		int anthropicBefore = ANTHROPIC.requests().size();
		int geminiBefore = GEMINI.requests().size();
		// a busy Gemini, so that the retry is logged too
		GEMINI.failNext(503, 1);
		JsonNode generation = data(generate(this.owner, "own key", 200)).get("generation");
		assertThat(generation.get("provider").asString()).isEqualTo("gemini");
		assertThat(generation.get("model").asString()).isEqualTo("gemini-2.5-flash");
		assertThat(generation.get("creditsUsed").asInt()).as("the workspace's own key pays").isZero();
		assertThat(generation.get("tokensIn").asInt()).isPositive();
		assertThat(generation.get("costUsd").decimalValue()).isPositive();
		assertThat(GEMINI.requests()).hasSize(geminiBefore + 2);
		assertThat(ANTHROPIC.requests()).hasSize(anthropicBefore);
		assertThat(credits(this.owner)).isZero();
		assertThat(this.jdbc.sql("SELECT tokens_in FROM ai_generations WHERE id = ?")
			.param(UUID.fromString(generation.get("id").asString()))
			.query(Integer.class)
			.single()).isEqualTo(generation.get("tokensIn").asInt());
		// a failure with the own key gives back no credit it did not take
		GEMINI.failNext(500, 3);
		generate(this.owner, "own key down", 503);
		assertThat(credits(this.owner)).isZero();

		expect(204, as(token(), delete(path())));
		assertThat(data(expect(200, as(token(), get(path())))).get("source").asString()).isEqualTo("server");
		JsonNode back = data(generate(this.owner, "server again", 200)).get("generation");
		assertThat(back.get("provider").asString()).isEqualTo("anthropic");
		assertThat(back.get("creditsUsed").asInt()).isEqualTo(1);
		expect(204, as(token(), delete(path())));

		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode log = data(
					expect(200, as(token(), get("/api/v1/workspaces/" + this.owner.workspace() + "/audit-log"))));
			assertThat(log.findValuesAsString("action")).contains("ai_provider.set", "ai_provider.removed");
		});
		MvcResult audit = expect(200, as(token(), get("/api/v1/workspaces/" + this.owner.workspace() + "/audit-log")));
		assertThat(audit.getResponse().getContentAsString()).doesNotContain(GEMINI_KEY)
			.contains("\"keyHint\":\"" + own.get("keyHint").asString() + "\"");

		assertThat(output.getAll()).as("the request body was logged, without the key")
			.contains("ProviderBody[provider=gemini, apiKey=(hidden)")
			.contains("The AI provider gemini failed (attempt 1)")
			.doesNotContain(GEMINI_KEY);
	}

	@Test
	void onlyAdminsChooseAndTheFieldsAreChecked(CapturedOutput output) throws Exception {
		Session member = join(this.owner.session(), this.owner.workspace(), "Mo", "MEMBER");
		assertThat(error(expect(403, as(member.accessToken(), get(path())))).get("code").asString())
			.isEqualTo("FORBIDDEN");
		expect(403, as(member.accessToken(), put(path()), Map.of("provider", "gemini", "apiKey", GEMINI_KEY)));
		expect(403, as(member.accessToken(), delete(path())));
		Session admin = join(this.owner.session(), this.owner.workspace(), "Al", "ADMIN");
		expect(200, as(admin.accessToken(), get(path())));
		// another workspace's is not found
		Owner stranger = owner("Sy");
		expect(404, as(stranger.session().accessToken(), get(path())));
		expect(404,
				as(stranger.session().accessToken(), put(path()), Map.of("provider", "gemini", "apiKey", GEMINI_KEY)));

		String secret = "sk-secret-never-repeated-0123456789";
		assertThat(invalid(Map.of("provider", "mistral", "apiKey", secret))).isEqualTo("provider");
		assertThat(invalid(Map.of("provider", "openai", "apiKey", "  "))).isEqualTo("apiKey");
		assertThat(invalid(Map.of("provider", "openai"))).isEqualTo("apiKey");
		assertThat(invalid(Map.of("provider", "openai", "apiKey", secret + " " + secret))).isEqualTo("apiKey");
		assertThat(invalid(Map.of("provider", "openai", "apiKey", secret + "\n"))).isNull();
		expect(204, as(token(), delete(path())));
		assertThat(invalid(Map.of("provider", "openai", "apiKey", secret, "baseUrl", "http://example.com/v1")))
			.isEqualTo("baseUrl");
		assertThat(invalid(
				Map.of("provider", "openai", "apiKey", secret, "baseUrl", "https://example.com/v1?key=" + secret)))
			.isEqualTo("baseUrl");
		assertThat(invalid(Map.of("provider", "openai", "apiKey", secret, "baseUrl", "ftp://example.com")))
			.isEqualTo("baseUrl");
		assertThat(invalid(Map.of("provider", "anthropic", "apiKey", secret, "fastModel", "claude haiku")))
			.isEqualTo("fastModel");
		// plain http is for this machine only (a local Ollama)
		assertThat(invalid(Map.of("provider", "openai", "apiKey", secret, "baseUrl", "http://localhost:11434/v1")))
			.isNull();
		assertThat(data(expect(200, as(token(), get(path())))).get("baseUrl").asString())
			.isEqualTo("http://localhost:11434/v1");
		assertThat(output.getAll()).doesNotContain(secret);
	}

	@Test
	void aRefusedOwnKeySaysSoAndAReplacedKeyIsUsedAtOnce() throws Exception {
		String revoked = "AIzaSy-revoked-" + UUID.randomUUID();
		expect(200, as(token(), put(path()), Map.of("provider", "gemini", "apiKey", revoked, "baseUrl", GEMINI.url())));
		JsonNode refused = error(generate(this.owner, "revoked own key", 502));
		assertThat(refused.get("code").asString()).isEqualTo("AI_PROVIDER_ERROR");
		assertThat(refused.get("message").asString())
			.contains("refused this workspace's own API key (HTTP 400)", "Settings, AI provider",
					"/api/v1/workspaces/" + this.owner.workspace() + "/ai-provider")
			.doesNotContain("GEMINI_API_KEY")
			.doesNotContain(revoked);
		assertThat(credits(this.owner)).isZero();

		// the models made with the revoked key are not used again
		expect(200,
				as(token(), put(path()), Map.of("provider", "gemini", "apiKey", GEMINI_KEY, "baseUrl", GEMINI.url())));
		assertThat(data(generate(this.owner, "replaced own key", 200)).at("/generation/provider").asString())
			.isEqualTo("gemini");
		assertThat(this.jdbc.sql("SELECT coalesce(error, '') FROM ai_generations WHERE workspace_id = ?")
			.param(this.owner.workspace())
			.query(String.class)
			.list()).noneMatch((error) -> error.contains(revoked));
	}

	@Test
	void resealsTheKeysWhenTheEncryptionKeyRotates() throws Exception {
		expect(200,
				as(token(), put(path()), Map.of("provider", "gemini", "apiKey", GEMINI_KEY, "baseUrl", GEMINI.url())));
		SealedSecrets ours = this.sealed.stream()
			.filter((secrets) -> secrets.name().equals("workspace AI keys"))
			.findFirst()
			.orElseThrow();
		UUID id = this.jdbc.sql("SELECT id FROM workspace_ai_keys WHERE workspace_id = ?")
			.param(this.owner.workspace())
			.query(UUID.class)
			.single();
		String place = "workspace_ai_keys:api_key:" + id;
		String rotated = TestKeysets.withNewPrimary(this.secrets.encryptionKeyset());
		Encryptor newKeyOnly = new Encryptor(TestKeysets.onlyPrimary(rotated));
		assertThatIllegalStateException().isThrownBy(() -> newKeyOnly.decrypt(sealedKey(id), place));

		// every workspace's key is re-sealed (those of this run's other tests too: their
		// workspaces are not used again)
		int resealed = this.transactions.execute((tx) -> ours.reseal(new Encryptor(rotated)));
		assertThat(resealed).isPositive();
		assertThat(newKeyOnly.decrypt(sealedKey(id), place)).isEqualTo(GEMINI_KEY);
	}

	private String sealedKey(UUID id) {
		return this.jdbc.sql("SELECT api_key FROM workspace_ai_keys WHERE id = ?")
			.param(id)
			.query(String.class)
			.single();
	}

	/** The field a refused PUT names; {@code null} when it was accepted. */
	private String invalid(Map<String, Object> body) throws Exception {
		MvcResult result = this.mvc.perform(as(token(), put(path()), body)).andReturn();
		String text = result.getResponse().getContentAsString();
		Object key = body.get("apiKey");
		if (key instanceof String given && given.strip().length() > 4) {
			assertThat(text).doesNotContain(given.strip());
		}
		if (result.getResponse().getStatus() == 200) {
			return null;
		}
		assertThat(result.getResponse().getStatus()).as(text).isEqualTo(422);
		return body(result).at("/error/details/0/field").asString();
	}

	private String token() {
		return this.owner.session().accessToken();
	}

	private String path() {
		return "/api/v1/workspaces/" + this.owner.workspace() + "/ai-provider";
	}

}
