package com.loandesk.policies;

import com.loandesk.rules.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads policy files ({@code conf/policies/*.yaml}) into policies. A file's base name is its policy's
 * name. Its keys:
 * <pre>
 * description: free text
 * extends: us-reg-f          # optional: start from that policy's rules, then apply this file's
 * jurisdictions: [US-MA]     # the codes it serves; none for a practice preset
 * rules:                     # each entry names a rule type and its settings
 *   - rule: QUIET_HOURS
 *     start: "08:00"
 *     end: "21:00"
 * </pre>
 * Under {@code extends}, an entry with the same rule id (and, for caps, the same channels and kinds)
 * as one of the parent's replaces it in place, and must be at least as strict (see {@link Tightening});
 * any other entry is added. Nothing can be removed: to loosen a preset, copy it instead.
 *
 * <p>This is the only class in {@code rules} that reads files or uses SnakeYAML.
 */
public final class PolicyLoader {

    private static final Set<String> TOP_KEYS = Set.of("description", "extends", "jurisdictions", "rules");

    private PolicyLoader() {
    }

    /** Every {@code *.yaml} file in {@code dir}, labelled by its path. */
    public static List<Policy> loadDirectory(Path dir) {
        Map<String, String> sources = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
                sources.put(f.toString(), Files.readString(f, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read policy directory " + dir, e);
        }
        if (sources.isEmpty()) {
            throw new PolicyException(dir + ": no *.yaml policy files");
        }
        return parse(sources);
    }

    /** Policies from their texts, keyed by a label ending in {@code <name>.yaml}. */
    public static List<Policy> parse(Map<String, String> sources) {
        Map<String, Parsed> byName = new LinkedHashMap<>();
        for (var e : sources.entrySet()) {
            Parsed p = read(e.getKey(), e.getValue());
            Parsed clash = byName.put(p.name, p);
            if (clash != null) {
                throw new PolicyException(p.label + ": policy name '" + p.name + "' is also used by " + clash.label);
            }
        }
        List<Policy> out = new ArrayList<>();
        for (Parsed p : byName.values()) {
            List<Rule> rules = resolve(p, byName, new HashSet<>());
            out.add(new Policy(p.name, p.label, p.description, p.jurisdictions, new RuleSetGate(p.name, rules)));
        }
        return out;
    }

    /** One file's raw content, rules built but not yet merged with a parent's. */
    private record Parsed(String label, String name, String description, String parent, List<String> jurisdictions,
            List<Rule> rules, List<String> wheres) {
    }

    private static Parsed read(String label, String text) {
        String file = label.replace('\\', '/');
        String base = file.substring(file.lastIndexOf('/') + 1);
        if (!base.endsWith(".yaml")) {
            throw new PolicyException(label + ": a policy file's name must end in .yaml");
        }
        String name = base.substring(0, base.length() - ".yaml".length());
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (YAMLException e) {
            throw new PolicyException(label + ": not valid YAML: " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?> rootMap)) {
            throw new PolicyException(label + ": must be a mapping with a 'rules' list");
        }
        PolicyKeys top = new PolicyKeys(label + ":", stringKeys(label, rootMap));
        String description = top.has("description") ? top.text("description", null) : "";
        String parent = top.has("extends") ? top.text("extends", null) : null;
        Set<String> codes = top.texts("jurisdictions", null);
        List<String> jurisdictions = codes == null ? List.of()
                : codes.stream().map(c -> c.toUpperCase(java.util.Locale.ROOT)).toList();
        Object rawRules = rootMap.get("rules");
        for (Object key : rootMap.keySet()) {
            if (!TOP_KEYS.contains(String.valueOf(key))) {
                throw new PolicyException(label + ": unknown key '" + key + "' (expected " + TOP_KEYS + ")");
            }
        }
        if (rawRules == null && parent == null) {
            throw new PolicyException(label + ": rules is required");
        }
        if (rawRules != null && !(rawRules instanceof List<?>)) {
            throw new PolicyException(label + ": rules must be a list of entries, each starting with '- rule:'");
        }
        List<Rule> rules = new ArrayList<>();
        List<String> wheres = new ArrayList<>();
        List<?> entries = rawRules == null ? List.of() : (List<?>) rawRules;
        for (int i = 0; i < entries.size(); i++) {
            String where = label + ": rules[" + i + "]";
            if (!(entries.get(i) instanceof Map<?, ?> entry)) {
                throw new PolicyException(where + " must be a mapping like {rule: HOLD}, was " + entries.get(i));
            }
            rules.add(PolicyRules.build(new PolicyKeys(where, stringKeys(where, entry))));
            wheres.add(where);
        }
        return new Parsed(label, name, description, parent, jurisdictions, rules, wheres);
    }

    private static List<Rule> resolve(Parsed p, Map<String, Parsed> byName, Set<String> visiting) {
        if (!visiting.add(p.name)) {
            throw new PolicyException(p.label + ": extends forms a cycle through " + visiting);
        }
        if (p.parent == null) {
            return p.rules;
        }
        Parsed parent = byName.get(p.parent);
        if (parent == null) {
            throw new PolicyException(p.label + ": extends names unknown policy '" + p.parent + "' (known: "
                    + String.join(", ", byName.keySet()) + ")");
        }
        List<Rule> merged = new ArrayList<>(resolve(parent, byName, visiting));
        for (int i = 0; i < p.rules.size(); i++) {
            Rule child = p.rules.get(i);
            int at = indexOfKey(merged, mergeKey(child));
            if (at < 0) {
                merged.add(child);
                continue;
            }
            String why = Tightening.loosening(merged.get(at), child);
            if (why != null) {
                throw new PolicyException(p.wheres.get(i) + " (" + child.id() + ") " + why + " in " + p.parent
                        + "; a policy that extends another may only tighten it, copy the file to loosen it");
            }
            merged.set(at, child);
        }
        return merged;
    }

    /** What identifies a rule for replacement: its id, and for a cap its channels and kinds. */
    static String mergeKey(Rule rule) {
        Rule inner = rule instanceof StageScopedRule s ? s.rule() : rule;
        if (inner instanceof ContactCap cap) {
            return cap.id() + new java.util.TreeSet<>(cap.channels()) + new java.util.TreeSet<>(cap.kinds());
        }
        return inner.id();
    }

    private static int indexOfKey(List<Rule> rules, String key) {
        for (int i = 0; i < rules.size(); i++) {
            if (mergeKey(rules.get(i)).equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, Object> stringKeys(String where, Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new PolicyException(where + " has a key that is not a name: " + e.getKey());
            }
            out.put(key, e.getValue());
        }
        return out;
    }
}
