package dev.nibble.kernel.wire;

import java.io.PrintStream;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.messages.HMACGenerator;
import org.dflib.jjava.jupyter.messages.Message;
import org.zeromq.ZMQ;

/**
 * A shell or control socket with its own receive loop. jjava's loop reads a message
 * outside any try, so a message with a wrong HMAC (readMessage throws SecurityException)
 * kills the loop thread and the kernel goes deaf. Here such a message is dropped, with a
 * line on the kernel's stderr, and no reply, as the protocol requires.
 */
final class GuardedShellChannel extends ShellChannel {
    /** Handles one verified message on the channel's own thread. */
    interface Dispatcher {
        void dispatch(GuardedShellChannel channel, Message<?> message);
    }

    private static final long POLL_MILLIS = 100;

    private final boolean control;
    private final Dispatcher dispatcher;
    private final PrintStream log;
    private volatile boolean running;
    private Thread loop;

    GuardedShellChannel(ZMQ.Context context, HMACGenerator hmac, boolean control, Dispatcher dispatcher, PrintStream log) {
        // ShellChannel keeps the connection only for its own loop, which is never started here
        super(context, hmac, control, null);
        this.control = control;
        this.dispatcher = dispatcher;
        this.log = log;
    }

    @Override
    public void bind(KernelConnectionProperties p) {
        int port = control ? p.getControlPort() : p.getShellPort();
        bind(p.getTransport() + "://" + p.getIp() + ":" + port);
        running = true;
        loop = Thread.ofPlatform().name(control ? "jupyter-control" : "jupyter-shell").start(this::serve);
    }

    private void serve() {
        ZMQ.Poller poller = ctx.poller(1);
        poller.register(this, ZMQ.Poller.POLLIN);
        try {
            while (running) {
                if (poller.poll(POLL_MILLIS) <= 0) continue;
                Message<?> message;
                try {
                    message = readMessage();
                } catch (SecurityException e) {
                    log.println("nibble kernel: dropped a message with a wrong signature");
                    continue;
                } catch (RuntimeException e) {
                    log.println("nibble kernel: dropped a malformed message: " + e);
                    continue;
                }
                if (message != null) dispatcher.dispatch(this, message);
            }
        } finally {
            poller.close();
        }
    }

    @Override
    public void close() {
        running = false;
        if (loop != null && loop != Thread.currentThread()) {
            try {
                loop.join(2 * POLL_MILLIS + 1000); // a handler still running (a cell) is not waited for
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        super.close();
    }

    @Override
    public void waitUntilClose() {
        if (loop == null) return;
        try {
            loop.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
