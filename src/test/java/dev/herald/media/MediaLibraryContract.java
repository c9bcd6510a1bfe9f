package dev.herald.media;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import dev.herald.IntegrationTestSupport;
import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.common.ImageMetadata;
import org.apache.commons.imaging.formats.jpeg.JpegImageMetadata;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * What the media library does whatever its storage: every storage's test extends this and
 * says how to list what the storage holds.
 */
abstract class MediaLibraryContract extends IntegrationTestSupport {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@Autowired
	JdbcClient jdbc;

	Session owner;

	UUID workspace;

	@BeforeEach
	void workspace() throws Exception {
		this.owner = signUp("Mila");
		this.workspace = createWorkspace(this.owner, "Mila's studio");
	}

	/** The keys the storage holds under a workspace. */
	abstract List<String> storedKeys(UUID workspace) throws Exception;

	@Test
	void uploadsAPictureSniffedFromItsContentAndMakesItsThumbnails() throws Exception {
		byte[] png = TestMedia.png(1600, 900);
		JsonNode item = data(expect(201,
				upload("holiday.jpg", "image/jpeg", png, "altText", "A red and blue flag", "tags", "summer,flags")));
		assertThat(item.get("mimeType").asString()).isEqualTo("image/png");
		assertThat(item.get("kind").asString()).isEqualTo("IMAGE");
		assertThat(item.get("name").asString()).isEqualTo("holiday.jpg");
		assertThat(item.get("width").asInt()).isEqualTo(1600);
		assertThat(item.get("height").asInt()).isEqualTo(900);
		assertThat(item.get("bytes").asLong()).isEqualTo(png.length);
		assertThat(item.get("checksum").asString()).isEqualTo(sha256(png));
		assertThat(item.get("altText").asString()).isEqualTo("A red and blue flag");
		assertThat(item.get("tags").toString()).isEqualTo("[\"summer\",\"flags\"]");

		JsonNode ready = ready(item.get("id").asString());
		assertThat(ready.get("processingError").isNull()).isTrue();
		BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(fetch(ready.get("thumbnailUrl").asString())));
		assertThat(Math.max(thumbnail.getWidth(), thumbnail.getHeight())).isEqualTo(400);
		BufferedImage preview = ImageIO.read(new ByteArrayInputStream(fetch(ready.get("previewUrl").asString())));
		assertThat(preview.getWidth()).isEqualTo(1280);

