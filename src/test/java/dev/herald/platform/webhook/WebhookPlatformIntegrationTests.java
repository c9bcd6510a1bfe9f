package dev.herald.platform.webhook;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import dev.herald.platform.ChannelAccess;
import dev.herald.platform.FakePlatformServer;
import dev.herald.platform.Platform;
import dev.herald.platform.PlatformContractTests;
import dev.herald.platform.PostContent;
import dev.herald.platform.PublishRequest;
import dev.herald.platform.PublishResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookPlatformIntegrationTests extends PlatformContractTests {

	private static final String SECRET = "whsec-" + UUID.randomUUID();

	private static final FakeWebhookReceiver RECEIVER = new FakeWebhookReceiver(SECRET);

	private final WebhookPlatform platform = new WebhookPlatform(testSettings(), JsonMapper.builder().build(),
			Clock.systemUTC());

	@AfterAll
	static void stopReceiver() {
		RECEIVER.close();
	}

	@Override
	protected Platform platform() {
		return this.platform;
	}

	@Override
	protected ChannelAccess channel() {
		return new ChannelAccess(RECEIVER.url(), null, SECRET);
	}

	@Override
	protected FakePlatformServer fake() {
		return RECEIVER;
	}

	@Override
	protected boolean keepsMetrics() {
		return false;
	}

	@Test
	void aWrongSecretIsRefusedByTheReceiver() {
		PublishResult result = this.platform
			.publish(new PublishRequest(new ChannelAccess(RECEIVER.url(), null, "wrong"), PostContent.of("Signed?"),
					UUID.randomUUID().toString(), Map.of()));
		assertThat(result).isInstanceOf(PublishResult.Rejected.class);
		assertThat(((PublishResult.Rejected) result).reason()).contains("401").contains("bad signature");
	}

	@Test
	void anUnreachableReceiverIsATransientFault() {
		PublishResult result = this.platform
			.publish(new PublishRequest(new ChannelAccess(URI.create("http://127.0.0.1:9/hook"), null, SECRET),
					PostContent.of("Anyone?"), UUID.randomUUID().toString(), Map.of()));
		assertThat(result).isInstanceOf(PublishResult.Transient.class);
	}

	@Test
	void neverShowsTheSecret() {
		assertThat(channel().toString()).doesNotContain(SECRET);
	}

}
