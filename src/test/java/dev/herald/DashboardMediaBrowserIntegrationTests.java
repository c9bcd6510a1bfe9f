package dev.herald;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.herald.media.TestMedia;
import dev.herald.platform.bluesky.FakeBlueskyPds;
import dev.herald.platform.mastodon.FakeMastodon;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The media library in a real browser: a picture and a video uploaded through the file
 * picker with their progress, thumbnails made, alt text written; then a post composed for
 * Mastodon and Bluesky with the picture from the library and another uploaded in the
 * composer, too large for Bluesky and fixed with the variant the checks offer, and the
 * post published with its files.
 */
class DashboardMediaBrowserIntegrationTests extends BrowserTestSupport {

	private static final FakeMastodon MASTODON = new FakeMastodon("unused-" + UUID.randomUUID());

	private static final FakeBlueskyPds PDS = new FakeBlueskyPds();

	private static final String APP_PASSWORD = "browser-media-app-pass";

	@AfterAll
	static void stopFakes() {
		MASTODON.close();
		PDS.close();
	}

	@Test
	void uploadsMediaAttachesItToAPostAndPublishesItWithItsFiles() throws Exception {
		PDS.openSignUp(APP_PASSWORD);
		MASTODON.clock(this.clock::instant);
		PDS.clock(this.clock::instant);
		Session user = signUp("Ines");
		createWorkspace(user, "Ines Studio");
		String brand = data(expect(201, as(user.accessToken(), post("/api/v1/brands"), Map.of("name", "Ines"))))
			.get("id")
			.asString();
		String handle = "ines" + UUID.randomUUID().toString().substring(0, 8);
		connect(user, brand, "mastodon",
				Map.of("instance", MASTODON.url().toString(), "accessToken", MASTODON.issueToken(handle)));
		connect(user, brand, "bluesky",
				Map.of("identifier", handle + ".test", "appPassword", APP_PASSWORD, "pds", PDS.url().toString()));
		logIn(user.email(), PASSWORD);
		waitFor(By.cssSelector("[data-testid=current-workspace]"));

		// the library: empty, then a picture and a video chosen with the file picker
		click(By.linkText("Media"));
		waitFor(By.cssSelector("[data-testid=media-empty]"));
		shot("media-empty");
		Path dir = Files.createTempDirectory("herald-browser-media-");
		Path photo = Files.write(dir.resolve("harbour.jpg"), TestMedia.jpeg(1200, 800));
		Path large = Files.write(dir.resolve("texture.png"), TestMedia.png(900, 900, true));
		Path clip = Files.write(dir.resolve("waves.mp4"), TestMedia.video(2, 640, 360));
		WebElement input = browser.findElement(By.cssSelector("[data-testid=upload-input]"));
		input.sendKeys(photo + "\n" + clip);
		// the page shows the files once all are in, and their thumbnails once made
		WebElement tile = waitFor(By.cssSelector("[data-testid='media-harbour.jpg'] img"));
		waitFor(By.cssSelector("[data-testid='media-waves.mp4'] img"));
		new WebDriverWait(browser, WAIT).until((b) -> (Boolean) ((JavascriptExecutor) b)
			.executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0", tile));
		assertThat(text("[data-testid=storage-usage]")).contains("used");
		shot("media-library");

		// a file's page: its details and its alt text
		click(By.cssSelector("[data-testid='media-harbour.jpg'] .media-name"));
		waitForText("[data-testid=media-details]", "1200 × 800");
		type("altText", "Boats in the harbour at dawn");
		click(By.cssSelector("[data-testid=save-media]"));
		waitForText("[data-testid=notice]", "Saved");
		shot("media-item");

		// the composer: the picture from the library, for both channels
		click(By.cssSelector("[data-testid=compose]"));
		waitFor(By.id("text"));
		browser.findElements(By.cssSelector("input[data-channel]")).forEach(WebElement::click);
		type("text", "Morning at the harbour");
		click(By.cssSelector("[data-testid=open-picker]"));
		click(By.cssSelector("[data-testid='pick-harbour.jpg']"));
		waitFor(By.cssSelector("[data-testid='attached-harbour.jpg']"));
		waitForText("[data-testid=check-summary]", "Every channel accepts this post.");
		// a picture over Bluesky's limit, uploaded from the composer: the check offers a
		// variant for that channel
		browser.findElement(By.cssSelector("[data-testid=composer-upload]")).sendKeys(large.toString());
		waitFor(By.cssSelector("[data-testid='attached-texture.png']"));
		waitForText("[data-testid=check-summary]", "Some channels would refuse this post.");
		shot("composer-media-refused");
		click(By.cssSelector("[data-testid^=fix-]"));
		waitForText("[data-testid=check-summary]", "Every channel accepts this post.");
		shot("composer-media");
		click(By.cssSelector("[data-testid=publish-now]"));
		new WebDriverWait(browser, Duration.ofSeconds(30)).until((b) -> {
			b.navigate().refresh();
			return "Published".equals(b.findElement(By.cssSelector("[data-testid=post-status]")).getText());
		});
		waitFor(By.cssSelector("[data-testid=post-media]"));
		shot("post-published-media");

		// both platforms have the post with its two files; Bluesky the smaller variant
		FakeMastodon.Status status = MASTODON.statusesOf(handle).getFirst();
		assertThat(MASTODON.attachments(status.id())).hasSize(2)
			.first()
			.satisfies((upload) -> assertThat(upload.description()).isEqualTo("Boats in the harbour at dawn"));
		JsonNode record = PDS.records().getLast().value();
		assertThat(record.at("/embed/images")).hasSize(2);
		assertThat(record.at("/embed/images/0/alt").asString()).isEqualTo("Boats in the harbour at dawn");
		assertThat(record.at("/embed/images/1/image/size").asLong()).isLessThanOrEqualTo(1_000_000L);
	}

	private void connect(Session user, String brand, String platform, Map<String, Object> body) throws Exception {
		expect(201, as(user.accessToken(), post("/api/v1/brands/" + brand + "/channels/connect/" + platform), body));
	}

}
