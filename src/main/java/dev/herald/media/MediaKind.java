package dev.herald.media;

/**
 * What a media file is: a picture or a video.
 */
public enum MediaKind {

	IMAGE, VIDEO

}
