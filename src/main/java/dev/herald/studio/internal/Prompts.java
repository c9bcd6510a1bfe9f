package dev.herald.studio.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.stringtemplate.v4.AutoIndentWriter;
import org.stringtemplate.v4.ST;
import org.stringtemplate.v4.STGroup;
import org.stringtemplate.v4.misc.ErrorBuffer;

import org.springframework.ai.chat.prompt.PromptTemplate;
import org.springframework.core.io.ClassPathResource;

/**
 * The prompts: versioned resources ({@code prompts/<kind>/v<n>-system.st} and
 * {@code -user.st}, StringTemplate with {@code {name}} variables), each read and compiled
 * once. An answer from the cache renders two of them, and compiling a template again each
 * time cost more than the rest of that answer's own work. The first rendering of a
 * template with a set of values goes through Spring AI's {@link PromptTemplate}, which
 * refuses a variable the values lack; later ones fill a copy of the compiled template. A
 * template that does not compile or render is an error, never a prompt with a hole.
 */
final class Prompts {

	private final Map<String, Compiled> compiled = new ConcurrentHashMap<>();

	/** Each template with the names of the values it was checked with. */
	private final Set<String> checked = ConcurrentHashMap.newKeySet();

	private record Compiled(String text, ST prototype) {
	}

	/**
	 * A prompt filled with values.
	 * @param name the resource under {@code prompts/}, without {@code .st}
	 * @throws IllegalStateException when the values lack one of its variables
	 */
	String render(String name, Map<String, Object> values) {
		Compiled template = this.compiled.computeIfAbsent(name, Prompts::compile);
		String checking = name + new TreeSet<>(values.keySet());
		if (!this.checked.contains(checking)) {
			String rendered = PromptTemplate.builder().template(template.text()).variables(values).build().render();
			this.checked.add(checking);
			return rendered;
		}
		ST prompt = new ST(template.prototype());
		values.forEach(prompt::add);
		StringWriter rendered = new StringWriter();
		ErrorBuffer errors = new ErrorBuffer();
		prompt.write(new AutoIndentWriter(rendered), errors);
		if (!errors.errors.isEmpty()) {
			throw new IllegalStateException("The prompt " + name + " could not be rendered: " + errors);
		}
		return rendered.toString();
	}

	private static Compiled compile(String name) {
		String text;
		try {
			text = new ClassPathResource("prompts/" + name + ".st").getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The prompt " + name + " is missing", ex);
		}
		STGroup group = new STGroup('{', '}');
		ErrorBuffer errors = new ErrorBuffer();
		group.setListener(errors);
		ST prototype = new ST(group, text);
		if (!errors.errors.isEmpty()) {
			throw new IllegalStateException("The prompt " + name + " does not compile: " + errors);
		}
		return new Compiled(text, prototype);
	}

}
