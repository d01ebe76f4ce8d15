package dev.nibble.dsl;

import dev.nibble.dsl.Statement.Name;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sweep}: quantize the model with every bits × method pair, then eval ppl of all of
 * them (the source too) and eval kl against the source, and finish with the perplexity
 * table and a size-against-perplexity chart. Built from the same steps as the statements,
 * so it works as soon as quantize does. Unlike single statements it is not all-or-nothing:
 * each model is kept as it is made, since a sweep is long and its parts are useful alone.
 */
final class Sweeps {
    private Sweeps() {}

    static Result run(Session s, Statement.Sweep st) {
        ModelHandle src = s.model(st.model());
        boolean sim = s.settings().backend() == Settings.Backend.SIMULATED;
        Plugins.require(sim ? s.plugins().simulate() : s.plugins().quantize(), "sweep (it quantizes)"); // fail before any work
        List<Name> made = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Recipe.Bits b : st.bits())
            for (Recipe.Method m : st.methods()) {
                Name n = new Name(name(src.name(), b, m, names.size()), st.pos());
                s.requireFree(n);
                names.add(n.text());
                made.add(n);
            }
        StringBuilder out = new StringBuilder();
        int i = 0;
        for (Recipe.Bits b : st.bits())
            for (Recipe.Method m : st.methods())
                out.append(ModelOps.quantizeInto(s, src, names.get(i++), st.template().with(b, m)).text()).append('\n');
        List<Name> all = new ArrayList<>(List.of(new Name(src.name(), st.pos())));
        all.addAll(made);
        var ppl = new Statement.EvalPpl(st.pos(), all, null, dev.nibble.eval.PerplexitySettings.DEFAULT, 0);
        out.append(Evaluations.ppl(s, ppl).text()).append('\n');
        var kl = new Statement.EvalKl(st.pos(), made, new Name(src.name(), st.pos()), null, dev.nibble.eval.KlDivergence.DEFAULT_WINDOW, 0);
        out.append(Evaluations.kl(s, kl).text()).append('\n');
        Result table = Pivots.result(s.resultsStore(), s.modelMap(), Statement.TableKind.PPL);
        Result chart = Charts.result(s.resultsStore(), new Statement.Plot(st.pos(), Statement.PlotKind.PARETO, null), null);
        out.append(table.text());
        return new Result(out.toString(), table.table(), chart.chart(), "sweep-" + src.name() + "-pareto");
    }

    /** "base-int4-rtn"; a mixed:<regex> recipe has no short name, so it is numbered. */
    static String name(String model, Recipe.Bits b, Recipe.Method m, int index) {
        String bits = b.kind() == Recipe.Bits.Kind.MIXED_REGEX ? "mixedre" + index : b.id();
        return model + "-" + bits + "-" + m.id();
    }
}
