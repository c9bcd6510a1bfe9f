package dev.herald.platform;

import org.jspecify.annotations.Nullable;

/**
 * A variant of a file that a platform would take, offered with the violation it fixes
 * (the media library makes it on request: {@code POST /api/v1/media/{id}/variants}).
 *
 * @param mediaId the file to make it from
 * @param format {@code jpeg} for a picture, {@code mp4} (H.264/AAC) for a video
 * @param maxBytes the largest size the platform takes, if that is the problem
 * @param aspect the aspect ratios the platform takes ({@code 4:5-1.91:1}), if that is the
 * problem: the variant is cropped to the nearest
 * @param label what the fix does, for a button
 */
public record MediaFix(String mediaId, String format, @Nullable Long maxBytes, @Nullable String aspect, String label) {
}
