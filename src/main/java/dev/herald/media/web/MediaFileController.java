package dev.herald.media.web;

import java.nio.file.Path;
import java.time.Duration;

import dev.herald.media.internal.MediaFiles;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /files/<key>?expires=&signature=}: the signed URLs of local storage, answered
 * without signing in to whoever holds one (a browser, a platform fetching media by URL),
 * with byte ranges for video players. A wrong, expired or forged URL answers 404.
 */
@Controller
class MediaFileController {

	private final MediaFiles files;

	MediaFileController(MediaFiles files) {
		this.files = files;
	}

	@GetMapping("/files/**")
	ResponseEntity<Resource> file(HttpServletRequest request, @RequestParam(defaultValue = "0") long expires,
			@RequestParam(defaultValue = "") String signature) {
		String key = request.getRequestURI().substring("/files/".length());
		Path file = this.files.verified(key, expires, signature);
		if (file == null) {
			return ResponseEntity.notFound().build();
		}
		MediaType type = MediaTypeFactory.getMediaType(file.getFileName().toString())
			.orElse(MediaType.APPLICATION_OCTET_STREAM);
		return ResponseEntity.ok()
			.contentType(type)
			.cacheControl(CacheControl.maxAge(Duration.ofMinutes(10)).cachePrivate())
			.header("X-Content-Type-Options", "nosniff")
			.body(new FileSystemResource(file));
	}

}
