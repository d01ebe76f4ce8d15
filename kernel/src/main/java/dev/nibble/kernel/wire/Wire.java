package dev.nibble.kernel.wire;

import java.io.PrintStream;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.dflib.jjava.jupyter.channels.HeartbeatChannel;
import org.dflib.jjava.jupyter.channels.IOPubChannel;
import org.dflib.jjava.jupyter.channels.ShellHandler;
import org.dflib.jjava.jupyter.channels.StdinChannel;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.MessageType;
import org.dflib.jjava.jupyter.messages.publish.PublishStatus;
import org.zeromq.ZMQ;

/**
 * The five Jupyter sockets of one kernel, from jjava except shell and control (see
 * {@link GuardedShellChannel}), and the table of request handlers. Used instead of
 * jjava's JupyterConnection, whose shell loop cannot be guarded from outside.
 */
public final class Wire implements AutoCloseable {
    /** The process's real stderr, kept before cells redirect System.err. */
    private static final PrintStream LOG = System.err;

    private final KernelConnectionProperties props;
    private final ZMQ.Context ctx = ZMQ.context(1);
    private final HeartbeatChannel heartbeat;
    private final GuardedShellChannel shell;
    private final GuardedShellChannel control;
    private final StdinChannel stdin;
    private final IOPubChannel iopub;
    private final Map<MessageType<?>, ShellHandler<?>> handlers = new ConcurrentHashMap<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    public Wire(KernelConnectionProperties props) throws GeneralSecurityException {
        this.props = props;
        HMACGenerator hmac = props.createHMACGenerator();
        heartbeat = new HeartbeatChannel(ctx, hmac);
        shell = new GuardedShellChannel(ctx, hmac, false, this::dispatch, LOG);
        control = new GuardedShellChannel(ctx, hmac, true, this::dispatch, LOG);
        stdin = new StdinChannel(ctx, hmac);
        iopub = new IOPubChannel(ctx, hmac);
    }

    public <T> void handle(MessageType<T> type, ShellHandler<T> handler) {
        handlers.put(type, handler);
    }

    /** Binds every socket and announces the kernel as starting. */
    public void bind() {
        heartbeat.bind(props);
        iopub.bind(props);
        stdin.bind(props);
        control.bind(props);
        shell.bind(props);
        iopub.sendMessage(new Message<>(null, PublishStatus.MESSAGE_TYPE, PublishStatus.STARTING));
    }

    @SuppressWarnings("unchecked")
    private void dispatch(GuardedShellChannel channel, Message<?> message) {
        ShellHandler<Object> handler = (ShellHandler<Object>) handlers.get(message.getHeader().getType());
        if (handler == null) {
            LOG.println("nibble kernel: ignored a message of type " + message.getHeader().getType().getName());
            return;
        }
        Env env = new Env(channel, stdin, iopub, message);
        try {
            handler.handle(env, (Message<Object>) message);
        } catch (RuntimeException e) {
            LOG.println("nibble kernel: failed handling " + message.getHeader().getType().getName() + ": " + e);
        } finally {
            env.resolveDeferrals();
        }
        if (env.isMarkedForShutdown()) close();
    }

    /** Blocks until the kernel is asked to shut down. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    @Override
    public synchronized void close() {
        if (closed.getCount() == 0) return;
        shell.close();
        control.close();
        heartbeat.close();
        stdin.close();
        iopub.close();
        // terminating the context waits for the heartbeat thread to notice; no one needs to wait for that
        Thread.ofPlatform().daemon().start(ctx::close);
        closed.countDown();
    }
}
