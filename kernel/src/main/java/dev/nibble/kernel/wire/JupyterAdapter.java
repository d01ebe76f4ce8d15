package dev.nibble.kernel.wire;

import dev.nibble.kernel.Completion;
import dev.nibble.kernel.History;
import dev.nibble.kernel.Notebook;
import dev.nibble.kernel.Outcome;
import dev.nibble.kernel.Output;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.publish.PublishDisplayData;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.publish.PublishStream;
import org.dflib.jjava.jupyter.messages.publish.PublishUpdateDisplayData;
import org.dflib.jjava.jupyter.messages.reply.CompleteReply;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.reply.InspectReply;
import org.dflib.jjava.jupyter.messages.reply.IsCompleteReply;
import org.dflib.jjava.jupyter.messages.request.CompleteRequest;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.dflib.jjava.jupyter.messages.request.InspectRequest;
import org.dflib.jjava.jupyter.messages.request.IsCompleteRequest;
import org.dflib.jjava.jupyter.messages.request.ShutdownRequest;

/**
 * Jupyter requests to {@link Notebook} calls, and results back to messages. jjava's own
 * reply classes are used where they are complete; kernel_info, comm_info, interrupt,
 * shutdown and history replies are sent as maps because jjava's lack {@code status}
 * (and its history entries serialise wrongly), which Jupyter clients reject.
 */
public final class JupyterAdapter {
    private final Notebook notebook;
    private final String version;

    public JupyterAdapter(Notebook notebook, String version) {
        this.notebook = notebook;
        this.version = version;
    }

    public void attach(Wire wire) {
        wire.handle(MessageType.KERNEL_INFO_REQUEST, (env, m) -> busy(env, () -> reply(env, MessageType.KERNEL_INFO_REPLY, kernelInfo())));
        wire.handle(MessageType.EXECUTE_REQUEST, this::execute);
        wire.handle(MessageType.COMPLETE_REQUEST, this::complete);
        wire.handle(MessageType.INSPECT_REQUEST, this::inspect);
        wire.handle(MessageType.IS_COMPLETE_REQUEST, this::isComplete);
        wire.handle(MessageType.HISTORY_REQUEST, this::history);
        wire.handle(MessageType.COMM_INFO_REQUEST, (env, m) -> busy(env, () -> reply(env, MessageType.COMM_INFO_REPLY, ok("comms", Map.of()))));
        wire.handle(MessageType.INTERRUPT_REQUEST, (env, m) -> busy(env, () -> {
            notebook.interrupt();
            reply(env, MessageType.INTERRUPT_REPLY, ok());
        }));
        wire.handle(MessageType.SHUTDOWN_REQUEST, this::shutdown);
        // no comms (widgets) here: opening one is answered by silence, as the protocol allows
        wire.handle(MessageType.COMM_OPEN_COMMAND, (env, m) -> {});
        wire.handle(MessageType.COMM_MSG_COMMAND, (env, m) -> {});
        wire.handle(MessageType.COMM_CLOSE_COMMAND, (env, m) -> {});
    }

    private Map<String, Object> kernelInfo() {
        Map<String, Object> language = new LinkedHashMap<>();
        language.put("name", "java");
        language.put("version", Runtime.version().toString());
        language.put("mimetype", "text/x-java-source");
        language.put("file_extension", ".jshell");
        language.put("pygments_lexer", "java");
        language.put("codemirror_mode", "text/x-java");
        Map<String, Object> info = ok("protocol_version", Header.PROTOCOL_VERISON);
        info.put("implementation", "nibble");
        info.put("implementation_version", version);
        info.put("language_info", language);
        info.put("banner", "nibble " + version + " — Java " + Runtime.version().feature()
                + " (JShell) and nibble DSL cells; %%java / %%nibble force a cell's language");
        info.put("help_links", List.of());
        return info;
    }

    private void execute(ShellReplyEnvironment env, Message<ExecuteRequest> m) {
        ExecuteRequest req = m.getContent();
        env.setBusyDeferIdle();
        boolean silent = req.isSilent();
        boolean store = req.shouldStoreHistory() && !silent;
        int count = notebook.nextCount(store);
        if (!silent) env.publish(new PublishExecuteInput(req.getCode(), count));
        Outcome outcome = notebook.execute(req.getCode(), new IopubOutput(env));
        String plain = "";
        switch (outcome) {
            case Outcome.Ok ok -> {
                if (ok.result() != null && !silent) {
                    env.publish(new PublishExecuteResult(count, displayData(ok.result(), null)));
                    plain = String.valueOf(ok.result().getOrDefault("text/plain", ""));
                }
                env.reply(new ExecuteReply(count, Map.of()));
            }
            case Outcome.Failed f -> {
                env.publish(new PublishError(f.ename(), f.evalue(), f.traceback()));
                ErrorReply error = new ErrorReply(f.ename(), f.evalue(), f.traceback());
                error.setExecutionCount(count);
                env.replyError(ExecuteReply.MESSAGE_TYPE.error(), error);
            }
        }
        if (store) notebook.history().add(count, req.getCode(), plain);
    }

