/**
 * Evaluation metrics (SPEC §6) as pure arithmetic over logits: {@link dev.nibble.eval.Perplexity},
 * {@link dev.nibble.eval.KlDivergence} and {@link dev.nibble.eval.Mmlu}. Nothing here touches
 * onnxruntime or the tokenizer: a model is a {@link dev.nibble.eval.LogitsModel} (ids in,
 * fp32 logits out, one independent pass with an empty cache) and text arrives as token ids
 * or through a {@link dev.nibble.eval.TextEncoder}. The engine never prints; long runs
 * report through {@link dev.nibble.eval.Progress}; bad input raises
 * {@link dev.nibble.eval.EvalException} with a message for the user.
 *
 * <h2>Choices, written down where SPEC is silent</h2>
 * <ul>
 *   <li><b>Arithmetic.</b> Logits are fp32 as the model returns them. Log-softmax subtracts
 *       the row maximum, then exponentiates, sums and takes logs in double; NLL, KL and
 *       their totals are double. Units are nats.
 *   <li><b>Windows.</b> Token positions are 0-based; "target t" is token t predicted from
 *       the tokens before it in the same window. The three perplexity modes are defined
 *       position by position in {@link dev.nibble.eval.Windows#plan}: {@code hf} follows
 *       Hugging Face's sliding-window recipe (with S = W the first token of each later
 *       window goes unscored, as in their code); {@code chunked} reproduces what the
 *       onnxruntime-genai/ModelOpt perplexity script scores with prefill chunking — only
 *       the predictions made inside each window's last chunk of S tokens, S−1 per window;
 *       {@code llamacpp} reproduces llama.cpp's tool ({@code first = n_ctx/2}, trailing
 *       partial window dropped), except that it needs only one full window where llama.cpp
 *       asks for two, and does not replace each window's first token by BOS (that is the
 *       tokenizer's business). A window that would score nothing is not run.
 *   <li><b>Short text.</b> Fewer than 2 tokens is an error for every metric; hf and chunked
 *       modes accept a text shorter than one window (one short window); llamacpp mode needs
 *       at least one full window.
 *   <li><b>KL.</b> Non-overlapping windows (default 1024); each window contributes the
 *       predictions whose target lies in it, so KL and both perplexities are over the same
 *       N − (number of windows) predictions. The baseline's and the model's logits for one
 *       window are the only ones alive. Percentiles interpolate linearly (numpy's default;
 *       see {@link dev.nibble.eval.Percentiles}); same-top-1 compares argmaxes (first index on
 *       ties). KL values are not clamped at 0. Models with different vocabulary sizes are
 *       refused; a token id outside the vocabulary is refused (text from another tokenizer).
 *   <li><b>MMLU.</b> Standard CSV layout read by a small RFC 4180 reader; shots are the
 *       first k dev rows in file order (as the original script); a subject with fewer than
 *       k dev rows is an error rather than a silent fewer-shot run. Prompts longer than the
 *       model's context lose shots from the end, then get cut from the left; the result
 *       counts them. The answer is the letter with the highest logit among the four letter
 *       tokens (equivalently, the highest log-probability), ties to the earliest letter.
 *       Accuracy is over all questions (micro average) and per subject.
 * </ul>
 */
package dev.nibble.eval;
