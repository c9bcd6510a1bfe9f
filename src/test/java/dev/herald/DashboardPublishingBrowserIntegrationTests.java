package dev.herald;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import dev.herald.platform.webhook.FakeWebhookReceiver;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Publishing in a real browser: a webhook channel connected on the Channels page to a
 * receiver that checks Herald's signatures, a post written in the composer with its live
 * counters, scheduled a few minutes ahead, published when the clock passes its time, and
 * shown on the calendar as published, with the author notified; then a post dragged to
 * another day, and a refused drop put back.
 */
class DashboardPublishingBrowserIntegrationTests extends BrowserTestSupport {

	private static final String SECRET = "whsec_browser_test_receiver_secret";

	private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

	@Test
	void connectsAWebhookComposesAndSchedulesAPostAndSeesItPublishedOnTheCalendar() throws Exception {
		try (FakeWebhookReceiver receiver = new FakeWebhookReceiver(SECRET)) {
			// the receiver judges a signature's age by Herald's clock, which tests move
			receiver.clock(this.clock::instant);
			Session user = signUp("Vera");
			logIn(user.email(), PASSWORD);
			waitFor(By.cssSelector("[data-testid=empty-state]"));

			// a workspace in Paris and a brand
			open("/app/workspaces/new");
			type("name", "Vera Roasters");
			new Select(browser.findElement(By.id("timezone"))).selectByValue("Europe/Paris");
			click(By.cssSelector("[data-testid=create-workspace]"));
			waitForText("[data-testid=workspace-name]", "Vera Roasters");
			open("/app/brands/new");
			type("name", "Vera Coffee");
			click(By.cssSelector("[data-testid=save-brand]"));
			waitForText("[data-testid=brand-title]", "Vera Coffee");

			// the channels page: nothing yet, then a webhook with the receiver's secret
			click(By.linkText("Channels"));
			waitForText("main", "No channel yet");
			shot("channels-empty");
			click(By.cssSelector("[data-testid='connect-Vera Coffee']"));
			waitFor(By.id("connect-webhook"));
			shot("channel-connect");
			// a refused URL is said next to its field
			type("webhook-url", "http://example.com/hook");
			click(By.cssSelector("[data-testid=connect-webhook]"));
			waitForText("#url-error", "https://");
			type("webhook-url", receiver.url().toString());
			type("webhook-name", "Roastery feed");
			type("webhook-secret", SECRET);
			click(By.cssSelector("[data-testid=connect-webhook]"));
			waitForText("[data-testid=signing-secret]", SECRET);
			assertThat(text("[data-testid=channel-title]")).contains("Roastery feed").contains("Active");
			shot("channel-connected");

			// a posting slot
			List<WebElement> times = browser.findElements(By.name("time"));
			setValue(times.getLast(), "09:30");
			click(By.cssSelector("[data-testid=save-slots]"));
			waitForText("[data-testid=notice]", "posting slots");
			((JavascriptExecutor) browser).executeScript("document.getElementById('slots-title').scrollIntoView()");
			shot("channel-slots");
			open("/channels");
			waitForText("[data-testid=channels]", "Roastery feed");
			shot("channels");

			// the composer: live counters as the server counts
			click(By.cssSelector("[data-testid=compose]"));
			waitFor(By.id("text"));
			click(By.cssSelector("[data-testid='channel-Roastery feed']"));
			type("text", "Fresh roast today");
			By counter = By.cssSelector("[data-testid^=counter-]");
			new WebDriverWait(browser, WAIT).until((b) -> b.findElements(counter).size() == 1
					&& b.findElement(counter).getText().equals("17 / 10000"));
			browser.findElement(By.id("text")).sendKeys(": Ethiopia, washed.");
			new WebDriverWait(browser, WAIT).until((b) -> b.findElement(counter).getText().equals("36 / 10000"));
			// a second part, and the channel's own text in its tab
			click(By.cssSelector("[data-testid=add-part]"));
			WebElement part = waitFor(By.cssSelector(".thread-part textarea"));
			part.sendKeys("Come by the shop, first cup on us.");
			waitForText("[data-testid=checks]", "Part 2");
			assertThat(text("[data-testid=check-summary]")).isEqualTo("Every channel accepts this post.");
			click(By.cssSelector("[role=tab][data-tab-channel]"));
			WebElement own = waitFor(By.cssSelector("[role=tabpanel]:not([hidden]) textarea[name=overrideText]"));
			own.sendKeys("Fresh roast today (feed edition)");
			click(By.id("tab-main"));
			assertThat(new Select(browser.findElement(By.id("timezone"))).getFirstSelectedOption().getText())
				.isEqualTo("Europe/Paris");
			// a few minutes ahead of Herald's clock, in Paris
			ZonedDateTime at = this.clock.instant().atZone(PARIS).plusMinutes(2).truncatedTo(ChronoUnit.MINUTES);
			setValue(browser.findElement(By.id("scheduledAt")),
					DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").format(at));
			shot("composer");
			((JavascriptExecutor) browser).executeScript("window.scrollTo(0, document.body.scrollHeight)");
			shot("composer-bottom");
			click(By.cssSelector("[data-testid=schedule]"));
			waitForText("[data-testid=notice]", "Scheduled for");
			assertThat(text("[data-testid=post-status]")).isEqualTo("Scheduled");
			assertThat(text("[data-testid=scheduled-for]")).contains(DateTimeFormatter.ofPattern("HH:mm").format(at))
				.contains("Europe/Paris");
			String postUrl = browser.getCurrentUrl();
			shot("post-scheduled");

			// Herald's clock passes the time: the dispatcher publishes to the receiver
			this.clock.advance(Duration.ofMinutes(3));
			new WebDriverWait(browser, Duration.ofSeconds(30)).until((b) -> {
				b.navigate().refresh();
				return "Published".equals(b.findElement(By.cssSelector("[data-testid=post-status]")).getText());
			});
			assertThat(receiver.accepted()).isEqualTo(1);
			assertThat(text("[data-testid=targets]")).contains("Roastery feed").contains("Published");
			shot("post-published");
			open("/posts");
			waitForText("[data-testid=posts]", "Fresh roast today");
			shot("posts");
			browser.navigate().back();

			// the calendar shows it, colored as published; a click opens it
			click(By.linkText("Calendar"));
			By event = By.cssSelector(".fc-event.status-published");
			WebElement shown = waitFor(event);
			assertThat(shown.getText()).contains("Fresh roast today");
			assertThat(text("main")).contains("Times in Europe/Paris");
			shot("calendar-month");
			click(By.cssSelector(".fc-timeGridWeek-button"));
			waitFor(event);
			shot("calendar-week");
			click(By.cssSelector(".fc-listMonth-button"));
			waitForText(".fc-list", "Fresh roast today");
			shot("calendar-list");
			click(By.cssSelector(".fc-dayGridMonth-button"));
			click(event);
			new WebDriverWait(browser, WAIT).until((b) -> b.getCurrentUrl().equals(postUrl));

			// the author is told: a badge, the notification, read
			new WebDriverWait(browser, WAIT).until((b) -> {
				b.navigate().refresh();
				return b.findElements(By.cssSelector("[data-testid=unread-count]")).size() == 1;
			});
			assertThat(text("[data-testid=unread-count]")).isEqualTo("1");
			click(By.cssSelector("[data-testid=bell]"));
			waitForText("[data-testid=notifications]", "Published: Fresh roast today");
			shot("notifications");
			click(By.cssSelector("[data-testid=read-all]"));
			waitForText("[data-testid=notice]", "marked read");
			assertThat(browser.findElements(By.cssSelector("[data-testid=unread-count]"))).isEmpty();

			// a scheduled post is moved by dragging it to another day; its time of day
			// stays
			LocalDate day = this.clock.instant().atZone(PARIS).toLocalDate().plusDays(10);
			String channel = body(this.mvc.perform(as(user.accessToken(), get("/api/v1/posts"))).andReturn())
				.get("data")
				.get(0)
				.get("targets")
				.get(0)
				.get("channelId")
				.asString();
			String moving = body(this.mvc
				.perform(as(user.accessToken(), post("/api/v1/posts"), Map.of("brandId", brandOf(user), "text",
						"Cupping on Saturday", "targets", List.of(Map.of("channelId", channel)), "scheduledFor",
						day.atTime(10, 0).atZone(PARIS).toOffsetDateTime().toString(), "timezone", "Europe/Paris")))
				.andReturn()).get("data").get("id").asString();
			this.mvc.perform(as(user.accessToken(), post("/api/v1/posts/" + moving + "/schedule")))
				.andExpect(status().isOk());
			open("/calendar");
			waitFor(By.cssSelector(".fc-daygrid"));
			((JavascriptExecutor) browser)
				.executeScript("document.getElementById('calendar').calendar.gotoDate(arguments[0])", day.toString());
			By movingEvent = By.cssSelector(".fc-event[data-post='" + moving + "']");
			LocalDate target = browser.findElements(By.cssSelector("td[data-date='" + day.plusDays(1) + "']")).isEmpty()
					? day.minusDays(1) : day.plusDays(1);
			drag(waitFor(movingEvent), By.cssSelector("td.fc-daygrid-day[data-date='" + target + "']"));
			waitForText("[data-testid=calendar-notice]", "Moved to");
			shot("calendar-moved");
			assertThat(Instant.parse(postOf(user, moving).get("scheduledFor").asString()))
				.isEqualTo(target.atTime(10, 0).atZone(PARIS).toInstant());
			assertThat(postOf(user, moving).get("status").asString()).isEqualTo("SCHEDULED");

			// refused (someone deleted it meanwhile): the post goes back and the page
			// says
			// why
			this.mvc.perform(as(user.accessToken(), delete("/api/v1/posts/" + moving)))
				.andExpect(status().isNoContent());
			drag(waitFor(movingEvent), By.cssSelector("td.fc-daygrid-day[data-date='" + day + "']"));
			waitForText("[data-testid=calendar-message]", "no longer exists");
			new WebDriverWait(browser, WAIT)
				.until((b) -> b.findElement(By.cssSelector("td.fc-daygrid-day[data-date='" + target + "']"))
					.findElements(movingEvent)
					.size() == 1);
			shot("calendar-refused");
		}
	}

	/**
	 * Drags with the mouse, as FullCalendar's pointer handling expects: press, move,
	 * release.
	 */
	private void drag(WebElement element, By target) {
		WebElement cell = waitFor(target);
		new Actions(browser).clickAndHold(element)
			.moveByOffset(10, 10)
			.moveToElement(cell)
			.moveByOffset(0, 5)
			.release()
			.perform();
	}

	private String brandOf(Session user) throws Exception {
		return body(this.mvc.perform(as(user.accessToken(), get("/api/v1/brands"))).andReturn()).get("data")
			.get(0)
			.get("id")
			.asString();
	}

	private JsonNode postOf(Session user, String id) throws Exception {
		return body(this.mvc.perform(as(user.accessToken(), get("/api/v1/posts/" + id))).andReturn()).get("data");
	}

}
