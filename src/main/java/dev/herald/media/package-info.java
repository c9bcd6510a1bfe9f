/**
 * The media library: uploads checked and sniffed from their content, kept private in
 * local or S3-compatible storage, served through signed URLs, and turned into thumbnails
 * and platform-ready variants in the background. Other modules read it through
 * {@link dev.herald.media.MediaLibrary}.
 */
@NullMarked
@ApplicationModule(displayName = "Media", allowedDependencies = { "common", "identity", "workspace" })
package dev.herald.media;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
