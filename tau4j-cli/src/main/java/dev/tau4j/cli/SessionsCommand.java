package dev.tau4j.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tau4j.session.Role;
import dev.tau4j.session.SessionEntry;
import dev.tau4j.session.SessionListing;
import dev.tau4j.session.SessionPath;
import dev.tau4j.session.SessionStore;
import dev.tau4j.session.SessionSummary;
import dev.tau4j.session.UsageSummary;
import dev.tau4j.session.tau.ImportMode;
import dev.tau4j.session.tau.IncompatibleContent;
import dev.tau4j.session.tau.LineageDiff;
import dev.tau4j.session.tau.SessionFork;
import dev.tau4j.session.tau.SessionGraph;
import dev.tau4j.session.tau.SessionSearch;
import dev.tau4j.session.tau.SessionStats;
import dev.tau4j.session.tau.SessionValidation;
import dev.tau4j.session.tau.TauExportReport;
import dev.tau4j.session.tau.TauImportReport;
import dev.tau4j.session.tau.TauJsonlExport;
import dev.tau4j.session.tau.TauJsonlImport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tau4j sessions ...}: one subcommand per operation, each opening the store, doing one thing, closing it. */
@Command(name = "sessions", mixinStandardHelpOptions = true, description = "Work on the sessions of a store.",
        subcommands = {SessionsCommand.ListCommand.class, SessionsCommand.ShowCommand.class,
            SessionsCommand.LineageCommand.class, SessionsCommand.ExportCommand.class,
            SessionsCommand.ImportCommand.class, SessionsCommand.ForkCommand.class,
            SessionsCommand.SearchCommand.class, SessionsCommand.StatsCommand.class,
            SessionsCommand.DiffCommand.class, SessionsCommand.GraphCommand.class,
            SessionsCommand.DeleteCommand.class})
final class SessionsCommand implements Runnable {

    @ParentCommand
    Tau4jCli root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What every subcommand shares: the store options, opening and closing the store, the printer. */
    abstract static class StoreCommand implements Callable<Integer> {
        @ParentCommand
        SessionsCommand sessions;

        @Spec
        CommandSpec spec;

        @Mixin
        StoreOptions options;

        @Option(names = "--progress-every", defaultValue = "100000", hidden = true)
        long progressEvery;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (SessionStore store = sessions.root.open(options)) {
                run(store, new Printer(out, options.json()));
            }
            out.flush();
            return Tau4jCli.OK;
        }

        abstract void run(SessionStore store, Printer printer);

        /** A progress line on standard error every {@code step} entries. */
        LongConsumer progress(String what, long step) {
            PrintWriter err = spec.commandLine().getErr();
            long[] next = {step};
            return done -> {
                if (done >= next[0]) {
                    err.println(what + ": " + done + " entries");
                    err.flush();
                    next[0] = (done / step + 1) * step;
                }
            };
        }

        static SessionPath existing(SessionStore store, String path) {
            SessionPath session = SessionPath.of(path);
            List<SessionSummary> found = store.listSessions(SessionListing.under(session).limit(1));
            if (found.isEmpty() || !found.get(0).path().equals(session)) {
                throw new UnknownSessionException(session);
            }
            return session;
        }

