package dev.herald;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The base of integration tests: one Herald per test JVM (the application context is
 * shared) on its own embedded PostgreSQL and data directory, a real SMTP server
 * (GreenMail) that receives Herald's mail, a clock tests can move, and helpers that act
 * as a user would through the API. Each test gets its own client address, so that
 * per-address throttles of one test do not touch another.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "herald.database.embedded-port=0", "herald.identity.bcrypt-strength=4",
				"spring.mail.properties.mail.smtp.auth=false", "spring.mail.properties.mail.smtp.starttls.enable=false",
				"logging.level.dev.herald=INFO", "herald.platform.read-timeout=3s",
				"herald.media.plans.TINY.max-file-size=1MB", "herald.media.plans.TINY.storage=1MB" })
@AutoConfigureMockMvc
@Import(IntegrationTestSupport.TestBeans.class)
public abstract class IntegrationTestSupport {

	protected static final String PASSWORD = "correct horse battery staple";

	private static final AtomicInteger ADDRESSES = new AtomicInteger(1);

	protected static final GreenMail MAIL;

	static {
		MAIL = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		MAIL.start();
	}

	/**
	 * Runs once for each application context: a test class whose configuration differs
	 * gets a context of its own, which needs its own data directory, or its embedded
	 * PostgreSQL would stop the one of the context already running.
	 */
	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		Path dataDir = newDataDirectory();
		registry.add("herald.data-dir", dataDir::toString);
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", () -> MAIL.getSmtp().getPort());
	}

	private static Path newDataDirectory() {
		try {
			// reachable by 'nobody', whom the embedded PostgreSQL runs as when tests run
			// as root
			return Files.createTempDirectory("herald-test-",
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Autowired
	protected MockMvc mvc;

	@Autowired
	protected JsonMapper json;

	@Autowired
	protected MutableClock clock;

	/** This test's client address. */
	protected String clientIp;

	@BeforeEach
	protected void newClientAddress() {
		int n = ADDRESSES.getAndIncrement();
		this.clientIp = "10.77." + (n / 250) + "." + (n % 250 + 1);
	}

	// requests

	/** A request from this test's client address, with a JSON body when one is given. */
	protected MockHttpServletRequestBuilder from(MockHttpServletRequestBuilder request) {
		return request.with((r) -> {
			r.setRemoteAddr(this.clientIp);
			return r;
		});
	}

	protected MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, Object body) {
		return from(request).contentType(MediaType.APPLICATION_JSON).content(this.json.writeValueAsString(body));
	}

	protected MockHttpServletRequestBuilder as(String accessToken, MockHttpServletRequestBuilder request) {
		return from(request).header("Authorization", "Bearer " + accessToken);
	}

	protected MockHttpServletRequestBuilder as(String accessToken, MockHttpServletRequestBuilder request, Object body) {
		return json(request, body).header("Authorization", "Bearer " + accessToken);
	}

	protected JsonNode body(MvcResult result) throws Exception {
		return this.json.readTree(result.getResponse().getContentAsString());
	}

	/**
	 * A multipart upload of one file to {@code /api/v1/media/upload} as a user, with form
	 * fields given as name, value pairs.
	 */
	protected org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder upload(
			String accessToken, String name, String type, byte[] content, String... fields) {
		var request = org.springframework.test.web.servlet.request.MockMvcRequestBuilders
			.multipart("/api/v1/media/upload")
			.file(new org.springframework.mock.web.MockMultipartFile("file", name, type, content));
		for (int i = 0; i + 1 < fields.length; i += 2) {
			request.param(fields[i], fields[i + 1]);
		}
		request.header("Authorization", "Bearer " + accessToken);
		request.with((r) -> {
			r.setRemoteAddr(this.clientIp);
			return r;
		});
		return request;
	}

	/** Performs a request and checks its status, showing the body when it differs. */
	protected MvcResult expect(int status, org.springframework.test.web.servlet.RequestBuilder request)
			throws Exception {
		MvcResult result = this.mvc.perform(request).andReturn();
		assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(status);
		return result;
	}

	/** The {@code data} of an answer's envelope. */
	protected JsonNode data(MvcResult result) throws Exception {
		return body(result).get("data");
	}

	// users as they sign up

	protected static String uniqueEmail(String name) {
		return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
	}

	/**
	 * Signs up, verifies by the emailed link and logs in; answers the session's tokens.
	 */
	protected Session signUp(String name) throws Exception {
		String email = uniqueEmail(name);
		this.mvc
			.perform(json(post("/api/v1/auth/register"), Map.of("email", email, "password", PASSWORD, "name", name)))
			.andExpect((r) -> assertThat(r.getResponse().getStatus()).isEqualTo(201));
		String token = linkToken(email, "/verify-email?token=");
		this.mvc.perform(json(post("/api/v1/auth/verify-email"), Map.of("token", token)))
			.andExpect((r) -> assertThat(r.getResponse().getStatus()).isEqualTo(200));
		return login(email, PASSWORD);
	}

	/** Signs in to the dashboard as this user; answers the browser's session. */
	protected MockHttpSession dashboardSession(Session user) throws Exception {
		MockHttpSession session = new MockHttpSession();
		this.mvc
			.perform(from(post("/login").param("email", user.email()).param("password", PASSWORD)).session(session)
				.with(csrf()))
			.andExpect(redirectedUrl("/app"));
		return session;
	}

	protected Session login(String email, String password) throws Exception {
		MvcResult result = this.mvc
			.perform(json(post("/api/v1/auth/login"), Map.of("email", email, "password", password)))
			.andReturn();
		assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);
		JsonNode data = body(result).get("data");
		return new Session(UUID.fromString(data.get("user").get("id").asString()), email,
				data.get("tokens").get("accessToken").asString(), data.get("tokens").get("refreshToken").asString());
	}

	/** Creates a workspace as the user and answers its id. */
	protected UUID createWorkspace(Session user, String name) throws Exception {
		MvcResult result = this.mvc.perform(as(user.accessToken(), post("/api/v1/workspaces"), Map.of("name", name)))
			.andReturn();
		assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(201);
		return UUID.fromString(body(result).get("data").get("id").asString());
	}

	/** Invites a new person with a role and has them accept; answers their session. */
	protected Session join(Session owner, UUID workspace, String name, String role) throws Exception {
		String email = uniqueEmail(name.toLowerCase(java.util.Locale.ROOT));
		this.mvc
			.perform(as(owner.accessToken(), post("/api/v1/workspaces/" + workspace + "/members"),
					Map.of("email", email, "role", role)))
			.andExpect(status().isCreated());
		String token = linkToken(email, "/invitations/");
		JsonNode tokens = body(this.mvc
			.perform(json(post("/api/v1/invitations/" + token + "/accept"), Map.of("name", name, "password", PASSWORD)))
			.andExpect(status().isOk())
			.andReturn()).get("data").get("tokens");
		String access = tokens.get("accessToken").asString();
		UUID userId = UUID
			.fromString(body(this.mvc.perform(as(access, get("/api/v1/users/me"))).andReturn()).get("data")
				.get("id")
				.asString());
		return new Session(userId, email, access, tokens.get("refreshToken").asString());
	}

	// mail

	/**
	 * Waits for the newest mail to an address and answers the token of the link it
	 * carries.
	 */
	protected String linkToken(String email, String linkPart) {
		Pattern link = Pattern.compile(Pattern.quote(linkPart) + "([A-Za-z0-9_-]+)");
		String[] token = new String[1];
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			String found = null;
			for (MimeMessage message : MAIL.getReceivedMessages()) {
				if (message.getAllRecipients()[0].toString().equalsIgnoreCase(email)) {
					Matcher matcher = link.matcher(String.valueOf(message.getContent()));
					if (matcher.find()) {
						found = matcher.group(1);
					}
				}
			}
			assertThat(found).as("a mail to " + email + " with a link " + linkPart).isNotNull();
			token[0] = found;
		});
		return token[0];
	}

	/**
	 * A signed-in user.
	 *
	 * @param userId the user
	 * @param email their email
	 * @param accessToken the access token
	 * @param refreshToken the refresh token
	 */
	protected record Session(UUID userId, String email, String accessToken, String refreshToken) {
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class TestBeans {

		@Bean
		@Primary
		MutableClock mutableClock() {
			return new MutableClock();
		}

	}

}
