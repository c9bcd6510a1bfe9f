package dev.herald.workspace.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.herald.common.ApiError;
import dev.herald.common.CursorPage;
import dev.herald.common.Ids;
import dev.herald.common.RequestOrigin;
import dev.herald.workspace.Brand;
import dev.herald.workspace.BrandCreated;
import dev.herald.workspace.BrandDeleted;
import dev.herald.workspace.BrandUpdated;
import dev.herald.workspace.Brands;
import dev.herald.workspace.Tenant;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import static dev.herald.common.SqlTime.required;
import static dev.herald.common.SqlTime.ts;

/**
 * Brands and their profiles. Every query is scoped by the tenant's workspace, so another
 * workspace's brand is simply not found.
 */
@Service
public class BrandService implements Brands {

	private static final Pattern HASHTAG = Pattern.compile("[\\p{L}\\p{N}_]{1,100}");

	private static final Pattern GOAL = Pattern.compile("[A-Za-z][A-Za-z0-9_ ]{0,49}");

	private static final TypeReference<Map<String, BigDecimal>> GOALS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final org.springframework.context.ApplicationEventPublisher events;

	private final Clock clock;

	BrandService(JdbcClient jdbc, JsonMapper json, org.springframework.context.ApplicationEventPublisher events,
			Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * A brand's profile as given to create or change it; on change, absent (null) fields
	 * stay as they are and an empty text clears its field.
	 *
	 * @param name the brand's name
	 * @param description what it is and does
	 * @param industry its industry
	 * @param targetAudience who it speaks to
	 * @param toneOfVoice how it speaks
	 * @param goals measurable targets
	 * @param logoUrl its logo's address
	 * @param defaultHashtags hashtags for its posts
	 * @param signature text added to its posts
	 */
	public record BrandProfile(@Nullable String name, @Nullable String description, @Nullable String industry,
			@Nullable String targetAudience, @Nullable String toneOfVoice, @Nullable Map<String, BigDecimal> goals,
			@Nullable String logoUrl, @Nullable List<String> defaultHashtags, @Nullable String signature) {
	}

	public CursorPage<Brand> list(Tenant tenant, CursorPage.PageRequest page) {
		List<Brand> rows = this.jdbc.sql("SELECT * FROM brands WHERE workspace_id = ? AND id > ? ORDER BY id LIMIT ?")
			.params(tenant.workspaceId(), page.afterOrFirst(), page.fetchSize())
			.query(this::map)
			.list();
		return CursorPage.of(rows, page, Brand::id);
	}

	@Override
	public List<Brand> list(UUID workspaceId) {
		return this.jdbc.sql("SELECT * FROM brands WHERE workspace_id = ? ORDER BY lower(name), id LIMIT 500")
			.param(workspaceId)
			.query(this::map)
			.list();
	}

	@Override
	public Optional<Brand> find(UUID workspaceId, UUID brandId) {
		return this.jdbc.sql("SELECT * FROM brands WHERE workspace_id = ? AND id = ?")
			.params(workspaceId, brandId)
			.query(this::map)
			.optional();
	}

	public Brand get(Tenant tenant, UUID brandId) {
		return find(tenant.workspaceId(), brandId).orElseThrow(() -> ApiError.notFound("Brand"));
	}

	@Transactional
	public Brand create(Tenant tenant, BrandProfile profile, RequestOrigin origin) {
		if (profile.name() == null || profile.name().isBlank()) {
			throw ApiError.invalid("name", "Is required");
		}
		Valid valid = validate(profile, null);
		UUID id = Ids.next();
		Instant now = Instant.now(this.clock);
		this.jdbc
			.sql("INSERT INTO brands (id, workspace_id, name, description, industry, target_audience, tone_of_voice, "
					+ "goals, logo_url, default_hashtags, signature, created_by, created_at, updated_at) "
					+ "VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?, ?)")
			.params(id, tenant.workspaceId(), valid.name(), valid.description(), valid.industry(),
					valid.targetAudience(), valid.toneOfVoice(), this.json.writeValueAsString(valid.goals()),
					valid.logoUrl(), valid.hashtags().toArray(String[]::new), valid.signature(), tenant.userId(),
					ts(now), ts(now))
			.update();
		this.events.publishEvent(new BrandCreated(tenant.userId(), tenant.workspaceId(), id, valid.name(), origin));
		return get(tenant, id);
	}

	@Transactional
	public Brand update(Tenant tenant, UUID brandId, BrandProfile profile, RequestOrigin origin) {
		Brand current = get(tenant, brandId);
		Valid valid = validate(profile, current);
		this.jdbc
			.sql("UPDATE brands SET name = ?, description = ?, industry = ?, target_audience = ?, tone_of_voice = ?, "
					+ "goals = CAST(? AS jsonb), logo_url = ?, default_hashtags = ?, signature = ?, updated_at = ? "
					+ "WHERE workspace_id = ? AND id = ?")
			.params(valid.name(), valid.description(), valid.industry(), valid.targetAudience(), valid.toneOfVoice(),
					this.json.writeValueAsString(valid.goals()), valid.logoUrl(),
					valid.hashtags().toArray(String[]::new), valid.signature(), ts(Instant.now(this.clock)),
					tenant.workspaceId(), brandId)
			.update();
		this.events.publishEvent(new BrandUpdated(tenant.userId(), tenant.workspaceId(), brandId, origin));
		return get(tenant, brandId);
	}

	@Transactional
	public void delete(Tenant tenant, UUID brandId, RequestOrigin origin) {
		Brand current = get(tenant, brandId);
		this.jdbc.sql("DELETE FROM brands WHERE workspace_id = ? AND id = ?")
			.params(tenant.workspaceId(), brandId)
			.update();
		this.events
			.publishEvent(new BrandDeleted(tenant.userId(), tenant.workspaceId(), brandId, current.name(), origin));
	}

	private record Valid(String name, @Nullable String description, @Nullable String industry,
			@Nullable String targetAudience, @Nullable String toneOfVoice, Map<String, BigDecimal> goals,
			@Nullable String logoUrl, List<String> hashtags, @Nullable String signature) {
	}

	private static Valid validate(BrandProfile p, @Nullable Brand current) {
		String name = text("name", p.name(), (current != null) ? current.name() : null, 100);
		if (name == null) {
			throw ApiError.invalid("name", "Cannot be empty");
		}
		String logo = text("logoUrl", p.logoUrl(), (current != null) ? current.logoUrl() : null, 2000);
		if (logo != null && !logo.matches("^https?://\\S+$")) {
			throw ApiError.invalid("logoUrl", "Must be an http(s) URL");
		}
		return new Valid(name,
				text("description", p.description(), (current != null) ? current.description() : null, 2000),
				text("industry", p.industry(), (current != null) ? current.industry() : null, 100),
				text("targetAudience", p.targetAudience(), (current != null) ? current.targetAudience() : null, 1000),
				text("toneOfVoice", p.toneOfVoice(), (current != null) ? current.toneOfVoice() : null, 500),
				goals(p.goals(), (current != null) ? current.goals() : Map.of()), logo,
				hashtags(p.defaultHashtags(), (current != null) ? current.defaultHashtags() : List.of()),
				text("signature", p.signature(), (current != null) ? current.signature() : null, 500));
	}

	private static @Nullable String text(String field, @Nullable String given, @Nullable String current, int max) {
		if (given == null) {
			return current;
		}
		String trimmed = given.strip();
		if (trimmed.length() > max) {
			throw ApiError.invalid(field, "Must be at most " + max + " characters");
		}
		return trimmed.isEmpty() ? null : trimmed;
	}

	private static Map<String, BigDecimal> goals(@Nullable Map<String, BigDecimal> given,
			Map<String, BigDecimal> current) {
		if (given == null) {
			return current;
		}
		if (given.size() > 20) {
			throw ApiError.invalid("goals", "At most 20 goals");
		}
		Map<String, BigDecimal> goals = new LinkedHashMap<>();
		for (Map.Entry<String, BigDecimal> goal : given.entrySet()) {
			if (!GOAL.matcher(goal.getKey()).matches()) {
				throw ApiError.invalid("goals." + goal.getKey(),
						"Goal names start with a letter and have at most 50 letters, digits, spaces or _");
			}
			if (goal.getValue() == null || goal.getValue().signum() < 0) {
				throw ApiError.invalid("goals." + goal.getKey(), "Must be a number of 0 or more");
			}
			goals.put(goal.getKey(), goal.getValue());
		}
		return goals;
	}

	private static List<String> hashtags(@Nullable List<String> given, List<String> current) {
		if (given == null) {
			return current;
		}
		if (given.size() > 30) {
			throw ApiError.invalid("defaultHashtags", "At most 30 hashtags");
		}
		LinkedHashSet<String> tags = new LinkedHashSet<>();
		for (int i = 0; i < given.size(); i++) {
			String tag = (given.get(i) != null) ? given.get(i).strip().replaceFirst("^#", "") : "";
			if (!HASHTAG.matcher(tag).matches()) {
				throw ApiError.invalid("defaultHashtags[" + i + "]",
						"A hashtag is 1 to 100 letters, digits or _ (with or without the leading #)");
			}
			tags.add(tag);
		}
		return new ArrayList<>(tags);
	}

	private Brand map(ResultSet rs, int row) throws SQLException {
		String[] hashtags = (String[]) rs.getArray("default_hashtags").getArray();
		return new Brand(rs.getObject("id", UUID.class), rs.getObject("workspace_id", UUID.class), rs.getString("name"),
				rs.getString("description"), rs.getString("industry"), rs.getString("target_audience"),
				rs.getString("tone_of_voice"), this.json.readValue(rs.getString("goals"), GOALS),
				rs.getString("logo_url"), Arrays.asList(hashtags), rs.getString("signature"),
				required(rs, "created_at"), required(rs, "updated_at"));
	}

}
