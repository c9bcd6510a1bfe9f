package dev.herald;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The AI studio in a real browser, against the fake OpenAI endpoint: a strategy written
 * and shown, a batch of drafts followed to the end by its progress bar, the credits used;
 * then the composer's AI card writes a post and adapts it to each channel, and its
 * suggestions fill the fields without saving anything.
 */
class DashboardStudioBrowserIntegrationTests extends BrowserTestSupport {

	@org.springframework.beans.factory.annotation.Autowired
	org.springframework.jdbc.core.simple.JdbcClient jdbc;

	@Test
	void writesAStrategyFillsTheCalendarAndHelpsInTheComposer() throws Exception {
		Session user = signUp("Ines");
		createWorkspace(user, "Ines Roasters");
		String brand = data(expect(201,
				as(user.accessToken(), post("/api/v1/brands"),
						Map.of("name", "Ines Coffee", "description", "A roastery in Lyon", "toneOfVoice", "warm"))))
			.get("id")
			.asString();
		for (String name : new String[] { "Shop feed", "Wholesale feed" }) {
			expect(201, as(user.accessToken(), post("/api/v1/brands/" + brand + "/channels/connect/webhook"),
					Map.of("url", "https://hooks.example.com/" + UUID.randomUUID(), "name", name)));
		}
		logIn(user.email(), PASSWORD);

		// the studio: no strategy yet, then one written and shown
		click(By.cssSelector("[data-testid=nav-studio]"));
		waitFor(By.cssSelector("[data-testid=no-strategy]"));
		shot("studio-empty");
		type("goals", "Sell 50 bags a week online");
		click(By.cssSelector("[data-testid=write-strategy]"));
		waitForText("[data-testid=notice]", "Strategy version 1");
		assertThat(text("[data-testid=active-strategy]")).contains("Behind the scenes", "Know-how", "Community",
				"posts a week");
		shot("studio-strategy");

		// a batch of 7 drafts, followed by its progress bar to the end
		setValue(browser.findElement(By.id("count")), "7");
		click(By.cssSelector("[data-testid=start-batch]"));
		waitForText("[data-testid=notice]", "Writing 7 drafts");
		new WebDriverWait(browser, WAIT)
			.until((b) -> b.findElement(By.cssSelector("[data-testid=job-status]")).getText().equals("Completed"));
		assertThat(text("[data-testid=jobs]")).contains("7 written");
		open("/studio");
		assertThat(text("[data-testid=ai-credits]")).contains("8 of 10 credits used", "8 generations");
		shot("studio-batch");
		// then scheduled, each at its planned time
		click(By.cssSelector("[data-testid=schedule-batch]"));
		browser.switchTo().alert().accept();
		waitForText("[data-testid=notice]", "7 drafts are scheduled");
		assertThat(this.jdbc.sql("SELECT count(*) FROM posts WHERE brand_id = ? AND status = 'SCHEDULED'")
			.param(UUID.fromString(brand))
			.query(Integer.class)
			.single()).isEqualTo(7);
		// taken back, so that no later test's clock makes them due
		for (UUID post : this.jdbc.sql("SELECT id FROM posts WHERE brand_id = ? AND status = 'SCHEDULED'")
			.param(UUID.fromString(brand))
			.query(UUID.class)
			.list()) {
			expect(200, as(user.accessToken(), post("/api/v1/posts/" + post + "/cancel")));
		}

		// the composer's AI card writes, and its suggestion fills the text
		open("/posts/new");
		waitFor(By.cssSelector("[data-testid=ai-write]"));
		click(By.cssSelector("[data-testid='channel-Shop feed']"));
		click(By.cssSelector("[data-testid='channel-Wholesale feed']"));
		type("aiTopic", "our new Ethiopian roast");
		click(By.cssSelector("[data-testid=ai-write]"));
		waitForText("[data-testid=ai-text]", "our new Ethiopian roast");
		clickInView(By.cssSelector("[data-testid=ai-use]"));
		new WebDriverWait(browser, WAIT)
			.until((b) -> b.findElement(By.id("text")).getDomProperty("value").contains("our new Ethiopian roast"));
		assertThat(browser.findElement(By.id("hashtags")).getDomProperty("value")).contains("#smallbusiness");
		waitForText("[data-testid=check-summary]", "Every channel accepts this post.");
		shot("composer-ai-write");

		// adapted to each channel: each gets its own text
		clickInView(By.cssSelector("[data-testid=ai-adapt]"));
		waitForText("[data-testid=ai-result]", "A version for each channel");
		clickInView(By.cssSelector("[data-testid=ai-use]"));
		new WebDriverWait(browser, WAIT)
			.until((b) -> b.findElements(By.cssSelector("[role=tab].has-override")).size() == 2);
		shot("composer-ai-adapt");
		assertThat(browser.getCurrentUrl()).as("nothing was saved").endsWith("/posts/new");
	}

	/**
	 * Clicks an element of the composer's side column once it is scrolled to the middle.
	 */
	private void clickInView(By by) {
		org.openqa.selenium.WebElement element = waitFor(by);
		((org.openqa.selenium.JavascriptExecutor) browser)
			.executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
		element.click();
	}

}
