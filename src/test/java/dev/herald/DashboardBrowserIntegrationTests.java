package dev.herald;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.exceptions.CodeGenerationException;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The dashboard in a real browser (headless Debian Chromium): people sign up, verify by
 * the mailed link, log in, create a workspace and a brand, invite a colleague who joins
 * through the mailed invitation, and turn on two-factor authentication. Set
 * {@code -Dscreenshots=true} to keep a screenshot of each step under
 * {@code target/screenshots}.
 */
class DashboardBrowserIntegrationTests extends BrowserTestSupport {

	@Test
	void signsUpCreatesAWorkspaceAndABrandAndInvitesAColleagueWhoJoins() {
		String email = uniqueEmail("ann");

		// sign up and verify by the mailed link (the GET only shows a button)
		open("/");
		shot("landing");
		open("/signup");
		type("name", "Ann Admin");
		type("email", email);
		type("password", PASSWORD);
		shot("signup");
		submit();
		waitForText("h1", "Check your email");
		open("/verify-email?token=" + linkToken(email, "/verify-email?token="));
		shot("verify-email");
		click(By.cssSelector("[data-testid=verify]"));
		waitForText("[data-testid=notice]", "verified");

		// log in: a new user has no workspace yet
		logIn(email, PASSWORD);
		waitFor(By.cssSelector("[data-testid=empty-state]"));
		shot("welcome");

		// create a workspace
		click(By.linkText("Create a workspace"));
		type("name", "Acme Studio");
		new Select(browser.findElement(By.id("timezone"))).selectByValue("Europe/Paris");
		shot("new-workspace");
		click(By.cssSelector("[data-testid=create-workspace]"));
		waitForText("[data-testid=workspace-name]", "Acme Studio");
		assertThat(text("[data-testid=current-workspace]")).isEqualTo("Acme Studio");
		shot("home");

		// create a brand with its profile
		open("/app/brands");
		waitFor(By.cssSelector("[data-testid=brands-empty]"));
		shot("brands-empty");
		click(By.cssSelector("[data-testid=new-brand]"));
		type("name", "Acme Coffee");
		type("industry", "Specialty coffee");
		type("description", "Small-batch roastery in Lyon.");
		type("toneOfVoice", "Warm and witty");
		type("hashtags", "#coffee roastery");
		// htmx adds a goal row in place
		click(By.cssSelector("[data-testid=add-goal]"));
		new WebDriverWait(browser, WAIT).until((b) -> b.findElements(By.name("goalName")).size() == 2);
		List<WebElement> goalNames = browser.findElements(By.name("goalName"));
		goalNames.getFirst().sendKeys("followers");
		browser.findElements(By.name("goalValue")).getFirst().sendKeys("10000");
		goalNames.get(1).sendKeys("engagement_rate");
		browser.findElements(By.name("goalValue")).get(1).sendKeys("4.5");
		shot("brand-new");
		click(By.cssSelector("[data-testid=save-brand]"));
		waitForText("[data-testid=brand-title]", "Acme Coffee");
		assertThat(browser.findElement(By.name("hashtags")).getDomProperty("value")).isEqualTo("#coffee #roastery");
		assertThat(browser.findElements(By.name("goalName")).getFirst().getDomProperty("value")).isEqualTo("followers");
		shot("brand");
		open("/app/brands");
		waitForText("[data-testid=brands]", "Acme Coffee");
		shot("brands");

		// a refused value is shown next to its field
		open("/app/brands/new");
		type("name", "Bad");
		type("logoUrl", "not a url");
		click(By.cssSelector("[data-testid=save-brand]"));
		waitForText("#logoUrl-error", "http");

		// invite a colleague
		String colleague = uniqueEmail("bob");
		open("/app/members");
		type("invite-email", colleague);
		new Select(browser.findElement(By.id("invite-role"))).selectByValue("MEMBER");
		click(By.cssSelector("[data-testid=send-invitation]"));
		waitForText("[data-testid=notice]", "Invitation sent");
		assertThat(text("[data-testid=invitations]")).contains(colleague);
		shot("members");
		String invitation = linkToken(colleague, "/invitations/");
		logOut();

		// the colleague opens the mailed link, signs up through it and lands in the
		// workspace
		open("/invitations/" + invitation);
		waitForText("h1", "Join Acme Studio");
		shot("invitation");
		type("name", "Bob Member");
		type("password", PASSWORD);
		click(By.cssSelector("[data-testid=join]"));
		waitForText("[data-testid=workspace-name]", "Acme Studio");
		assertThat(text(".sidebar")).contains("Brands").doesNotContain("Settings").doesNotContain("Audit log");
		assertThat(browser.getPageSource()).contains("You are member");
		shot("invitee-home");

		// what the role cannot do is refused, not only hidden
		open("/app/settings");
		waitForText("h1", "This needs the ADMIN role");
		open("/app");
		logOut();

		// the owner changes the colleague's role in place (htmx: the page is not
		// reloaded)
		logIn(email, PASSWORD);
		waitForText("[data-testid=workspace-name]", "Acme Studio");
		open("/app/members");
		WebElement row = waitFor(By.xpath("//table[@data-testid='members']//tr[contains(., 'Bob Member')]"));
		((JavascriptExecutor) browser).executeScript("window.heraldMarker = 'same page';");
		new Select(row.findElement(By.tagName("select"))).selectByValue("VIEWER");
		row.findElement(By.tagName("button")).click();
		waitForText("[data-testid=notice]", "Bob Member is now Viewer");
		assertThat(((JavascriptExecutor) browser).executeScript("return window.heraldMarker;")).isEqualTo("same page");
		shot("members-htmx");

		// a second workspace becomes the current one; the switcher goes back
		open("/app/workspaces/new");
		type("name", "Side Project");
		click(By.cssSelector("[data-testid=create-workspace]"));
		waitForText("[data-testid=current-workspace]", "Side Project");
		click(By.cssSelector(".switcher summary"));
		shot("switcher");
		click(By.xpath("//details[contains(@class, 'switcher')]//button[contains(., 'Acme Studio')]"));
		waitForText("[data-testid=workspace-name]", "Acme Studio");
		assertThat(text("[data-testid=current-workspace]")).isEqualTo("Acme Studio");

		// the audit log shows what happened
		open("/app/audit");
		waitForText("[data-testid=audit]", "brand");
		shot("audit");
	}

