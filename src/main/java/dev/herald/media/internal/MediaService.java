package dev.herald.media.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import dev.herald.common.ApiError;
import dev.herald.common.CursorPage;
import dev.herald.common.ErrorCode;
import dev.herald.common.Ids;
import dev.herald.common.RequestOrigin;
import dev.herald.media.MediaDeleted;
import dev.herald.media.MediaItem;
import dev.herald.media.MediaKind;
import dev.herald.media.MediaLibrary;
import dev.herald.media.MediaStatus;
import dev.herald.media.MediaUsage;
import dev.herald.workspace.Brands;
import dev.herald.workspace.Tenant;
import dev.herald.workspace.Workspaces;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

import static dev.herald.common.SqlTime.required;
import static dev.herald.common.SqlTime.ts;

/**
 * The media library: uploads checked, cleaned and stored, then processed by a job; the
 * library's list, search and filters; alt text and tags; deletion, refused while a post
 * still needs the file.
 */
@Service
public class MediaService implements MediaLibrary {

	static final String PROCESS_TASK = "process-media";

	private static final Logger log = LoggerFactory.getLogger(MediaService.class);

	private static final int MAX_ALT_TEXT = 1500;

	private static final int MAX_TAGS = 20;

	private static final int MAX_TAG_LENGTH = 50;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final MediaStorage storage;

	private final Inspector inspector;

	private final MediaProcessor processor;

	private final VariantMaker variants;

	private final MediaSettings settings;

	private final Workspaces workspaces;

	private final Brands brands;

	private final ObjectProvider<MediaUsage> usages;

	private final ObjectProvider<SchedulerClient> scheduler;

	private final Path temp;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	MediaService(JdbcClient jdbc, TransactionTemplate transactions, MediaStorage storage, Inspector inspector,
			MediaProcessor processor, VariantMaker variants, MediaSettings settings, Workspaces workspaces,
			Brands brands, ObjectProvider<MediaUsage> usages, ObjectProvider<SchedulerClient> scheduler, TempFiles temp,
			ApplicationEventPublisher events, Clock clock) {
		this.events = events;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.storage = storage;
		this.inspector = inspector;
		this.processor = processor;
		this.variants = variants;
		this.settings = settings;
		this.workspaces = workspaces;
		this.brands = brands;
		this.usages = usages;
		this.scheduler = scheduler;
		this.temp = temp.directory();
		this.clock = clock;
	}

	/**
	 * What is uploaded with a file.
	 *
	 * @param brandId the brand it is for, if any
	 * @param altText its description
	 * @param tags the team's labels
	 */
	public record Details(@Nullable UUID brandId, @Nullable String altText, @Nullable List<String> tags) {
	}

	/**
	 * Where an upload's bytes are: written, or moved when they are on disk already (a
	 * multipart part), to the file Herald names.
	 */
	@FunctionalInterface
	public interface Upload {

		void transferTo(Path target) throws IOException;

	}

