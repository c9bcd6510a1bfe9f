package dev.herald.studio.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.herald.common.ApiError;
import dev.herald.common.Ids;
import dev.herald.studio.ContentTemplate;
import dev.herald.workspace.Brands;
import dev.herald.workspace.Tenant;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import static dev.herald.common.SqlTime.required;
import static dev.herald.common.SqlTime.ts;

/**
 * A brand's content templates: texts with {@code {variables}}, at most
 * {@value #PER_BRAND} a brand.
 */
@Service
public class TemplateService {

	static final int PER_BRAND = 200;

	private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]{0,39})}");

	private final JdbcClient jdbc;

	private final Brands brands;

	private final Clock clock;

	TemplateService(JdbcClient jdbc, Brands brands, Clock clock) {
		this.jdbc = jdbc;
		this.brands = brands;
		this.clock = clock;
	}

	/**
	 * A template as written; on change, absent fields stay as they are.
	 *
	 * @param name its name
	 * @param category its category
	 * @param body its text with {@code {variables}}
	 */
	public record TemplateDraft(@Nullable String name, @Nullable String category, @Nullable String body) {
	}

	public List<ContentTemplate> list(Tenant tenant, UUID brandId) {
		requireBrand(tenant, brandId);
		return this.jdbc
			.sql("SELECT * FROM content_templates WHERE workspace_id = ? AND brand_id = ? ORDER BY lower(name), id")
			.params(tenant.workspaceId(), brandId)
			.query(TemplateService::map)
			.list();
	}

	public ContentTemplate get(Tenant tenant, UUID id) {
		return this.jdbc.sql("SELECT * FROM content_templates WHERE workspace_id = ? AND id = ?")
			.params(tenant.workspaceId(), id)
			.query(TemplateService::map)
			.optional()
			.orElseThrow(() -> ApiError.notFound("Template"));
	}

	@Transactional
	public ContentTemplate create(Tenant tenant, UUID brandId, TemplateDraft draft) {
		requireBrand(tenant, brandId);
		if (draft.name() == null || draft.name().isBlank()) {
			throw ApiError.invalid("name", "Is required");
		}
		if (draft.body() == null || draft.body().isBlank()) {
			throw ApiError.invalid("body", "Is required: the post's text, with {variables} where it changes");
		}
		int count = this.jdbc.sql("SELECT count(*) FROM content_templates WHERE brand_id = ?")
			.param(brandId)
			.query(Integer.class)
			.single();
		if (count >= PER_BRAND) {
			throw ApiError.conflict("A brand has at most " + PER_BRAND + " templates: delete one first");
		}
		UUID id = Ids.next();
		Instant now = Instant.now(this.clock);
		this.jdbc
			.sql("INSERT INTO content_templates (id, workspace_id, brand_id, name, category, body, created_by, "
					+ "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
			.params(id, tenant.workspaceId(), brandId, draft.name().strip(), category(draft.category()),
					draft.body().strip(), tenant.userId(), ts(now), ts(now))
			.update();
		return get(tenant, id);
	}

	@Transactional
	public ContentTemplate update(Tenant tenant, UUID id, TemplateDraft draft) {
		ContentTemplate template = get(tenant, id);
		if (draft.name() != null && draft.name().isBlank()) {
			throw ApiError.invalid("name", "Cannot be blank");
		}
		if (draft.body() != null && draft.body().isBlank()) {
			throw ApiError.invalid("body", "Cannot be blank");
		}
		this.jdbc.sql("UPDATE content_templates SET name = ?, category = ?, body = ?, updated_at = ? WHERE id = ?")
			.params((draft.name() != null) ? draft.name().strip() : template.name(),
					(draft.category() != null) ? category(draft.category()) : template.category(),
					(draft.body() != null) ? draft.body().strip() : template.body(), ts(Instant.now(this.clock)), id)
			.update();
		return get(tenant, id);
	}

	public void delete(Tenant tenant, UUID id) {
		get(tenant, id);
		this.jdbc.sql("DELETE FROM content_templates WHERE id = ?").param(id).update();
	}

	/** The names of a template's {@code {variables}}, each once, in order. */
	static List<String> variables(String body) {
		List<String> names = new ArrayList<>();
		Matcher matcher = VARIABLE.matcher(body);
		while (matcher.find()) {
			if (!names.contains(matcher.group(1))) {
				names.add(matcher.group(1));
			}
		}
		return names;
	}

	/**
	 * The brand named by the path: another workspace's is not found, like a missing one.
	 */
	private void requireBrand(Tenant tenant, UUID brandId) {
		this.brands.find(tenant.workspaceId(), brandId).orElseThrow(() -> ApiError.notFound("Brand"));
	}

	private static @Nullable String category(@Nullable String category) {
		return (category == null || category.isBlank()) ? null : category.strip();
	}

	private static ContentTemplate map(ResultSet rs, int n) throws SQLException {
		String body = rs.getString("body");
		return new ContentTemplate(rs.getObject("id", UUID.class), rs.getObject("brand_id", UUID.class),
				rs.getString("name"), rs.getString("category"), body, variables(body), required(rs, "created_at"),
				required(rs, "updated_at"));
	}

}
