package dev.herald.platform;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a platform's media limits refuse, and the variant each refusal offers: type, size,
 * aspect ratio (Instagram's 4:5 to 1.91:1) and duration.
 */
class MediaLimitsTests {

	private static final MediaLimits INSTAGRAM_LIKE = new MediaLimits(8_000_000, 300_000_000,
			Set.of("image/jpeg", "video/mp4"), 0.8, 1.91, Duration.ofMinutes(15));

	@Test
	void takesWhatFits() {
		assertThat(INSTAGRAM_LIKE.refusal(picture("image/jpeg", 1_000_000, 1080, 1350))).isNull();
		assertThat(INSTAGRAM_LIKE.refusal(picture("image/jpeg", 1_000_000, 1910, 1000))).isNull();
		assertThat(INSTAGRAM_LIKE.refusal(video(50_000_000, 1080, 1080, Duration.ofMinutes(15)))).isNull();
		// shape and length unknown: not judged
		assertThat(INSTAGRAM_LIKE.refusal(picture("image/jpeg", 1_000_000, null, null))).isNull();
	}

	@Test
	void refusesAShapeOutsideTheRatiosAndOffersACrop() {
		Media tall = picture("image/jpeg", 1_000_000, 1080, 1920);
		assertThat(INSTAGRAM_LIKE.refusal(tall)).isEqualTo("Is 9:16 (width ÷ height); 4:5 to 1.91:1 is accepted");
		MediaFix fix = INSTAGRAM_LIKE.fix(tall);
		assertThat(fix)
			.isEqualTo(new MediaFix("m", "jpeg", null, "4:5-1.91:1", "Make a JPEG cropped to 4:5 to 1.91:1"));
	}

	@Test
	void refusesATypeOrSizeAndOffersAJpegWithinTheLimit() {
		Media png = picture("image/png", 9_500_000, 1080, 1080);
		assertThat(INSTAGRAM_LIKE.refusal(png)).isEqualTo("Files of type image/png are not accepted");
		assertThat(INSTAGRAM_LIKE.fix(png))
			.isEqualTo(new MediaFix("m", "jpeg", 8_000_000L, null, "Make a JPEG under 8 MB"));
	}

	@Test
	void refusesAVideoTooLongWithoutAFixOnlyTheUserCanMake() {
		Media longVideo = video(50_000_000, 1080, 1080, Duration.ofMinutes(16).plusSeconds(5));
		assertThat(INSTAGRAM_LIKE.refusal(longVideo)).isEqualTo("Is 16:05 long; at most 15:00 is accepted");
		assertThat(INSTAGRAM_LIKE.fix(longVideo)).isNull();
	}

	@Test
	void aPlatformWithoutVideosOffersNoVariantOfOne() {
		MediaLimits picturesOnly = new MediaLimits(1_000_000, 0, Set.of());
		Media clip = video(10_000, 640, 360, Duration.ofSeconds(3));
		assertThat(picturesOnly.refusal(clip)).isEqualTo("Files of type video/mp4 are not accepted");
		assertThat(picturesOnly.fix(clip)).isNull();
	}

	private static Media picture(String type, long size, Integer width, Integer height) {
		return new Media("m", type, size, null, width, height, null, () -> Path.of("unused"));
	}

	private static Media video(long size, int width, int height, Duration duration) {
		return new Media("m", "video/mp4", size, null, width, height, duration.toMillis(), () -> Path.of("unused"));
	}

}