	/**
	 * Checks and stores an upload, which arrives on disk (never whole in memory): its
	 * type sniffed from the content, pictures decoded whole to prove they are sound,
	 * photos cleaned of their location and turned upright, videos probed; then the
	 * thumbnail is made by a job.
	 * @param content the file's bytes
	 * @param name the name it had on the user's machine
	 * @param declaredSize its size as the request declared it, or -1 when unknown
	 */
	public MediaItem upload(Tenant tenant, Upload content, @Nullable String name, long declaredSize, Details details)
			throws IOException {
		Valid valid = valid(tenant, details.brandId(), details.altText(), details.tags(), null);
		String plan = tenant.policy().plan();
		MediaSettings.PlanLimits limits = this.settings.limits(plan);
		long max = limits.maxFileSize().toBytes();
		if (declaredSize > max) {
			throw tooLarge(declaredSize, max, plan);
		}
		Files.createDirectories(this.temp);
		Path staged = this.temp.resolve("upload-" + UUID.randomUUID() + ".part");
		Path cleaned = staged;
		try {
			content.transferTo(staged);
			long size = Files.size(staged);
			if (size > max) {
				throw tooLarge(size, max, plan);
			}
			Inspector.Inspection inspection = this.inspector.inspect(staged);
			if (inspection.kind() == MediaKind.IMAGE) {
				cleaned = PhotoMetadata.clean(staged, inspection.mimeType(), this.temp, this.settings.stripLocation());
				if (!cleaned.equals(staged)) {
					size = Files.size(cleaned);
					Inspector.Dimensions upright = this.inspector.dimensions(cleaned, inspection.mimeType());
					inspection = new Inspector.Inspection(inspection.mimeType(), inspection.kind(), upright.width(),
							upright.height(), null, null, null, null);
				}
			}
			String checksum = sha256(cleaned);
			UUID id = Ids.next();
			String key = "workspaces/" + tenant.workspaceId() + "/uploads/" + id + "." + inspection.extension();
			this.storage.put(key, cleaned, inspection.mimeType());
			try {
				Inspector.Inspection found = inspection;
				long bytes = size;
				this.transactions.executeWithoutResult((tx) -> {
					checkQuota(tenant.workspaceId(), bytes, limits, plan);
					insert(id, tenant, valid, null, null, key, displayName(name, found.extension()), found, bytes,
							checksum, found.note());
					scheduleProcessing(id);
				});
			}
			catch (RuntimeException ex) {
				this.storage.delete(key);
				throw ex;
			}
			return get(tenant, id);
		}
		finally {
			Files.deleteIfExists(staged);
			Files.deleteIfExists(cleaned);
		}
	}

	/**
	 * Filters of the library list; every one optional.
	 *
	 * @param query words in the name or the alt text
	 * @param kind pictures or videos
	 * @param tag a label
	 * @param brandId a brand
	 * @param status a processing status
	 * @param sourceId the variants of one file
	 */
	public record Filter(@Nullable String query, @Nullable MediaKind kind, @Nullable String tag, @Nullable UUID brandId,
			@Nullable MediaStatus status, @Nullable UUID sourceId) {
	}

	/** The library, newest first. */
	public CursorPage<MediaItem> list(Tenant tenant, Filter filter, CursorPage.PageRequest page) {
		UUID before = page.beforeOrLast();
		String query = (filter.query() != null && !filter.query().isBlank()) ? "%" + filter.query()
			.trim()
			.toLowerCase(Locale.ROOT)
			.replace("\\", "\\\\")
			.replace("%", "\\%")
			.replace("_", "\\_") + "%" : null;
		String kind = (filter.kind() != null) ? filter.kind().name() : null;
		String status = (filter.status() != null) ? filter.status().name() : null;
		List<Row> rows = this.jdbc.sql("SELECT * FROM media WHERE workspace_id = ? AND id < ? "
				+ "AND (CAST(? AS text) IS NULL OR lower(original_name) LIKE ? OR lower(coalesce(alt_text, '')) LIKE ?) "
				+ "AND (CAST(? AS text) IS NULL OR kind = ?) AND (CAST(? AS text) IS NULL OR ? = ANY (tags)) "
				+ "AND (CAST(? AS uuid) IS NULL OR brand_id = ?) AND (CAST(? AS text) IS NULL OR status = ?) "
				+ "AND (CAST(? AS uuid) IS NULL OR source_id = ?) ORDER BY id DESC LIMIT ?")
			.params(tenant.workspaceId(), before, query, query, query, kind, kind, filter.tag(), filter.tag(),
					filter.brandId(), filter.brandId(), status, status, filter.sourceId(), filter.sourceId(),
					page.fetchSize())
			.query(this::row)
			.list();
		return CursorPage.of(rows, page, Row::id).map(this::item);
	}

	public MediaItem get(Tenant tenant, UUID id) {
		return item(row(tenant.workspaceId(), id));
	}

