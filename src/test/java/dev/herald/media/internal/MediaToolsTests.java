package dev.herald.media.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.herald.common.ApiError;
import dev.herald.media.MediaKind;
import dev.herald.media.TestMedia;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The media library's tools on their own: without FFmpeg pictures still work and videos
 * say what is missing; a run that takes too long is stopped; old temporary files go;
 * variant specs read back as written.
 */
class MediaToolsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	Path dir;

	@Test
	void picturesWorkWithoutFfmpegAndVideosSayHowToInstallIt() throws Exception {
		Ffmpeg missing = new Ffmpeg("/nonexistent/bin/ffmpeg", Duration.ofSeconds(10), JSON);
		Inspector inspector = new Inspector(missing, 50);
		Path picture = Files.write(this.dir.resolve("a.png"), TestMedia.png(30, 20));
		Inspector.Inspection image = inspector.inspect(picture);
		assertThat(image.kind()).isEqualTo(MediaKind.IMAGE);
		assertThat(image.width()).isEqualTo(30);

		Path video = Files.write(this.dir.resolve("v.mp4"), TestMedia.video(1, 160, 120));
		Inspector.Inspection clip = inspector.inspect(video);
		assertThat(clip.kind()).isEqualTo(MediaKind.VIDEO);
		assertThat(clip.durationMs()).isNull();
		assertThat(clip.note()).contains("FFMPEG_PATH").contains("apt-get install ffmpeg");

		VariantMaker maker = new VariantMaker(inspector, missing,
				new TempFiles(this.dir.resolve("temp"), Duration.ofHours(24), Clock.systemUTC()));
		assertThatThrownBy(() -> maker.make(video, "video/mp4", 1000L, VariantSpec.PRESETS.get("mp4")))
			.hasMessageContaining("FFMPEG_PATH");
	}

	@Test
	void stopsAnFfmpegRunThatTakesTooLong() throws Exception {
		Ffmpeg slow = new Ffmpeg(null, Duration.ofMillis(300), JSON);
		// a minute of video from an endless source
		assertThatThrownBy(
				() -> slow.run("-f", "lavfi", "-i", "testsrc=size=1280x720:rate=30", "-t", "60", "-f", "null", "-"))
			.isInstanceOf(Ffmpeg.FfmpegFailure.class)
			.hasMessageContaining("took longer than");
	}

	@Test
	void removesTemporaryFilesADayOld() throws Exception {
		Instant now = Instant.parse("2026-11-29T12:00:00Z");
		TempFiles temp = new TempFiles(this.dir, Duration.ofHours(24), Clock.fixed(now, ZoneOffset.UTC));
		Path old = Files.writeString(Files.createDirectories(this.dir.resolve("cache")).resolve("old"), "x");
		Path fresh = Files.writeString(this.dir.resolve("fresh"), "y");
		Files.setLastModifiedTime(old, FileTime.from(now.minus(Duration.ofHours(25))));
		Files.setLastModifiedTime(fresh, FileTime.from(now.minus(Duration.ofHours(23))));
		assertThat(temp.cleanUp()).isEqualTo(1);
		assertThat(old).doesNotExist();
		assertThat(fresh).exists();
	}

	@Test
	void readsVariantSpecsBackAsWrittenAndRefusesNonsense() {
		for (VariantSpec preset : VariantSpec.PRESETS.values()) {
			assertThat(VariantSpec.parse(preset.name())).isEqualTo(preset);
		}
		VariantSpec custom = VariantSpec.of(null, "jpeg", "4:5-1.91:1", "pad", 1080, 500_000L);
		assertThat(custom.name()).isEqualTo("jpeg 4:5-1.91:1 pad 1080px 500000B");
		assertThat(VariantSpec.parse(custom.name())).isEqualTo(custom);
		assertThat(VariantSpec.PRESETS.get("instagram").label()).isEqualTo("instagram");
		assertThat(custom.label()).isEqualTo("jpeg-variant");
		assertThatThrownBy(() -> VariantSpec.of(null, "gif", null, null, null, null)).isInstanceOf(ApiError.class);
		assertThatThrownBy(() -> VariantSpec.of(null, "jpeg", "1.91:1-4:5", null, null, null))
			.isInstanceOf(ApiError.class)
			.hasFieldOrPropertyWithValue("details", java.util.List
				.of(new dev.herald.common.ErrorDetail("aspect", "The first ratio must not be wider than the second")));
		assertThatThrownBy(() -> VariantSpec.of(null, "jpeg", null, "stretch", null, null))
			.isInstanceOf(ApiError.class);
		assertThatThrownBy(() -> VariantSpec.of(null, "jpeg", null, null, 10, null)).isInstanceOf(ApiError.class);
	}

}