    private void complete(ShellReplyEnvironment env, Message<CompleteRequest> m) {
        busy(env, () -> {
            String code = m.getContent().getCode();
            Completion c = notebook.complete(code, charIndex(code, m.getContent().getCursorPos()));
            env.reply(new CompleteReply(c.matches(), codePoints(code, c.start()), codePoints(code, c.end()), Map.of()));
        });
    }

    private void inspect(ShellReplyEnvironment env, Message<InspectRequest> m) {
        busy(env, () -> {
            String code = m.getContent().getCode();
            Optional<String> doc = notebook.inspect(code, charIndex(code, m.getContent().getCursorPos()));
            env.reply(new InspectReply(doc.isPresent(), doc.map(d -> displayData(Map.of("text/plain", d), null)).orElse(DisplayData.EMPTY)));
        });
    }

    private void isComplete(ShellReplyEnvironment env, Message<IsCompleteRequest> m) {
        busy(env, () -> env.reply(switch (notebook.isComplete(m.getContent().getCode())) {
            case "complete" -> IsCompleteReply.VALID_CODE;
            case "incomplete" -> IsCompleteReply.getIncompleteReplyWithIndent("");
            case "invalid" -> IsCompleteReply.INVALID_CODE;
            default -> IsCompleteReply.UNKNOWN;
        }));
    }

    private void history(ShellReplyEnvironment env, Message<HistoryRequest> m) {
        busy(env, () -> {
            HistoryRequest req = m.getContent();
            History h = notebook.history();
            List<History.Entry> entries = switch (req) {
                case HistoryRequest.Tail t -> h.tail(t.getMaxReturnLength());
                case HistoryRequest.Range r -> h.range(r.getSessionIndex(), r.getStart(), r.getStop());
                case HistoryRequest.Search s -> h.search(s.getPattern(), s.getMaxReturnLength(), s.filterUnique());
                default -> List.of();
            };
            List<Object> rows = new ArrayList<>();
            for (History.Entry e : entries) {
                Object cell = req.includeOutput() ? List.of(e.input(), e.output()) : e.input();
                rows.add(List.of(e.session(), e.line(), cell));
            }
            reply(env, MessageType.HISTORY_REPLY, ok("history", rows));
        });
    }

    private void shutdown(ShellReplyEnvironment env, Message<ShutdownRequest> m) {
        busy(env, () -> reply(env, MessageType.SHUTDOWN_REPLY, ok("restart", m.getContent().isRestart())));
        env.markForShutdown();
    }

    /** Every request is framed by busy and idle status messages on IOPub. */
    private static void busy(ShellReplyEnvironment env, Runnable work) {
        env.setBusyDeferIdle();
        work.run();
    }

    private static Map<String, Object> ok(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "ok");
        for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1]);
        return m;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void reply(ShellReplyEnvironment env, MessageType<?> type, Map<String, Object> content) {
        env.reply(new Message(env.getContext(), type, content));
    }

    static DisplayData displayData(Map<String, Object> bundle, String displayId) {
        DisplayData d = new DisplayData();
        bundle.forEach(d::putData);
        if (displayId != null) d.setDisplayId(displayId);
        return d;
    }

    /** Jupyter counts cursor positions in code points, Java strings in UTF-16 units. */
    static int charIndex(String code, int codePoints) {
        int n = Math.max(0, Math.min(codePoints, code.codePointCount(0, code.length())));
        return code.offsetByCodePoints(0, n);
    }

    static int codePoints(String code, int charIndex) {
        return code.codePointCount(0, Math.max(0, Math.min(charIndex, code.length())));
    }

    /** A cell's output as IOPub messages, attributed to its execute request. */
    private record IopubOutput(ShellReplyEnvironment env) implements Output {
        @Override
        public void stream(boolean stderr, String text) {
            env.publish(new PublishStream(stderr ? PublishStream.StreamType.ERR : PublishStream.StreamType.OUT, text));
        }

        @Override
        public void display(Map<String, Object> bundle, String displayId) {
            env.publish(new PublishDisplayData(displayData(bundle, displayId)));
        }

        @Override
        public void updateDisplay(Map<String, Object> bundle, String displayId) {
            env.publish(new PublishUpdateDisplayData(displayData(bundle, displayId)));
        }
    }
}