	/**
	 * Changes what is said of a file; absent fields stay as they are.
	 */
	public MediaItem update(Tenant tenant, UUID id, Details details) {
		Row current = row(tenant.workspaceId(), id);
		Valid valid = valid(tenant, details.brandId(), details.altText(), details.tags(), current);
		this.jdbc.sql(
				"UPDATE media SET brand_id = ?, alt_text = ?, tags = ?, updated_at = ? WHERE workspace_id = ? AND id = ?")
			.params(valid.brandId(), valid.altText(), valid.tags().toArray(String[]::new), ts(Instant.now(this.clock)),
					tenant.workspaceId(), id)
			.update();
		return get(tenant, id);
	}

	/**
	 * Deletes a file, its thumbnails and its variants, unless a post still needs one of
	 * them.
	 * @throws ApiError 409 naming the post that needs it
	 */
	public void delete(Tenant tenant, UUID id, RequestOrigin origin) throws IOException {
		Row row = row(tenant.workspaceId(), id);
		List<Row> family = new ArrayList<>();
		family.add(row);
		family.addAll(this.jdbc.sql("SELECT * FROM media WHERE workspace_id = ? AND source_id = ?")
			.params(tenant.workspaceId(), id)
			.query(this::row)
			.list());
		MediaUsage usage = this.usages.getIfAvailable();
		if (usage != null) {
			for (Row member : family) {
				Optional<String> use = usage.pendingUse(tenant.workspaceId(), member.id());
				if (use.isPresent()) {
					throw ApiError
						.conflict(((member == row) ? "This file" : "Its variant " + member.name()) + " is used by "
								+ use.get() + ": take it off that post (or cancel the post) before deleting it");
				}
			}
		}
		this.transactions.executeWithoutResult((tx) -> {
			this.jdbc.sql("DELETE FROM media WHERE workspace_id = ? AND id = ?")
				.params(tenant.workspaceId(), id)
				.update();
			this.events.publishEvent(
					new MediaDeleted(tenant.userId(), tenant.workspaceId(), id, row.name(), family.size() - 1, origin));
		});
		for (Row member : family) {
			for (String key : member.keys()) {
				try {
					this.storage.delete(key);
				}
				catch (IOException ex) {
					// the row is gone: the file is an orphan the operator can remove
					log.warn("Media {} deleted, but its file {} could not be removed: {}", member.id(), key,
							ex.getMessage());
				}
			}
		}
	}

	/**
	 * A signed URL to a file.
	 *
	 * @param url the URL
	 * @param expiresAt when it stops working
	 */
	public record SignedUrl(URI url, Instant expiresAt) {
	}

	public SignedUrl signedUrl(Tenant tenant, UUID id) {
		Row row = row(tenant.workspaceId(), id);
		return new SignedUrl(this.storage.signedUrl(row.storageKey(), this.settings.signedUrlTtl(), row.mimeType()),
				Instant.now(this.clock).plus(this.settings.signedUrlTtl()));
	}

	// Variants

	/**
	 * What a variant is to be: a preset ({@code instagram}, {@code bluesky},
	 * {@code square}, {@code portrait}, {@code jpeg}, {@code mp4}, {@code reel},
	 * {@code cover}), or the format and limits.
	 *
	 * @param preset a preset's name
	 * @param format {@code jpeg}, {@code mp4} or {@code cover}
	 * @param aspect {@code 4:5}, or a range {@code 4:5-1.91:1}
	 * @param fit {@code crop} (the default) or {@code pad}
	 * @param maxSide the longest side in pixels
	 * @param maxBytes the largest size in bytes
	 */
	public record VariantRequest(@Nullable String preset, @Nullable String format, @Nullable String aspect,
			@Nullable String fit, @Nullable Integer maxSide, @Nullable Long maxBytes) {
	}