        static void entries(Printer printer, List<SessionEntry> entries) {
            if (printer.json()) {
                ArrayNode array = Printer.object().arrayNode();
                entries.forEach(e -> array.add(Printer.entry(e)));
                printer.json(array);
                return;
            }
            printer.line(Printer.entryHeader());
            entries.forEach(e -> printer.line(Printer.entryLine(e)));
        }
    }

    @Command(name = "list", description = "List sessions, by path.")
    static final class ListCommand extends StoreCommand {
        @Option(names = "--prefix", description = "only sessions at or below this path")
        String prefix;
        @Option(names = "--after", description = "the page after this path")
        String after;
        @Option(names = "--limit", defaultValue = "100", description = "sessions per page (default: ${DEFAULT-VALUE})")
        int limit;

        @Override
        void run(SessionStore store, Printer printer) {
            SessionListing listing = (prefix == null ? SessionListing.all() : SessionListing.under(SessionPath.of(prefix)))
                    .limit(limit);
            if (after != null) {
                listing = listing.after(SessionPath.of(after));
            }
            List<SessionSummary> page = store.listSessions(listing);
            if (printer.json()) {
                ArrayNode array = Printer.object().arrayNode();
                for (SessionSummary s : page) {
                    ObjectNode node = array.addObject().put("path", s.path().value());
                    if (s.headId().isPresent()) {
                        node.put("head", s.headId().getAsLong());
                    } else {
                        node.putNull("head");
                    }
                    node.put("updated_at", s.updatedAt().toString());
                    usage(node.putObject("usage"), s.usage());
                }
                printer.json(array);
                return;
            }
            for (SessionSummary s : page) {
                printer.line(String.format("%-48s head %-8s %s", s.path(), s.headId().isPresent() ? s.headId().getAsLong() : "-",
                        s.updatedAt()));
            }
        }
    }

    @Command(name = "show", description = "Show a page of a session's entries, in id order.")
    static final class ShowCommand extends StoreCommand {
        @Parameters(index = "0", paramLabel = "PATH")
        String path;
        @Option(names = "--after", defaultValue = "0", description = "entries after this id")
        long after;
        @Option(names = "--limit", defaultValue = "100", description = "entries per page (default: ${DEFAULT-VALUE})")
        int limit;

        @Override
        void run(SessionStore store, Printer printer) {
            entries(printer, store.entries(existing(store, path), after, limit));
        }
    }

    @Command(name = "lineage", description = "Show the lineage of an entry, root first.")
    static final class LineageCommand extends StoreCommand {
        @Parameters(index = "0", paramLabel = "PATH")
        String path;
        @Parameters(index = "1", paramLabel = "ENTRY")
        long head;

        @Override
        void run(SessionStore store, Printer printer) {
            entries(printer, store.lineage(existing(store, path), head));
        }
    }

    @Command(name = "export", description = "Write a session as a Tau JSONL file, and its usage to FILE.usage.json.")
    static final class ExportCommand extends StoreCommand {
        @Parameters(index = "0", paramLabel = "PATH")
        String path;
        @Parameters(index = "1", paramLabel = "FILE")
        Path file;
        @Option(names = "--lineage", paramLabel = "ENTRY", description = "only the lineage of this entry")
        Long lineage;
        @Option(names = "--head", description = "only the lineage of the head, as Tau exports")
        boolean head;
        @Option(names = "--report-incompatible", description = "write entries Tau cannot read and list them, instead of stopping")
        boolean report;
        @Option(names = "--accepted-at", description = "add accepted_at to each entry line")
        boolean acceptedAt;

        @Override
        void run(SessionStore store, Printer printer) {
            TauJsonlExport.Builder export = TauJsonlExport.from(store, existing(store, path)).acceptedAt(acceptedAt)
                    .onIncompatible(report ? IncompatibleContent.REPORT : IncompatibleContent.FAIL)
                    .progress(progress("export", progressEvery));
            if (lineage != null) {
                export.lineageOf(lineage);
            } else if (head) {
                export.lineageOfHead();
            }
            TauExportReport result = export.toFile(file);
            if (printer.json()) {
                ObjectNode node = Printer.object().put("file", file.toString()).put("entries", result.entries());
                ArrayNode incompatible = node.putArray("incompatible");
                result.incompatible().forEach(i -> incompatible.addObject().put("entry", i.entryId())
                        .put("problems", String.join("; ", i.problems())));
                printer.json(node);
                return;
            }
            printer.line("exported " + result.entries() + " entries to " + file);
            result.incompatible().forEach(i -> printer.line("  entry " + i.entryId() + " cannot be read by Tau: "
                    + String.join("; ", i.problems())));
        }
    }

    @Command(name = "import", description = "Import a Tau JSONL file (validated whole before anything is written).")
    static final class ImportCommand extends StoreCommand {
        @Parameters(index = "0", paramLabel = "PATH")
        String path;
        @Parameters(index = "1", paramLabel = "FILE")
        Path file;
        @Option(names = "--replace", description = "make the session exactly the file (default: merge)")
        boolean replace;
        @Option(names = "--sidecar", paramLabel = "FILE", description = "usage sidecar (default: FILE.usage.json when present)")
        Path sidecar;

        @Override
        void run(SessionStore store, Printer printer) {
            TauJsonlImport.Builder importer = TauJsonlImport.into(store, SessionPath.of(path))
                    .mode(replace ? ImportMode.REPLACE : ImportMode.MERGE).progress(progress("import", progressEvery));
            if (sidecar != null) {
                importer.sidecar(sidecar);
            }
            TauImportReport report = importer.run(file);
            if (printer.json()) {
                ObjectNode node = Printer.object().put("path", path).put("mode", report.mode().name().toLowerCase())
                        .put("imported", report.imported()).put("remapped", report.ids().remappedCount())
                        .put("import_id", report.importId()).put("usage_rounded", report.usage().rounded());
                if (report.newHead().isPresent()) {
                    node.put("new_head", report.newHead().getAsLong());
                }
                ArrayNode ids = node.putArray("ids");
                report.ids().pairs().forEach(p -> ids.addArray().add(Long.toUnsignedString(p.tauId())).add(p.newId()));
                printer.json(node);
                return;
            }
            printer.line("imported " + report.imported() + " entries into " + path + " (" + report.mode().name().toLowerCase()
                    + ", " + report.ids().remappedCount() + " ids remapped"
                    + (report.newHead().isPresent() ? ", new head " + report.newHead().getAsLong() : "") + ")");
            if (report.usage().rounded()) {
                printer.line("usage cost " + report.usage().costAsWritten().toPlainString() + " rounded to "
                        + report.usage().usage().estimatedCostUsd().toPlainString() + " (half-even, 12 places)");
            }
        }
    }

    @Command(name = "fork", description = "Copy the lineage of an entry into a new session.")
    static final class ForkCommand extends StoreCommand {
        @Parameters(index = "0", paramLabel = "PATH")
        String path;
        @Parameters(index = "1", paramLabel = "ENTRY")
        long head;
        @Parameters(index = "2", paramLabel = "TARGET")
        String target;

        @Override
        void run(SessionStore store, Printer printer) {
            SessionFork fork = SessionFork.of(store, existing(store, path), head, SessionPath.of(target));
            if (printer.json()) {
                printer.json(Printer.object().put("target", target).put("copied", fork.copied()).put("head", fork.newHead()));
                return;
            }
            printer.line("forked " + fork.copied() + " entries into " + target + " (head " + fork.newHead() + ")");
        }
    }

    @Command(name = "search", description = "Find entries by text and role, a page at a time.")
    static final class SearchCommand extends StoreCommand {
        @Parameters(index = "0", paramLabel = "PATH")
        String path;
        @Parameters(index = "1", paramLabel = "TEXT", defaultValue = "")
        String text;
        @Option(names = "--role", description = "system, user, assistant or tool (repeatable)")
        List<String> roles;
        @Option(names = "--case-sensitive")
        boolean caseSensitive;
        @Option(names = "--after", defaultValue = "0", description = "hits after this id (the cursor of the previous page)")
        long after;
        @Option(names = "--limit", defaultValue = "100")
        int limit;

        @Override
        void run(SessionStore store, Printer printer) {
            SessionSearch search = SessionSearch.in(store, existing(store, path)).text(text).ignoreCase(!caseSensitive)
                    .after(after).limit(limit);
            if (roles != null && !roles.isEmpty()) {
                Role[] more = roles.stream().skip(1).map(Role::fromWireName).toArray(Role[]::new);
                search.roles(Role.fromWireName(roles.get(0)), more);
            }
            SessionSearch.Page page = search.run();
            if (printer.json()) {
                ObjectNode node = Printer.object();
                ArrayNode hits = node.putArray("hits");
                page.hits().forEach(e -> hits.add(Printer.entry(e)));
                if (page.next().isPresent()) {
                    node.put("next", page.next().getAsLong());
                } else {
                    node.putNull("next");
                }
                printer.json(node);
                return;
            }
            entries(printer, page.hits());
            page.next().ifPresent(next -> printer.line("more: --after " + next));
        }
    }

    @Command(name = "stats", description = "Entries, roots, tips, branch points, depth, roles and usage of a session.")
    static final class StatsCommand extends StoreCommand {
        @Parameters(index = "0", paramLabel = "PATH")
        String path;
        @Option(names = "--validate", description = "also check the structure and that Tau can read every message")
        boolean validate;

        @Override
        void run(SessionStore store, Printer printer) {
            SessionPath session = existing(store, path);
            SessionStats stats = SessionStats.of(store, session);
            SessionValidation validation = validate ? SessionValidation.of(store, session, true) : null;
            if (printer.json()) {
                ObjectNode node = Printer.object().put("entries", stats.entries()).put("roots", stats.roots())
                        .put("tips", stats.tips()).put("branch_points", stats.branchPoints()).put("max_depth", stats.maxDepth());
                ObjectNode roles = node.putObject("roles");
                for (Map.Entry<Role, Long> role : stats.byRole().entrySet()) {
                    roles.put(role.getKey().wireName(), role.getValue());
                }
                usage(node.putObject("usage"), stats.usage());
                if (validation != null) {
                    node.put("valid", validation.isValid());
                    validation.problems().forEach(node.withArray("problems")::add);
                }
                printer.json(node);
                return;
            }
            printer.line("entries " + stats.entries() + ", roots " + stats.roots() + ", tips " + stats.tips()
                    + ", branch points " + stats.branchPoints() + ", deepest lineage " + stats.maxDepth());
            printer.line("roles " + stats.byRole().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey().wireName() + " " + e.getValue()).reduce((a, b) -> a + ", " + b).orElse(""));
            UsageSummary u = stats.usage();
            printer.line("usage " + u.inputTokens() + " in, " + u.outputTokens() + " out, " + u.totalTokens() + " total, $"
                    + u.estimatedCostUsd().toPlainString());
            if (validation != null) {
                printer.line(validation.isValid() ? "valid" : validation.total() + " problems:");
                validation.problems().forEach(p -> printer.line("  " + p));
            }
        }
    }

    @Command(name = "diff", description = "The common ancestor of two entries and the two tails after it.")
    static final class DiffCommand extends StoreCommand {
        @Parameters(index = "0", paramLabel = "PATH")
        String path;
        @Parameters(index = "1", paramLabel = "A")
        long a;
        @Parameters(index = "2", paramLabel = "B")
        long b;

        @Override
        void run(SessionStore store, Printer printer) {
            LineageDiff diff = LineageDiff.of(store, existing(store, path), a, b);
            if (printer.json()) {
                ObjectNode node = Printer.object();
                if (diff.commonAncestor().isPresent()) {
                    node.put("common_ancestor", diff.commonAncestor().getAsLong());
                } else {
                    node.putNull("common_ancestor");
                }
                diff.onlyA().forEach(e -> node.withArray("only_a").add(Printer.entry(e)));
                diff.onlyB().forEach(e -> node.withArray("only_b").add(Printer.entry(e)));
                printer.json(node);
                return;
            }
            printer.line("common ancestor: " + (diff.commonAncestor().isPresent() ? diff.commonAncestor().getAsLong() : "none"));
            printer.line("only in lineage of " + a + ":");
            diff.onlyA().forEach(e -> printer.line(Printer.entryLine(e)));
            printer.line("only in lineage of " + b + ":");
            diff.onlyB().forEach(e -> printer.line(Printer.entryLine(e)));
        }
    }

    @Command(name = "graph", description = "Draw a session as Mermaid or DOT.")
    static final class GraphCommand extends StoreCommand {
        @Parameters(index = "0", paramLabel = "PATH")
        String path;
        @Option(names = "--format", defaultValue = "mermaid", description = "mermaid or dot (default: ${DEFAULT-VALUE})")
        String format;

        @Override
        void run(SessionStore store, Printer printer) {
            SessionGraph.Format f = switch (format.toLowerCase()) {
                case "mermaid" -> SessionGraph.Format.MERMAID;
                case "dot" -> SessionGraph.Format.DOT;
                default -> throw new IllegalArgumentException("--format must be mermaid or dot, got '" + format + "'");
            };
            StringBuilder graph = new StringBuilder();
            SessionGraph.write(store, existing(store, path), f, graph);
            if (printer.json()) {
                printer.json(Printer.object().put("format", format.toLowerCase()).put("graph", graph.toString()));
                return;
            }
            printer.line(graph.toString().stripTrailing());
        }
    }

    @Command(name = "delete", description = "Delete a session: its entries and its usage.")
    static final class DeleteCommand extends StoreCommand {
        @Parameters(index = "0", paramLabel = "PATH")
        String path;

        @Override
        void run(SessionStore store, Printer printer) {
            SessionPath session = SessionPath.of(path);
            if (!store.deleteSession(session)) {
                throw new UnknownSessionException(session);
            }
            if (printer.json()) {
                printer.json(Printer.object().put("deleted", path));
                return;
            }
            printer.line("deleted " + path);
        }
    }

    static void usage(ObjectNode node, UsageSummary usage) {
        node.put("input_tokens", usage.inputTokens()).put("output_tokens", usage.outputTokens())
                .put("total_tokens", usage.totalTokens()).put("estimated_cost_usd", usage.estimatedCostUsd());
    }
}