		String url = data(expect(200,
				as(this.owner.accessToken(), get("/api/v1/media/" + item.get("id").asString() + "/signed-url"))))
			.get("url")
			.asString();
		assertThat(fetch(url)).isEqualTo(png);
		assertThat(storedKeys(this.workspace)).hasSize(3);
	}

	@Test
	void stripsTheLocationFromPhotosAndTurnsThemUpright() throws Exception {
		JsonNode turned = ready(
				data(expect(201, upload("portrait.jpg", "image/jpeg", TestMedia.photo(400, 200, 6, true)))).get("id")
					.asString());
		assertThat(turned.get("width").asInt()).isEqualTo(200);
		assertThat(turned.get("height").asInt()).isEqualTo(400);
		byte[] stored = fetch(signedUrl(turned.get("id").asString()));
		assertThat(gps(stored)).isFalse();
		BufferedImage upright = ImageIO.read(new ByteArrayInputStream(stored));
		// the left (red) half of the sensor's picture is on top once turned a quarter
		// clockwise
		assertThat(red(upright.getRGB(100, 20))).isGreaterThan(200);
		assertThat(blue(upright.getRGB(100, 380))).isGreaterThan(200);

		byte[] located = TestMedia.photo(300, 200, 1, true);
		assertThat(gps(located)).isTrue();
		JsonNode plain = data(expect(201, upload("street.jpg", "image/jpeg", located)));
		byte[] kept = fetch(signedUrl(plain.get("id").asString()));
		assertThat(gps(kept)).isFalse();
		assertThat(plain.get("width").asInt()).isEqualTo(300);
		assertThat(ImageIO.read(new ByteArrayInputStream(kept)).getRGB(10, 10))
			.isEqualTo(ImageIO.read(new ByteArrayInputStream(located)).getRGB(10, 10));
	}

	@Test
	void refusesBadFilesWithClearErrorsAndStoresNothing() throws Exception {
		assertError(upload("photo.jpg", "image/jpeg", TestMedia.executable()), 415, "UNSUPPORTED_MEDIA_TYPE",
				"Herald does not take");
		assertError(upload("cut.jpg", "image/jpeg", TestMedia.truncated(TestMedia.jpeg(800, 600))), 422,
				"VALIDATION_ERROR", "damaged or incomplete");
		assertError(upload("bomb.png", "image/png", TestMedia.pngBomb(60_000, 60_000)), 422, "VALIDATION_ERROR",
				"3600 megapixels");
		assertError(upload("empty.png", "image/png", new byte[0]), 422, "VALIDATION_ERROR", "empty");
		assertError(upload("clip.mp4", "video/mp4", TestMedia.truncated(TestMedia.video(2, 320, 240))), 422,
				"VALIDATION_ERROR", "video is damaged");
		this.jdbc.sql("UPDATE workspaces SET plan = 'TINY' WHERE id = ?").param(this.workspace).update();
		assertError(upload("big.png", "image/png", TestMedia.png(1000, 800, true)), 413, "PAYLOAD_TOO_LARGE",
				"the TINY plan takes files up to 1 MB");

		assertThat(data(expect(200, as(this.owner.accessToken(), get("/api/v1/media"))))).isEmpty();
		assertThat(storedKeys(this.workspace)).isEmpty();
	}

	@Test
	void keepsAWorkspaceWithinItsPlansStorage() throws Exception {
		this.jdbc.sql("UPDATE workspaces SET plan = 'TINY' WHERE id = ?").param(this.workspace).update();
		byte[] file = TestMedia.png(500, 500, true);
		assertThat(file.length).isBetween(600_000, 1_000_000);
		expect(201, upload("one.png", "image/png", file));
		assertError(upload("two.png", "image/png", file), 403, "QUOTA_EXCEEDED", "the TINY plan stores 1 MB");
		assertThat(data(expect(200, as(this.owner.accessToken(), get("/api/v1/media"))))).hasSize(1);
	}

	@Test
	void describesSearchesFiltersAndPagesTheLibrary() throws Exception {
		String first = data(expect(201, upload("beach.png", "image/png", TestMedia.png(40, 30), "tags", "summer")))
			.get("id")
			.asString();
		String second = data(
				expect(201, upload("mountain.jpg", "image/jpeg", TestMedia.jpeg(40, 30), "tags", "winter")))
			.get("id")
			.asString();
		JsonNode changed = data(expect(200, as(this.owner.accessToken(), patch("/api/v1/media/" + first),
				Map.of("altText", "Waves at sunset", "tags", List.of("summer", "sea")))));
		assertThat(changed.get("altText").asString()).isEqualTo("Waves at sunset");

		assertThat(ids("/api/v1/media?q=SUNSET")).containsExactly(first);
		assertThat(ids("/api/v1/media?q=mountain")).containsExactly(second);
		assertThat(ids("/api/v1/media?tag=sea")).containsExactly(first);
		assertThat(ids("/api/v1/media?kind=IMAGE")).containsExactly(second, first);
		assertThat(ids("/api/v1/media?kind=VIDEO")).isEmpty();
		MvcResult page = expect(200, as(this.owner.accessToken(), get("/api/v1/media?limit=1")));
		assertThat(data(page).get(0).get("id").asString()).isEqualTo(second);
		String cursor = body(page).get("meta").get("nextCursor").asString();
		assertThat(ids("/api/v1/media?limit=1&cursor=" + cursor)).containsExactly(first);

		assertError(as(this.owner.accessToken(), get("/api/v1/media?kind=SOUND")), 422, "VALIDATION_ERROR",
				"Must be one of");
		assertError(as(this.owner.accessToken(), patch("/api/v1/media/" + first), Map.of("altText", "x".repeat(1501))),
				422, "VALIDATION_ERROR", "1500");
	}

	@Test
	void deletesAFileWithItsThumbnailsAndHidesItFromOtherWorkspaces() throws Exception {
		String id = ready(data(expect(201, upload("a.png", "image/png", TestMedia.png(64, 64)))).get("id").asString())
			.get("id")
			.asString();
		Session stranger = signUp("Stranger");
		createWorkspace(stranger, "Elsewhere");
		expect(404, as(stranger.accessToken(), get("/api/v1/media/" + id)));
		expect(404, as(stranger.accessToken(), get("/api/v1/media/" + id + "/signed-url")));
		expect(404, as(stranger.accessToken(), delete("/api/v1/media/" + id)));

		assertThat(storedKeys(this.workspace)).hasSize(3);
		expect(204, as(this.owner.accessToken(), delete("/api/v1/media/" + id)));
		expect(404, as(this.owner.accessToken(), get("/api/v1/media/" + id)));
		assertThat(storedKeys(this.workspace)).isEmpty();
		// the audit log records it once the deletion committed
		await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
			JsonNode audit = data(expect(200,
					as(this.owner.accessToken(), get("/api/v1/workspaces/" + this.workspace + "/audit-log"))));
			assertThat(audit.findValuesAsString("action")).contains("media.deleted");
			assertThat(audit.findValuesAsString("resourceId")).contains(id);
		});
	}

	@Test
	void probesAVideoAndTakesAFrameForItsThumbnail() throws Exception {
		byte[] video = TestMedia.video(3, 640, 360);
		JsonNode item = data(expect(201, upload("clip.mov", "video/quicktime", video)));
		assertThat(item.get("mimeType").asString()).isEqualTo("video/mp4");
		assertThat(item.get("kind").asString()).isEqualTo("VIDEO");
		assertThat(item.get("width").asInt()).isEqualTo(640);
		assertThat(item.get("height").asInt()).isEqualTo(360);
		assertThat(item.get("durationMs").asLong()).isBetween(2900L, 3200L);
		assertThat(item.get("videoCodec").asString()).isEqualTo("h264");
		assertThat(item.get("audioCodec").asString()).isEqualTo("aac");
		JsonNode ready = ready(item.get("id").asString());
		BufferedImage frame = ImageIO.read(new ByteArrayInputStream(fetch(ready.get("thumbnailUrl").asString())));
		assertThat(frame.getWidth()).isEqualTo(400);
		assertThat(ready.get("previewUrl").isNull()).isTrue();
	}

	@Test
	void makesPlatformReadyVariantsOfPicturesAndVideos() throws Exception {
		String photo = ready(
				data(expect(201, upload("wide.png", "image/png", TestMedia.png(1600, 900)))).get("id").asString())
			.get("id")
			.asString();
		JsonNode portrait = variant(photo, Map.of("preset", "portrait"), 202);
		assertThat(portrait.get("sourceId").asString()).isEqualTo(photo);
		assertThat(portrait.get("variant").asString()).isEqualTo("jpeg 4:5 crop 1080px");
		assertThat(portrait.get("name").asString()).isEqualTo("wide-portrait.jpg");
		JsonNode made = ready(portrait.get("id").asString());
		assertThat(made.get("status").asString()).isEqualTo("READY");
		assertThat(made.get("mimeType").asString()).isEqualTo("image/jpeg");
		assertThat(made.get("width").asInt()).isEqualTo(720);
		assertThat(made.get("height").asInt()).isEqualTo(900);
		assertThat(variant(photo, Map.of("preset", "portrait"), 200).get("id")).isEqualTo(made.get("id"));

		assertThat(made.get("processingError").isNull()).isTrue();
		JsonNode padded = ready(
				variant(photo, Map.of("format", "jpeg", "aspect", "1:1", "fit", "pad", "maxSide", 500), 202).get("id")
					.asString());
		assertThat(padded.get("width").asInt()).isEqualTo(500);
		assertThat(padded.get("height").asInt()).isEqualTo(500);
		BufferedImage square = ImageIO.read(new ByteArrayInputStream(fetch(signedUrl(padded.get("id").asString()))));
		assertThat(square.getRGB(250, 5) & 0xffffff).as("the padding is white").isGreaterThan(0xf0f0f0);

		String large = data(expect(201, upload("noise.png", "image/png", TestMedia.png(1200, 1200, true)))).get("id")
			.asString();
		JsonNode small = ready(variant(large, Map.of("preset", "bluesky"), 202).get("id").asString());
		assertThat(small.get("status").asString()).as(small.toString()).isEqualTo("READY");
		assertThat(small.get("bytes").asLong()).isBetween(1L, 1_000_000L);
		assertThat(ids("/api/v1/media?sourceId=" + photo)).hasSize(2);

		String video = ready(
				data(expect(201, upload("clip.mp4", "video/mp4", TestMedia.video(2, 640, 360)))).get("id").asString())
			.get("id")
			.asString();
		JsonNode reel = ready(variant(video, Map.of("preset", "reel"), 202).get("id").asString());
		assertThat(reel.get("status").asString()).isEqualTo("READY");
		assertThat(reel.get("videoCodec").asString()).isEqualTo("h264");
		assertThat(reel.get("audioCodec").asString()).isEqualTo("aac");
		assertThat(reel.get("width").asDouble() / reel.get("height").asDouble()).isCloseTo(9 / 16.0,
				org.assertj.core.data.Offset.offset(0.01));
		byte[] mp4 = fetch(signedUrl(reel.get("id").asString()));
		assertThat(new String(mp4, 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("ftyp");
		assertThat(new String(mp4, 0, Math.min(mp4.length, 4096), java.nio.charset.StandardCharsets.ISO_8859_1))
			.as("the moov atom comes before the media data")
			.contains("moov");
		JsonNode cover = ready(variant(video, Map.of("preset", "cover"), 202).get("id").asString());
		assertThat(cover.get("kind").asString()).isEqualTo("IMAGE");
		assertThat(cover.get("width").asInt()).isEqualTo(640);

		assertError(
				as(this.owner.accessToken(), post("/api/v1/media/" + photo + "/variants"), Map.of("preset", "tiktok")),
				422, "VALIDATION_ERROR", "Must be one of");
		assertError(
				as(this.owner.accessToken(), post("/api/v1/media/" + video + "/variants"), Map.of("format", "jpeg")),
				422, "VALIDATION_ERROR", "cover");
		assertError(as(this.owner.accessToken(), post("/api/v1/media/" + photo + "/variants"),
				Map.of("format", "jpeg", "aspect", "wide")), 422, "VALIDATION_ERROR", "ratio");

		expect(204, as(this.owner.accessToken(), delete("/api/v1/media/" + photo)));
		assertThat(ids("/api/v1/media?sourceId=" + photo)).isEmpty();
	}

	// helpers

	JsonNode variant(String id, Map<String, Object> body, int status) throws Exception {
		return data(expect(status, as(this.owner.accessToken(), post("/api/v1/media/" + id + "/variants"), body)));
	}

	MockMultipartHttpServletRequestBuilder upload(String name, String type, byte[] content, String... fields) {
		return upload(this.owner.accessToken(), name, type, content, fields);
	}

	JsonNode ready(String id) {
		return await().atMost(30, TimeUnit.SECONDS).until(() -> {
			JsonNode item = data(expect(200, as(this.owner.accessToken(), get("/api/v1/media/" + id))));
			return item.get("status").asString().equals("PROCESSING") ? null : item;
		}, (item) -> item != null);
	}

	String signedUrl(String id) throws Exception {
		return data(expect(200, as(this.owner.accessToken(), get("/api/v1/media/" + id + "/signed-url")))).get("url")
			.asString();
	}

	/** What a signed URL answers: Herald's own {@code /files/} or the store's. */
	byte[] fetch(String url) throws Exception {
		URI uri = URI.create(url);
		if (uri.getPath().startsWith("/files/")) {
			MvcResult result = expect(200, from(get(uri.getRawPath() + "?" + uri.getRawQuery())));
			return result.getResponse().getContentAsByteArray();
		}
		HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(uri).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	List<String> ids(String path) throws Exception {
		return data(expect(200, as(this.owner.accessToken(), get(path)))).findValuesAsString("id");
	}

	void assertError(org.springframework.test.web.servlet.RequestBuilder request, int status, String code,
			String message) throws Exception {
		JsonNode error = body(expect(status, request)).get("error");
		assertThat(error.get("code").asString()).isEqualTo(code);
		String all = error.get("message").asString() + " " + error.path("details").toString();
		assertThat(all).contains(message);
	}

	static byte[] gif(int width, int height) throws Exception {
		java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
		ImageIO.write(TestMedia.picture(width, height), "gif", out);
		return out.toByteArray();
	}

	static boolean gps(byte[] jpeg) throws Exception {
		ImageMetadata metadata = Imaging.getMetadata(jpeg);
		return metadata instanceof JpegImageMetadata exif && exif.getExif() != null
				&& exif.getExif().getGpsInfo() != null;
	}

	static String sha256(byte[] bytes) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
	}

	private static int red(int rgb) {
		return (rgb >> 16) & 0xff;
	}

	private static int blue(int rgb) {
		return rgb & 0xff;
	}

}