	/**
	 * A variant of a file as a platform takes it, made by a job: answered at once (still
	 * PROCESSING), or the one already made (or being made) of this kind.
	 */
	public MediaItem variant(Tenant tenant, UUID sourceId, VariantRequest request) {
		VariantSpec spec = VariantSpec.of(request.preset(), request.format(), request.aspect(), request.fit(),
				request.maxSide(), request.maxBytes());
		Row source = row(tenant.workspaceId(), sourceId);
		if (source.status() == MediaStatus.FAILED) {
			throw ApiError.conflict("This file failed (" + source.processingError() + "): choose another");
		}
		spec.checkSource(source.kind());
		String name = spec.name();
		Optional<Row> existing = variantOf(sourceId, name);
		if (existing.isPresent()) {
			return item(existing.get());
		}
		UUID id = Ids.next();
		String extension = Inspector.TYPES.get(spec.mimeType());
		String stem = source.name().contains(".") ? source.name().substring(0, source.name().lastIndexOf('.'))
				: source.name();
		Inspector.Inspection planned = new Inspector.Inspection(spec.mimeType(), spec.kind(), null, null, null, null,
				null, null);
		this.transactions.executeWithoutResult((tx) -> {
			insert(id, tenant, new Valid(source.brandId(), source.altText(), source.tags()), sourceId, name,
					"workspaces/" + tenant.workspaceId() + "/generated/" + id + "." + extension,
					stem + "-" + spec.label() + "." + extension, planned, 0, "", null);
			scheduleProcessing(id);
		});
		return get(tenant, id);
	}

	private Optional<Row> variantOf(UUID sourceId, String name) {
		return this.jdbc.sql("SELECT * FROM media WHERE source_id = ? AND variant = ?")
			.params(sourceId, name)
			.query(this::row)
			.optional();
	}

	/**
	 * Makes a variant's file from its source and stores it; answers the row as it is now.
	 */
	private Row makeVariant(Row variant) throws IOException {
		Row source = byId(Objects.requireNonNull(variant.sourceId()))
			.orElseThrow(() -> new IOException("Its source file was deleted"));
		VariantSpec spec = VariantSpec.parse(Objects.requireNonNull(variant.variant()));
		Path made = this.variants.make(this.storage.file(source.storageKey()), source.mimeType(), source.durationMs(),
				spec);
		try {
			Inspector.Inspection inspection = this.inspector.inspect(made);
			long bytes = Files.size(made);
			String checksum = sha256(made);
			this.storage.put(variant.storageKey(), made, inspection.mimeType());
			String plan = this.workspaces.policy(variant.workspaceId()).plan();
			try {
				this.transactions.executeWithoutResult((tx) -> {
					checkQuota(variant.workspaceId(), bytes, this.settings.limits(plan), plan);
					this.jdbc.sql(
							"UPDATE media SET mime_type = ?, kind = ?, bytes = ?, width = ?, height = ?, duration_ms = ?, "
									+ "video_codec = ?, audio_codec = ?, checksum = ?, updated_at = ? WHERE id = ?")
						.params(inspection.mimeType(), inspection.kind().name(), bytes, inspection.width(),
								inspection.height(), inspection.durationMs(), inspection.videoCodec(),
								inspection.audioCodec(), checksum, ts(Instant.now(this.clock)), variant.id())
						.update();
				});
			}
			catch (RuntimeException ex) {
				this.storage.delete(variant.storageKey());
				throw ex;
			}
		}
		finally {
			Files.deleteIfExists(made);
		}
		return byId(variant.id()).orElseThrow();
	}

	// For other modules

	@Override
	public List<MediaItem> require(UUID workspaceId, List<UUID> ids, String field) {
		if (ids.isEmpty()) {
			return List.of();
		}
		Map<UUID, Row> found = rows(workspaceId, ids);
		List<MediaItem> items = new ArrayList<>();
		for (int i = 0; i < ids.size(); i++) {
			Row row = found.get(ids.get(i));
			if (row == null) {
				throw ApiError.invalid(field + "[" + i + "]", "No media file " + ids.get(i) + " in this workspace");
			}
			if (row.status() == MediaStatus.FAILED) {
				throw ApiError.invalid(field + "[" + i + "]",
						row.name() + " could not be made (" + row.processingError() + "): choose another file");
			}
			if (row.checksum().isEmpty()) {
				throw ApiError.invalid(field + "[" + i + "]",
						row.name() + " is still being made: attach it once it is ready");
			}
			items.add(item(row));
		}
		return items;
	}

