package dev.nibble.quant;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which weights of a mixed INT4/INT8 recipe become INT8 (SPEC.md section 3, "Mixed
 * precision"), decided from node names alone.
 *
 * <p>Candidates of {@code mixed} and {@code mixed-kquant} are each layer's attention value
 * projection (v, or the fused qkv) and MLP down projection. Rules, with // and / integer
 * (floor) division throughout, as in ModelOpt's Python and llama.cpp's C:
 * <ul>
 *   <li>{@code mixed} (ModelOpt): within each group (the v/qkv group, the down group) of n
 *       nodes sorted by layer, position p is INT8 when {@code p < n//8} (first n//8),
 *       {@code p >= n - n//8} (last n//8), or {@code (p - n//8) % 3 == 0} (every third of
 *       the rest, starting at n//8);
 *   <li>{@code mixed-kquant} (llama.cpp Q4_K_M, onnxruntime-genai): with n the number of
 *       layers (highest layer index seen + 1), layer i is INT8 when
 *       {@code i < n/8 || i >= 7*n/8 || (i - n/8) % 3 == 2};
 *   <li>{@code mixed:<regex>}: nodes whose name contains a match of the regex.
 * </ul>
 * A rule that selects no candidate at all is an error, never a silent all-INT4 plan.
 */
public final class MixedPrecision {
    private MixedPrecision() {}

    public enum Role { VALUE, QKV, DOWN, OTHER }

    /** Layer index and role read from a node name; {@code label} is the name's own projection token ("v_proj"). */
    public record NodeRole(int layer, Role role, String label) {}

    /** One weight's decision and the reason in words. */
    public record Choice(String node, boolean int8, String why) {}

    /** The decisions in the order the nodes were given. */
    public record Plan(String rule, List<Choice> choices) {
        public Set<String> int8Nodes() {
            Set<String> s = new LinkedHashSet<>();
            for (Choice c : choices) if (c.int8()) s.add(c.node());
            return s;
        }

        public Optional<Choice> choice(String node) {
            return choices.stream().filter(c -> c.node().equals(node)).findFirst();
        }
    }

    private static final Pattern LAYER = Pattern.compile("(?:^|[/._])(?:layers|layer|blocks|block|h)[._](\\d+)(?=$|[/._])");
    private static final Set<String> VALUE = Set.of("v_proj", "v", "value", "wv", "to_v", "v_linear");
    private static final Set<String> QKV = Set.of("qkv_proj", "qkv", "query_key_value", "c_attn", "wqkv", "qkv_linear");
    private static final Set<String> DOWN = Set.of("down_proj", "down", "w2", "dense_4h_to_h", "fc2", "fc_out");
    /** Output-projection names that mean "down" only inside an MLP (GPT-2 mlp.c_proj, T5 wo). */
    private static final Set<String> DOWN_IN_MLP = Set.of("c_proj", "proj", "wo", "dense_out", "out_proj");
    private static final Set<String> MLP = Set.of("mlp", "ffn", "feed_forward", "feedforward", "densereludense");

    /** Reads layer index and role from a name such as "/model/layers.3/attn/v_proj/MatMul"; empty without a layer index. */
    public static Optional<NodeRole> parse(String node) {
        Matcher m = LAYER.matcher(node);
        if (!m.find()) return Optional.empty();
        int layer = Integer.parseInt(m.group(1));
        String[] tokens = node.toLowerCase(Locale.ROOT).split("[/.]");
        boolean inMlp = false;
        for (String t : tokens) inMlp |= MLP.contains(t);
        for (String t : tokens) {
            if (VALUE.contains(t)) return Optional.of(new NodeRole(layer, Role.VALUE, t));
            if (QKV.contains(t)) return Optional.of(new NodeRole(layer, Role.QKV, t));
            if (DOWN.contains(t) || inMlp && DOWN_IN_MLP.contains(t)) return Optional.of(new NodeRole(layer, Role.DOWN, t));
        }
        return Optional.of(new NodeRole(layer, Role.OTHER, ""));
    }

    /**
     * Applies {@code rule} ("mixed", "mixed-kquant" or "mixed:<regex>") to the quantizable
     * weights' node names.
     *
     * @throws IllegalArgumentException for an unknown rule, a bad regex, or no candidate
     */
    public static Plan plan(String rule, List<String> nodes) {
        if (rule.startsWith("mixed:")) return byRegex(rule, nodes);
        Map<String, NodeRole> roles = new HashMap<>();
        for (String node : nodes) parse(node).ifPresent(r -> roles.put(node, r));
        Map<String, String> reasons = switch (rule) {
            case "mixed" -> modelOpt(nodes, roles);
            case "mixed-kquant" -> kquant(nodes, roles);
            default -> throw new IllegalArgumentException("unknown mixed-precision rule '" + rule
                    + "'; expected mixed, mixed-kquant or mixed:<regex>");
        };
        if (reasons.isEmpty())
            throw new IllegalArgumentException("rule " + rule + " found no candidate among " + nodes.size()
                    + " weights: no node name shows a layer index and a v/qkv or down projection"
                    + (nodes.isEmpty() ? "" : " (e.g. '" + nodes.get(0) + "')")
                    + "; name the INT8 weights with mixed:<regex> instead");
        if (reasons.values().stream().noneMatch(w -> w.startsWith("INT8")))
            throw new IllegalArgumentException("rule " + rule + " promoted none of its " + reasons.size()
                    + " candidates to INT8; the plan would be all INT4");
        List<Choice> out = new ArrayList<>();
        for (String node : nodes) {
            String subject = describe(node, roles.get(node));
            String why = reasons.get(node);
            out.add(why != null && why.startsWith("INT8") ? new Choice(node, true, subject + ": " + why)
                    : new Choice(node, false, subject + ": " + (why != null ? why : "INT4 (not a v/qkv or down projection)")));
        }
        return new Plan(rule, List.copyOf(out));
    }

    /** ModelOpt: per group, first n//8, last n//8, every third of the rest from n//8. Reasons for every candidate. */
    private static Map<String, String> modelOpt(List<String> nodes, Map<String, NodeRole> roles) {
        Map<String, String> why = new HashMap<>();
        for (Role group : new Role[] {Role.VALUE, Role.DOWN}) {
            List<String> members = new ArrayList<>();
            for (String node : nodes) {
                NodeRole r = roles.get(node);
                if (r != null && (r.role() == group || group == Role.VALUE && r.role() == Role.QKV)) members.add(node);
            }
            members.sort(Comparator.comparingInt(node -> roles.get(node).layer())); // stable
            int n = members.size(), e = n / 8;
            String of = " of " + n + (group == Role.DOWN ? " down projections" : " v/qkv projections") + ")";
            for (int p = 0; p < n; p++) {
                String reason = p < e ? "INT8 by rule mixed (first n//8 = " + e + of
                        : p >= n - e ? "INT8 by rule mixed (last n//8 = " + e + of
                        : (p - e) % 3 == 0 ? "INT8 by rule mixed (every third from n//8, position " + p + of
                        : "INT4 by rule mixed (position " + p + of;
                why.put(members.get(p), reason);
            }
        }
        return why;
    }

    /** llama.cpp use_more_bits over the layer index, n = number of layers. */
    private static Map<String, String> kquant(List<String> nodes, Map<String, NodeRole> roles) {
        int n = roles.values().stream().mapToInt(NodeRole::layer).max().orElse(-1) + 1;
        Map<String, String> why = new HashMap<>();
        for (String node : nodes) {
            NodeRole r = roles.get(node);
            if (r == null || r.role() == Role.OTHER) continue;
            int i = r.layer();
            String cond = i < n / 8 ? "i < n/8 = " + n / 8
                    : i >= 7 * n / 8 ? "i >= 7n/8 = " + 7 * n / 8
                    : (i - n / 8) % 3 == 2 ? "(i - n/8) % 3 == 2" : null;
            why.put(node, cond != null ? "INT8 by rule mixed-kquant (" + cond + ", n = " + n + " layers)"
                    : "INT4 by rule mixed-kquant (middle layer, n = " + n + ")");
        }
        return why;
    }

    private static Plan byRegex(String rule, List<String> nodes) {
        String regex = rule.substring("mixed:".length());
        Pattern p;
        try {
            p = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("rule " + rule + ": not a valid regular expression: " + e.getDescription()
                    + " near index " + e.getIndex());
        }
        List<Choice> out = new ArrayList<>();
        boolean any = false;
        for (String node : nodes) {
            boolean hit = p.matcher(node).find();
            any |= hit;
            out.add(new Choice(node, hit, describe(node, parse(node).orElse(null)) + ": "
                    + (hit ? "INT8 by rule " + rule + " (name matches)" : "INT4 (name does not match " + regex + ")")));
        }
        if (!any)
            throw new IllegalArgumentException("rule " + rule + " matches none of the " + nodes.size() + " quantizable weights"
                    + (nodes.isEmpty() ? "" : " (e.g. '" + nodes.get(0) + "')"));
        return new Plan(rule, List.copyOf(out));
    }

    /** "layer 3 v_proj", or the node name when it shows no layer/role. */
    private static String describe(String node, NodeRole r) {
        if (r == null) return node;
        return "layer " + r.layer() + " " + (r.role() == Role.OTHER ? node : r.label());
    }
}
