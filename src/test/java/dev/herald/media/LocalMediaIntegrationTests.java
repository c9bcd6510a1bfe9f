package dev.herald.media;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import dev.herald.common.HeraldSettings;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

/**
 * The media library on local disk (the default), and the signed URLs Herald serves
 * itself.
 */
class LocalMediaIntegrationTests extends MediaLibraryContract {

	@Autowired
	HeraldSettings herald;

	@Override
	List<String> storedKeys(UUID workspace) throws Exception {
		Path root = this.herald.dataDir().resolve("media");
		Path dir = root.resolve("workspaces").resolve(workspace.toString());
		if (!Files.isDirectory(dir)) {
			return List.of();
		}
		try (Stream<Path> files = Files.walk(dir)) {
			return files.filter(Files::isRegularFile).map((file) -> root.relativize(file).toString()).toList();
		}
	}

	@Test
	void signedUrlsStopWorkingWhenExpiredOrAltered() throws Exception {
		String id = data(expect(201, upload("a.png", "image/png", TestMedia.png(32, 32)))).get("id").asString();
		URI url = URI.create(signedUrl(id));
		String path = url.getRawPath();
		String query = url.getRawQuery();
		expect(200, from(get(path + "?" + query)));
		expect(404, from(get(path + "?" + query.replaceAll("signature=[^&]+", "signature=forged"))));
		expect(404, from(get(path.replace(".png", ".jpg") + "?" + query)));
		expect(404, from(get(path)));
		this.clock.advance(Duration.ofHours(2));
		expect(404, from(get(path + "?" + query)));
	}

}
