package dev.nibble.kernel.wire;

import org.dflib.jjava.jupyter.channels.IOPubChannel;
import org.dflib.jjava.jupyter.channels.ShellChannel;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.channels.StdinChannel;
import org.dflib.jjava.jupyter.messages.MessageContext;

/** jjava's reply environment, whose constructor is protected: replies and IOPub messages for one request. */
final class Env extends ShellReplyEnvironment {
    Env(ShellChannel shell, StdinChannel stdin, IOPubChannel iopub, MessageContext request) {
        super(shell, stdin, iopub, request);
    }
}