	@Override
	public List<MediaItem> find(UUID workspaceId, List<UUID> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		Map<UUID, Row> found = rows(workspaceId, ids);
		return ids.stream().distinct().map(found::get).filter(Objects::nonNull).map(this::item).toList();
	}

	/**
	 * What a workspace may store, and has.
	 *
	 * @param plan its plan
	 * @param maxFileSize the largest file it may upload
	 * @param storage all its files together
	 * @param used what its files take now
	 */
	public record Usage(String plan, long maxFileSize, long storage, long used) {

		/** The share of the storage used, in percent. */
		public int percent() {
			return (this.storage == 0) ? 0 : (int) Math.min(100, this.used * 100 / this.storage);
		}

	}

	public Usage usage(Tenant tenant) {
		String plan = tenant.policy().plan();
		MediaSettings.PlanLimits limits = this.settings.limits(plan);
		long used = used(tenant.workspaceId());
		return new Usage(plan, limits.maxFileSize().toBytes(), limits.storage().toBytes(), used);
	}

	@Override
	public Path file(MediaItem item) throws IOException {
		Row row = byId(item.id()).orElseThrow();
		return this.storage.file(row.storageKey());
	}

	// Processing

	/**
	 * Makes a file's thumbnail and preview; what cannot be made is noted on the file,
	 * which stays usable.
	 */
	void process(UUID id) {
		Row row = byId(id).orElse(null);
		if (row == null || row.status() != MediaStatus.PROCESSING) {
			return;
		}
		if (row.sourceId() != null && row.checksum().isEmpty()) {
			try {
				row = makeVariant(row);
			}
			catch (IOException | RuntimeException ex) {
				log.warn("Variant {} of media {} failed: {}", row.variant(), row.sourceId(), message(ex));
				this.jdbc.sql("UPDATE media SET status = 'FAILED', processing_error = ?, updated_at = ? WHERE id = ?")
					.params(message(ex), ts(Instant.now(this.clock)), id)
					.update();
				return;
			}
		}
		String base = "workspaces/" + row.workspaceId() + "/thumbnails/" + row.id();
		MediaProcessor.Previews previews;
		try {
			previews = this.processor.previews(row.storageKey(), row.mimeType(), row.kind(), row.durationMs(), base);
		}
		catch (IOException | RuntimeException ex) {
			log.warn("No thumbnail for media {}: {}", id, ex.getMessage());
			this.jdbc.sql("UPDATE media SET status = 'READY', processing_error = ?, updated_at = ? WHERE id = ?")
				.params("No thumbnail could be made: " + message(ex), ts(Instant.now(this.clock)), id)
				.update();
			return;
		}
		this.jdbc
			.sql("UPDATE media SET status = 'READY', thumbnail_key = ?, preview_key = ?, updated_at = ? WHERE id = ?")
			.params(previews.thumbnailKey(), previews.previewKey(), ts(Instant.now(this.clock)), id)
			.update();
	}

	// Rows

