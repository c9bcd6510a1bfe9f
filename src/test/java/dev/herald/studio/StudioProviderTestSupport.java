package dev.herald.studio;

import java.util.Map;
import java.util.UUID;

import dev.herald.IntegrationTestSupport;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MvcResult;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * What the studio's provider tests share: an owner with a workspace and a brand, a
 * generation through the API, the credits used.
 */
abstract class StudioProviderTestSupport extends IntegrationTestSupport {

	@Autowired
	JdbcClient jdbc;

	static final String POST = "{\"text\":\"Fresh roast today: Ethiopia, washed. Come taste it.\","
			+ "\"hashtags\":[\"coffee\",\"roastery\"]}";

	/** A new user with a workspace of their own and a brand. */
	record Owner(Session session, UUID workspace, String brand) {
	}

	Owner owner(String name) throws Exception {
		Session session = signUp(name);
		UUID workspace = createWorkspace(session, name + "'s");
		String brand = data(
				expect(201,
						as(session.accessToken(), post("/api/v1/brands"), Map.of("name", "Lou Roasters", "description",
								"A small coffee roastery in Lyon", "toneOfVoice", "warm and plain"))))
			.get("id")
			.asString();
		return new Owner(session, workspace, brand);
	}

	MvcResult generate(Owner owner, String topic, int status) throws Exception {
		return expect(status, as(owner.session().accessToken(), post("/api/v1/ai/generate-content"),
				Map.of("brandId", owner.brand(), "platform", "MASTODON", "topic", topic)));
	}

	JsonNode error(MvcResult result) throws Exception {
		return body(result).get("error");
	}

	int credits(Owner owner) throws Exception {
		return data(expect(200, as(owner.session().accessToken(), get("/api/v1/users/me/usage")))).get("used").asInt();
	}

	/** Tokens as the fakes count them: about four characters each. */
	static int tokens(String text) {
		return FakeModelServer.tokens(text);
	}

	/** How a generation was recorded: provider, model, tokens in and out, status. */
	String recorded(JsonNode generation) {
		return this.jdbc
			.sql("SELECT provider || ' ' || model || ' ' || tokens_in || ' ' || tokens_out || ' ' || status "
					+ "FROM ai_generations WHERE id = ?")
			.param(UUID.fromString(generation.get("id").asString()))
			.query(String.class)
			.single();
	}

}