	@Test
	void turnsOnTwoFactorAndLogsInWithACode() throws Exception {
		Session user = signUp("Cleo");
		logIn(user.email(), PASSWORD);
		waitFor(By.cssSelector("[data-testid=empty-state]"));

		open("/account/security");
		click(By.cssSelector("[data-testid=setup-2fa]"));
		String secret = waitFor(By.id("totp-secret")).getText().trim();
		shot("2fa-setup");
		type("code", totp(secret, this.clock.instant()));
		click(By.cssSelector("[data-testid=enable-2fa]"));
		waitFor(By.cssSelector("[data-testid=recovery-codes]"));
		assertThat(text("[data-testid='2fa-status']")).isEqualTo("On");
		shot("2fa-on");
		logOut();

		logIn(user.email(), PASSWORD);
		waitFor(By.cssSelector("[data-testid=verify-code]"));
		shot("login-2fa");
		type("code", "000000");
		click(By.cssSelector("[data-testid=verify-code]"));
		waitForText("[data-testid=form-error]", "code is not right");
		// a code is good once: the next one belongs to the next 30-second step
		this.clock.advance(Duration.ofSeconds(30));
		type("code", totp(secret, this.clock.instant()));
		click(By.cssSelector("[data-testid=verify-code]"));
		waitFor(By.cssSelector("[data-testid=empty-state]"));

		// turning it off takes the password and a fresh code
		open("/account/security");
		click(By.cssSelector("#two-factor details summary"));
		type("disable-password", PASSWORD);
		this.clock.advance(Duration.ofSeconds(30));
		type("disable-code", totp(secret, this.clock.instant()));
		click(By.cssSelector("[data-testid=disable-2fa]"));
		waitForText("[data-testid=notice]", "Two-factor authentication is off");
		assertThat(text("[data-testid='2fa-status']")).isEqualTo("Off");
	}