	private void insert(UUID id, Tenant tenant, Valid valid, @Nullable UUID sourceId, @Nullable String variant,
			String key, String name, Inspector.Inspection inspection, long bytes, String checksum,
			@Nullable String note) {
		Instant now = Instant.now(this.clock);
		this.jdbc
			.sql("INSERT INTO media (id, workspace_id, brand_id, uploaded_by, source_id, variant, storage_key, "
					+ "original_name, mime_type, kind, bytes, width, height, duration_ms, video_codec, audio_codec, "
					+ "checksum, alt_text, tags, status, processing_error, created_at, updated_at) "
					+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PROCESSING', ?, ?, ?)")
			.params(id, tenant.workspaceId(), valid.brandId(), tenant.userId(), sourceId, variant, key, name,
					inspection.mimeType(), inspection.kind().name(), bytes, inspection.width(), inspection.height(),
					inspection.durationMs(), inspection.videoCodec(), inspection.audioCodec(), checksum,
					valid.altText(), valid.tags().toArray(String[]::new), note, ts(now), ts(now))
			.update();
	}

	/**
	 * Locks the workspace's row so that two uploads cannot both pass the storage limit.
	 */
	private void checkQuota(UUID workspaceId, long bytes, MediaSettings.PlanLimits limits, String plan) {
		this.jdbc.sql("SELECT id FROM workspaces WHERE id = ? FOR UPDATE")
			.param(workspaceId)
			.query(UUID.class)
			.single();
		long used = used(workspaceId);
		long limit = limits.storage().toBytes();
		if (used + bytes > limit) {
			throw new ApiError(ErrorCode.QUOTA_EXCEEDED,
					"The media library of this workspace would hold " + megabytes(used + bytes) + " MB; the " + plan
							+ " plan stores " + megabytes(limit) + " MB (" + megabytes(used)
							+ " MB used): delete files you no longer need, or change plan");
		}
	}

	/**
	 * A file by id alone, for jobs and for files already checked to be the workspace's.
	 */
	private Optional<Row> byId(UUID id) {
		return this.jdbc.sql("SELECT * FROM media WHERE id = ?").param(id).query(this::row).optional();
	}

	/** The job that makes a file's thumbnail (and, for a variant, the file). */
	private void scheduleProcessing(UUID id) {
		this.scheduler.getObject().schedule(new TaskInstance<>(PROCESS_TASK, id.toString()), Instant.now(this.clock));
	}

	private Map<UUID, Row> rows(UUID workspaceId, List<UUID> ids) {
		return this.jdbc.sql("SELECT * FROM media WHERE workspace_id = ? AND id = ANY (?)")
			.params(workspaceId, ids.toArray(UUID[]::new))
			.query(this::row)
			.list()
			.stream()
			.collect(Collectors.toMap(Row::id, Function.identity()));
	}

	private long used(UUID workspaceId) {
		return this.jdbc.sql("SELECT coalesce(sum(bytes), 0) FROM media WHERE workspace_id = ?")
			.param(workspaceId)
			.query(Long.class)
			.single();
	}

	private Row row(UUID workspaceId, UUID id) {
		return this.jdbc.sql("SELECT * FROM media WHERE workspace_id = ? AND id = ?")
			.params(workspaceId, id)
			.query(this::row)
			.optional()
			.orElseThrow(() -> ApiError.notFound("Media"));
	}

	private Row row(ResultSet rs, int n) throws SQLException {
		java.sql.Array tags = rs.getArray("tags");
		return new Row(rs.getObject("id", UUID.class), rs.getObject("workspace_id", UUID.class),
				rs.getObject("brand_id", UUID.class), rs.getObject("source_id", UUID.class), rs.getString("variant"),
				rs.getString("storage_key"), rs.getString("original_name"), rs.getString("mime_type"),
				MediaKind.valueOf(rs.getString("kind")), rs.getLong("bytes"), (Integer) rs.getObject("width"),
				(Integer) rs.getObject("height"), (Long) rs.getObject("duration_ms"), rs.getString("video_codec"),
				rs.getString("audio_codec"), rs.getString("checksum"), rs.getString("thumbnail_key"),
				rs.getString("preview_key"), rs.getString("alt_text"),
				(tags != null) ? Arrays.asList((String[]) tags.getArray()) : List.of(),
				MediaStatus.valueOf(rs.getString("status")), rs.getString("processing_error"),
				required(rs, "created_at"), required(rs, "updated_at"));
	}

	private MediaItem item(Row row) {
		Instant expires = Instant.now(this.clock).plus(this.settings.signedUrlTtl());
		return new MediaItem(row.id(), row.brandId(), row.sourceId(), row.variant(), row.name(), row.mimeType(),
				row.kind(), row.bytes(), row.width(), row.height(), row.durationMs(), row.videoCodec(),
				row.audioCodec(), row.checksum(), row.altText(), row.tags(), row.status(), row.processingError(),
				signed(row.storageKey(), row.mimeType()), signed(row.thumbnailKey(), "image/webp"),
				signed(row.previewKey(), "image/webp"), expires, row.createdAt(), row.updatedAt());
	}

	private @Nullable URI signed(@Nullable String key, String type) {
		return (key != null) ? this.storage.signedUrl(key, this.settings.signedUrlTtl(), type) : null;
	}

	/** A media row as stored. */
	record Row(UUID id, UUID workspaceId, @Nullable UUID brandId, @Nullable UUID sourceId, @Nullable String variant,
			String storageKey, String name, String mimeType, MediaKind kind, long bytes, @Nullable Integer width,
			@Nullable Integer height, @Nullable Long durationMs, @Nullable String videoCodec,
			@Nullable String audioCodec, String checksum, @Nullable String thumbnailKey, @Nullable String previewKey,
			@Nullable String altText, List<String> tags, MediaStatus status, @Nullable String processingError,
			Instant createdAt, Instant updatedAt) {

		List<String> keys() {
			List<String> keys = new ArrayList<>(List.of(this.storageKey));
			if (this.thumbnailKey != null) {
				keys.add(this.thumbnailKey);
			}
			if (this.previewKey != null) {
				keys.add(this.previewKey);
			}
			return keys;
		}

	}

	// Checks

	private record Valid(@Nullable UUID brandId, @Nullable String altText, List<String> tags) {
	}

	private Valid valid(Tenant tenant, @Nullable UUID brandId, @Nullable String altText, @Nullable List<String> tags,
			@Nullable Row current) {
		UUID brand = (brandId != null) ? brandId : (current != null) ? current.brandId() : null;
		if (brandId != null) {
			this.brands.require(tenant.workspaceId(), brandId, "brandId");
		}
		String alt = (altText != null) ? altText.strip() : (current != null) ? current.altText() : null;
		if (alt != null && alt.isEmpty()) {
			alt = null;
		}
		if (alt != null && alt.codePointCount(0, alt.length()) > MAX_ALT_TEXT) {
			throw ApiError.invalid("altText", "Is " + alt.codePointCount(0, alt.length()) + " characters long; at most "
					+ MAX_ALT_TEXT + " (Mastodon's limit) are taken");
		}
		List<String> labels = (tags != null) ? tags : (current != null) ? current.tags() : List.of();
		LinkedHashSet<String> clean = new LinkedHashSet<>();
		for (String tag : labels) {
			String t = (tag != null) ? tag.strip() : "";
			if (t.isEmpty() || t.length() > MAX_TAG_LENGTH) {
				throw ApiError.invalid("tags", "Each tag has 1 to " + MAX_TAG_LENGTH + " characters");
			}
			clean.add(t);
		}
		if (clean.size() > MAX_TAGS) {
			throw ApiError.invalid("tags", "At most " + MAX_TAGS + " tags");
		}
		return new Valid(brand, alt, List.copyOf(clean));
	}

	private static String sha256(Path file) throws IOException {
		MessageDigest digest;
		try {
			digest = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		try (InputStream in = Files.newInputStream(file);
				OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
			in.transferTo(sink);
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	private static ApiError tooLarge(long size, long max, String plan) {
		return new ApiError(ErrorCode.PAYLOAD_TOO_LARGE,
				((size > 0) ? "The file is " + megabytes(size) + " MB"
						: "The file is larger than " + megabytes(max) + " MB") + "; the " + plan
						+ " plan takes files up to " + megabytes(max) + " MB: compress or shorten it, or change plan");
	}

	private static String megabytes(long bytes) {
		long mb = DataSize.ofBytes(bytes).toMegabytes();
		return (mb == 0 && bytes > 0) ? "<1" : String.valueOf(mb);
	}

	/** The uploaded name without any path, or a name made from the type. */
	private static String displayName(@Nullable String name, String extension) {
		String clean = (name != null) ? name.replace('\\', '/') : "";
		clean = clean.substring(clean.lastIndexOf('/') + 1).replaceAll("[\\p{Cntrl}]", "").strip();
		if (clean.isEmpty()) {
			return "upload." + extension;
		}
		return (clean.length() > 200) ? clean.substring(0, 200) : clean;
	}

	private static String message(Exception ex) {
		return (ex instanceof ApiError api) ? api.getMessage()
				: (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
	}

}
