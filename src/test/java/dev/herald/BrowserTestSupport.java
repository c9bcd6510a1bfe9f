package dev.herald;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.herald.studio.FakeOpenAi;
import dev.herald.studio.FakeStudioWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * The base of tests that drive the dashboard in a real browser (headless Debian
 * Chromium): one browser per test class, signed out before each test, and the steps a
 * person takes. Set {@code -Dscreenshots=true} to keep a screenshot of each named step
 * under {@code target/screenshots}.
 */
abstract class BrowserTestSupport extends IntegrationTestSupport {

	protected static final Duration WAIT = Duration.ofSeconds(15);

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static Path profileDir;

	protected static WebDriver browser;

	/**
	 * A port known before the server starts, so that the absolute links Herald makes (the
	 * signed URLs of local media) lead the browser back to this server.
	 */
	private static final int PORT = freePort();

	@LocalServerPort
	int port;

	/**
	 * The AI provider of the dashboard's tests: the fake OpenAI endpoint with the answers
	 * a person trying Herald without a key gets.
	 */
	protected static final FakeOpenAi OPENAI = FakeStudioWriter.install(new FakeOpenAi("sk-browser-test"));

	@DynamicPropertySource
	static void fixedPort(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
		registry.add("herald.api-base-url", () -> "http://localhost:" + PORT);
		registry.add("herald.studio.openai.api-key", () -> "sk-browser-test");
		registry.add("herald.studio.openai.base-url", () -> OPENAI.url() + "/v1");
	}

	private static int freePort() {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@BeforeAll
	static void startBrowser() throws IOException {
		System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
		profileDir = Files.createTempDirectory("herald-chromium-");
		ChromeOptions options = new ChromeOptions();
		options.setBinary("/usr/bin/chromium");
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--window-size=1280,900", "--user-data-dir=" + profileDir);
		browser = new ChromeDriver(options);
	}

	@AfterAll
	static void stopBrowser() throws IOException {
		if (browser != null) {
			browser.quit();
			browser = null;
		}
		if (profileDir != null) {
			FileSystemUtils.deleteRecursively(profileDir);
		}
	}

	@BeforeEach
	void signedOut() {
		open("/login");
		browser.manage().deleteAllCookies();
	}

	protected void logIn(String email, String password) {
		open("/login");
		type("email", email);
		type("password", password);
		click(By.cssSelector("[data-testid=login]"));
	}

	protected void logOut() {
		click(By.cssSelector(".user-menu summary"));
		click(By.cssSelector("[data-testid=logout]"));
		waitForText("main", "You are logged out");
	}

	protected void open(String path) {
		browser.get("http://localhost:" + this.port + path);
	}

	protected void type(String id, String value) {
		WebElement field = waitFor(By.id(id));
		field.clear();
		field.sendKeys(value);
	}

	/**
	 * Sets a field's value as a script would, for inputs whose typing depends on the
	 * browser's locale (date and time pickers), and tells the page it changed.
	 */
	protected void setValue(WebElement field, String value) {
		((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];"
				+ "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
				+ "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));", field, value);
	}

	protected void submit() {
		browser.findElement(By.cssSelector("main form button[type=submit]")).click();
	}

	protected void click(By by) {
		new WebDriverWait(browser, WAIT).until(ExpectedConditions.elementToBeClickable(by)).click();
	}

	protected WebElement waitFor(By by) {
		try {
			return new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
		}
		catch (org.openqa.selenium.TimeoutException ex) {
			shot("failure");
			throw new AssertionError("No " + by + " on " + browser.getCurrentUrl() + ":\n"
					+ browser.findElement(By.tagName("body")).getText(), ex);
		}
	}

	protected void waitForText(String css, String text) {
		try {
			new WebDriverWait(browser, WAIT)
				.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
		}
		catch (org.openqa.selenium.TimeoutException ex) {
			shot("failure");
			throw new AssertionError("No '" + text + "' in " + css + " of " + browser.getCurrentUrl() + ":\n"
					+ browser.findElement(By.tagName("body")).getText(), ex);
		}
	}

	protected String text(String css) {
		return browser.findElement(By.cssSelector(css)).getText();
	}

	protected static void shot(String name) {
		if (!Boolean.getBoolean("screenshots")) {
			return;
		}
		try {
			Files.createDirectories(SCREENSHOTS);
			byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
			Files.write(SCREENSHOTS.resolve(name + ".png"), png);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