	@Test
	void resetsAForgottenPasswordAndManagesTheWorkspaceAndItsApiKeys() {
		Session user;
		try {
			user = signUp("Gus");
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}

		// forgot password: the mailed link leads to a new password
		open("/forgot-password");
		type("email", user.email());
		submit();
		waitForText("main", "is on its way");
		open("/reset-password?token=" + linkToken(user.email(), "/reset-password?token="));
		type("password", "short");
		submit();
		waitForText("#password-error", "at least 10");
		type("password", "a brand new passphrase");
		submit();
		waitForText("[data-testid=notice]", "Your password is changed");
		logIn(user.email(), "a brand new passphrase");
		waitFor(By.cssSelector("[data-testid=empty-state]"));

		// settings: rename; deletion asks for the exact name
		open("/app/workspaces/new");
		type("name", "Gus Media");
		click(By.cssSelector("[data-testid=create-workspace]"));
		waitForText("[data-testid=workspace-name]", "Gus Media");
		open("/app/settings");
		type("name", "Gus Media Group");
		click(By.cssSelector("[data-testid=save-settings]"));
		waitForText("[data-testid=notice]", "saved");
		assertThat(text("[data-testid=current-workspace]")).isEqualTo("Gus Media Group");
		shot("settings");

		// API keys: the secret is shown once, then only its prefix
		open("/account/api-keys");
		type("key-name", "Zapier");
		browser.findElement(By.cssSelector("input[name=scopes][value=WRITE]")).click();
		click(By.cssSelector("[data-testid=create-key]"));
		String secret = waitFor(By.id("new-key")).getText();
		assertThat(secret).isNotBlank();
		assertThat(text("[data-testid=keys]")).contains("Zapier").doesNotContain(secret);
		shot("api-keys");
		open("/account/api-keys");
		assertThat(browser.getPageSource()).doesNotContain(secret);
		click(By.xpath("//table[@data-testid='keys']//tr[contains(., 'Zapier')]//button"));
		waitForText("[data-testid=notice]", "The key is revoked");

		// on a phone the sidebar becomes a strip above the page
		browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
		open("/app");
		waitForText("[data-testid=workspace-name]", "Gus Media Group");
		shot("mobile-home");
		browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));

		open("/app/settings");
		type("confirmName", "Gus");
		click(By.cssSelector("[data-testid=delete-workspace]"));
		waitForText("#confirmName-error", "Type the workspace's name exactly");
		type("confirmName", "Gus Media Group");
		click(By.cssSelector("[data-testid=delete-workspace]"));
		waitForText("[data-testid=notice]", "Workspace Gus Media Group is deleted");
		waitFor(By.cssSelector("[data-testid=empty-state]"));
	}

	@Test
	void aSignedOutMemberOfAnotherWorkspaceLogsInAndAcceptsAnInvitation() throws Exception {
		Session owner = signUp("Hana");
		java.util.UUID workspace = createWorkspace(owner, "Hana Studio");
		Session guest = signUp("Ivo");
		this.mvc
			.perform(as(owner.accessToken(), post("/api/v1/workspaces/" + workspace + "/members"),
					java.util.Map.of("email", guest.email(), "role", "VIEWER")))
			.andExpect((r) -> assertThat(r.getResponse().getStatus()).isEqualTo(201));
		String token = linkToken(guest.email(), "/invitations/");

		open("/invitations/" + token);
		click(By.cssSelector("[data-testid=login-to-accept]"));
		type("email", guest.email());
		type("password", PASSWORD);
		click(By.cssSelector("[data-testid=login]"));
		// back on the invitation, now signed in with the invited address
		click(By.cssSelector("[data-testid=accept]"));
		waitForText("[data-testid=workspace-name]", "Hana Studio");
		assertThat(browser.getPageSource()).contains("You are viewer");
		assertThat(text(".sidebar")).doesNotContain("Settings");
	}

	// helpers
	// --------------------------------------------------------------------------------

	private static String totp(String secret, Instant at) throws CodeGenerationException {
		return new DefaultCodeGenerator().generate(secret, at.getEpochSecond() / 30);
	}

}
