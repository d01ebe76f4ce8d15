/**
 * Weight quantization (SPEC.md sections 2-5), in two layers.
 *
 * <p>The arithmetic, on float arrays: {@link dev.nibble.quant.Rtn}, {@link dev.nibble.quant.AwqLite},
 * {@link dev.nibble.quant.AwqClip}, {@link dev.nibble.quant.Packing} for QDQ and MatMulNBits,
 * and the {@link dev.nibble.quant.MixedPrecision} rules (by node name; {@code StructuralRoles} finds
 * the v and down projections from the graph when names say nothing).
 *
 * <p>The model side, one step per class: a {@link dev.nibble.quant.Recipe} (what the DSL's
 * {@code quantize} says) → {@link dev.nibble.quant.Planner} (one {@link dev.nibble.quant.WeightPlan}
 * per weight, with its reason) → calibration ({@code dev.nibble.calib}) → {@code Scaling} (AWQ's
 * shared scales and where 1/s is folded) → {@code GraphRewriter} (QDQ, MatMulNBits, simulated
 * or scale-only) → {@link dev.nibble.quant.Quantizer}, which runs the steps and writes a model
 * folder atomically.
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>A weight is W[K, N] as a row-major {@code float[]}: element (k, n) at {@code k·N + n};
 *       K = input channels, y = x·W. Activations are x[T, K] row-major.
 *   <li>Blocks run along K: for column n, rows [b·bs, (b+1)·bs) form block b; per-(block,
 *       column) values (scales, zero points, clip ratios) are {@code float[blocks·N]} /
 *       {@code byte[blocks·N]} at {@code b·N + n}. Per-channel = {@link
 *       dev.nibble.quant.QuantSpec#PER_CHANNEL} (block size 0) = one block spanning K.
 *   <li>K not a multiple of bs: the last block is padded with zeros. Padding never changes
 *       amax or the full-range extreme m; it does enter the asymmetric min/max (a padded
 *       block always has min ≤ 0 ≤ max), exactly as if W were zero-padded — which is what
 *       MatMulNBits physically stores.
 * </ul>
 *
 * <h2>Choices the SPEC leaves open</h2>
 * <ul>
 *   <li><b>Rounding.</b> Everywhere "round" is round-half-to-even ({@link Math#rint}) of the
 *       <em>exact</em> quotient of the float weight by the stored float scale. The kernels
 *       divide in double, which guarantees that; float division can turn a near-tie into a
 *       tie and round it the wrong way. The zero point uses the same rounding.
 *   <li><b>Scale arithmetic.</b> Computed in double from the block's float range, rounded to
 *       float, then to the scale type ({@link dev.nibble.quant.QuantSpec#scaleType()}, fp32
 *       or fp16) <em>before</em> the codes are computed, so codes and stored scales agree.
 *   <li><b>Scale floor</b> "1e-5 relative to dtype": 1e-5 expressed in the scale type (1e-5f
 *       for fp32; the nearest fp16, 168·2^-24 ≈ 1.0014e-5, for fp16). |s| below the floor
 *       becomes the floor with s's sign (a zero scale becomes +floor), so an all-zero block
 *       gets scale = floor and codes 0 (asymmetric: zero point 0).
 *   <li><b>Full range</b> (MLAS): {@code s = -m/2^(bits-1)} with m the signed value of
 *       largest magnitude, the lowest row winning a +a/−a tie; the scale may be negative.
 *   <li><b>Asymmetric</b> follows the SPEC (AutoAWQ's) formula literally: min and max of the
 *       block without forcing 0 into the range, zero point clamped to [0, 2^bits − 1].
 *   <li><b>Clip ratio c</b> (AWQ-clip) multiplies the range the scale is taken from: amax·c,
 *       m·c, or (min·c, max·c); values beyond saturate.
 *   <li><b>AWQ-lite tiny</b> = 1e-4 (ModelOpt's constant in
 *       {@code x_mean^α / (w_mean^(1-α) + tiny)}); w_mean of a zero block counts as 0;
 *       0^0 = 1. s is rounded to float after normalisation; that float s is used for the
 *       loss and returned. Losses: products and sums in double; least loss, first α on ties.
 *   <li><b>AWQ-clip activation</b>: "true AWQ" — the search takes the scaled weight
 *       diag(s)·W and the scaled activation x/s from the caller (the pair multiplied at
 *       inference), not the unscaled x one peer uses. Token subsample: every ⌈T/64⌉-th
 *       token from the first. Smallest c on ties.
 *   <li><b>Dequantization</b> is {@code (q − z)·s} evaluated in float, as onnxruntime does.
 *   <li><b>Mixed rules</b> use integer (floor) division: see {@link dev.nibble.quant.MixedPrecision}.
 * </ul>
 *
 * <h2>Speed</h2>
 * Hot loops ({@code Kernels}) are vectorized with {@code jdk.incubator.vector} along N,
 * where a block's scales are contiguous, and run in parallel over column tiles on the
 * common fork-join pool. The first call pays the Vector API's JIT warm-up (about a second).
 */
package dev.nibble.quant;
