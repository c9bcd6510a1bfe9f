package dev.herald.media.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Where media files are kept and how they are checked and processed. Mapped from
 * {@code STORAGE}, {@code S3_*} (or {@code R2_*}) and {@code FFMPEG_PATH}.
 *
 * @param storage {@code local} (under the data directory) or {@code s3} (any
 * S3-compatible store; {@code r2} is taken too)
 * @param s3 the S3-compatible store, when {@code storage} is {@code s3}
 * @param signedUrlTtl how long a signed URL works
 * @param ffmpegPath the ffmpeg binary; blank: {@code ffmpeg} on the PATH
 * @param ffmpegTimeout how long one ffmpeg or ffprobe run may take
 * @param maxMegapixels the largest picture taken, in millions of pixels; a larger one is
 * refused as a decompression bomb before it is decoded
 * @param stripLocation whether GPS data is removed from photos' EXIF on upload
 * @param tempRetention how long files under {@code system/temp} are kept
 * @param plans the limits of each plan, by the workspace's plan name
 */
// a setting misplaced under this prefix is a start-up error, not silently ignored
@ConfigurationProperties(prefix = "herald.media", ignoreUnknownFields = false)
record MediaSettings(@DefaultValue("local") String storage, @DefaultValue S3Settings s3,
		@DefaultValue("1h") Duration signedUrlTtl, @Nullable String ffmpegPath,
		@DefaultValue("10m") Duration ffmpegTimeout, @DefaultValue("50") int maxMegapixels,
		@DefaultValue("true") boolean stripLocation, @DefaultValue("24h") Duration tempRetention,
		Map<String, PlanLimits> plans) {

	MediaSettings {
		plans = (plans != null) ? Map.copyOf(plans) : Map.of();
	}

	boolean s3Storage() {
		String kind = this.storage.trim().toLowerCase(Locale.ROOT);
		return kind.equals("s3") || kind.equals("r2");
	}

	/**
	 * The limits of a plan; an unknown plan has the smallest limits configured.
	 */
	PlanLimits limits(String plan) {
		for (Map.Entry<String, PlanLimits> entry : this.plans.entrySet()) {
			if (entry.getKey().equalsIgnoreCase(plan)) {
				return entry.getValue();
			}
		}
		return this.plans.values()
			.stream()
			.min((a, b) -> Long.compare(a.maxFileSize().toBytes(), b.maxFileSize().toBytes()))
			.orElse(PlanLimits.DEFAULT);
	}

	/**
	 * An S3-compatible store.
	 *
	 * @param endpoint its address ({@code https://s3.eu-west-1.amazonaws.com},
	 * {@code https://<account>.r2.cloudflarestorage.com}, {@code http://localhost:9000}
	 * for MinIO); blank for AWS itself
	 * @param bucket the bucket, which must exist
	 * @param accessKeyId the access key
	 * @param secretAccessKey its secret
	 * @param region the region ({@code auto} for R2)
	 * @param pathStyle whether the bucket is in the path rather than the host name (MinIO
	 * and most self-hosted stores)
	 * @param publicUrl the address browsers and platforms reach the store at, if not the
	 * endpoint; signed URLs are made for it
	 */
	record S3Settings(@Nullable String endpoint, @Nullable String bucket, @Nullable String accessKeyId,
			@Nullable String secretAccessKey, @DefaultValue("us-east-1") String region,
			@DefaultValue("false") boolean pathStyle, @Nullable String publicUrl) {
	}

	/**
	 * What a plan may store.
	 *
	 * @param maxFileSize the largest file
	 * @param storage all files of a workspace together
	 */
	record PlanLimits(DataSize maxFileSize, DataSize storage) {

		static final PlanLimits DEFAULT = new PlanLimits(DataSize.ofMegabytes(250), DataSize.ofGigabytes(2));

	}

}
