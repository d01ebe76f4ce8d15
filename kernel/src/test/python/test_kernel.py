"""Jupyter-level tests of the nibble kernel.

Jupyter's own kernel test suite (jupyter_kernel_test) over the wire protocol, plus what
it does not cover: DSL cells (through the test DSL engine, dev.nibble.kernel.FakeDsl),
progress as an updating display, interrupts, and messages with a forged signature.

Run by dev.nibble.kernel.JupyterTest with /usr/bin/python3 and JUPYTER_PATH
pointing at a kernelspec installed into a temporary prefix.
"""
import time
import unittest

import jupyter_kernel_test
import zmq
from jupyter_client.session import Session
from jupyter_kernel_test.msgspec_v5 import validate_message

TIMEOUT = 30


class NibbleKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "nibble"
    language_name = "java"
    file_extension = ".jshell"

    code_hello_world = 'System.out.println("hello, world");'
    code_stderr = 'System.err.println("to stderr");'
    code_generate_error = 'throw new IllegalStateException("boom");'

    completion_samples = [
        {"text": "Integer.MAX_V", "matches": {"MAX_VALUE"}},
        {"text": "load a = b\nquanti", "matches": {"quantize"}},
    ]
    complete_code_samples = ["1 + 1", "int x = 1;", "load base = models/tiny-kjv", "%%nibble\nfoo"]
    incomplete_code_samples = ["for (int i = 0; i < 3; i++) {", "void f() {"]
    invalid_code_samples = ["int x = ;", "}"]

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"abc".length()', "result": "3"},
        {"code": "nibble.results()", "mime": "text/html"},
    ]
    code_display_data = [
        {"code": "display(nibble.results());", "mime": "text/html"},
        {"code": "table", "mime": "text/html"},
        {"code": "plot", "mime": "image/png"},
    ]
    code_history_pattern = "6 * 7"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "quantize"

    # --- beyond jupyter_kernel_test --------------------------------------------------

    def test_inspect_java(self):
        self.flush_channels()
        msg_id = self.kc.inspect("Math.abs")
        reply = self.get_non_kernel_info_reply(timeout=TIMEOUT)
        validate_message(reply, "inspect_reply", msg_id)
        self.assertTrue(reply["content"]["found"])
        self.assertIn("abs(", reply["content"]["data"]["text/plain"])

    def test_dsl_error_is_one_located_line(self):
        self.flush_channels()
        reply, outputs = self.execute_helper("load a = b\nquantize int5")
        self.assertEqual(reply["content"]["status"], "error")
        errors = [m for m in outputs if m["msg_type"] == "error"]
        self.assertEqual(len(errors), 1)
        content = errors[0]["content"]
        self.assertEqual(content["ename"], "NibbleError")
        self.assertEqual(content["evalue"], "line 2, column 10: expected int4, int8 or mixed")
        self.assertFalse(any(" at " in line for line in content["traceback"]), content["traceback"])

    def test_java_errors_are_reported_as_jshell_does(self):
        self.flush_channels()
        reply, outputs = self.execute_helper("int y = nope + 1;")
        self.assertEqual(reply["content"]["ename"], "CompilationError")
        self.assertIn("cannot find symbol", reply["content"]["evalue"])
        reply, outputs = self.execute_helper('Integer.parseInt("x")')
        self.assertEqual(reply["content"]["ename"], "NumberFormatException")
        self.assertTrue(any("at " in line for line in reply["content"]["traceback"]))

    def test_progress_is_one_display_updated_in_place(self):
        self.flush_channels()
        reply, outputs = self.execute_helper("eval quick")
        self.assertEqual(reply["content"]["status"], "ok")
        shown = [m for m in outputs if m["msg_type"] == "display_data" and m["content"].get("transient")]
        updates = [m for m in outputs if m["msg_type"] == "update_display_data"]
        self.assertEqual(len(shown), 1)
        self.assertGreaterEqual(len(updates), 1)
        display_id = shown[0]["content"]["transient"]["display_id"]
        self.assertTrue(all(u["content"]["transient"]["display_id"] == display_id for u in updates))

    def assert_interrupt_returns(self, code):
        self.flush_channels()
        msg_id = self.kc.execute(code)
        time.sleep(0.8)
        start = time.monotonic()
        self.km.interrupt_kernel()
        reply = self.get_non_kernel_info_reply(timeout=TIMEOUT)
        took = time.monotonic() - start
        validate_message(reply, "execute_reply", msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        self.assertLess(took, 2.0, f"interrupting {code!r} took {took:.2f} s")
        self.flush_channels()
        reply, outputs = self.execute_helper("40 + 2")
        self.assertEqual(reply["content"]["status"], "ok")

    def test_interrupt_dsl_statement(self):
        self.assert_interrupt_returns("eval slow")

    def test_interrupt_java_loop(self):
        self.assert_interrupt_returns("long n = 0; while (true) { n++; }")

    def test_forged_signature_gets_no_reply(self):
        info = self.km.get_connection_info()
        forger = Session(key=b"not-the-key", signature_scheme=info["signature_scheme"])
        ctx = zmq.Context.instance()
        sock = ctx.socket(zmq.DEALER)
        sock.linger = 0
        sock.connect(f"{info['transport']}://{info['ip']}:{info['shell_port']}")
        try:
            forger.send(sock, "kernel_info_request", {})
            forger.send(sock, "execute_request", {"code": 'System.out.println("forged");', "silent": False,
                                                   "store_history": True, "user_expressions": {},
                                                   "allow_stdin": False, "stop_on_error": True})
            self.assertEqual(sock.poll(timeout=2000), 0, "the kernel answered a message with a wrong signature")
        finally:
            sock.close()
        # and the kernel still answers signed messages
        self.flush_channels()
        reply, outputs = self.execute_helper("1 + 1")
        self.assertEqual(reply["content"]["status"], "ok")


if __name__ == "__main__":
    unittest.main()
