package dev.herald.studio;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A brand's reusable post: a text with {@code {variables}} that a person fills in the
 * composer, or the AI when it writes a post from it.
 *
 * @param id the template
 * @param brandId its brand
 * @param name its name
 * @param category a category to group templates by (announcement, tip, event...)
 * @param body the text with its {@code {variables}}
 * @param variables the variables' names, in the order they appear
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 */
public record ContentTemplate(UUID id, UUID brandId, String name, @Nullable String category, String body,
		List<String> variables, Instant createdAt, Instant updatedAt) {

	public ContentTemplate {
		variables = List.copyOf(variables);
	}

}
