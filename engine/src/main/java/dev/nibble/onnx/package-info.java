/**
 * ONNX models as nibble reads and writes them.
 *
 * <ul>
 *   <li>{@link dev.nibble.onnx.OnnxModel} — a parsed model and its initializers as
 *       {@link dev.nibble.onnx.Tensor} views; {@link dev.nibble.onnx.Graph} answers who
 *       produces and consumes a tensor and which weights are quantizable
 *       ({@link dev.nibble.onnx.QuantizableWeight}, SPEC.md section 2).</li>
 *   <li>{@link dev.nibble.onnx.ModelWriter} — writes a model with its large tensors in one
 *       side file, atomically.</li>
 * </ul>
 *
 * <h2>Why it is built this way</h2>
 * <ul>
 *   <li><b>Our own schema.</b> The protobuf classes come from {@code src/main/proto/onnx_ir.proto},
 *       written from the IR 10 specification with only the messages nibble uses; field
 *       numbers are the specification's. protobuf keeps unknown fields on parse and writes
 *       them back, so parts of a model nibble does not model (training info, functions)
 *       survive a round trip untouched.</li>
 *   <li><b>Weights are mapped, never copied.</b> External data is memory-mapped and each
 *       tensor is a read-only view ({@link dev.nibble.onnx.Bytes}: 1 GiB ByteBuffer chunks,
 *       because a ByteBuffer stops at 2 GB and {@code MemorySegment} is still a preview API
 *       in Java 21). A 7B model costs the heap only its graph.</li>
 *   <li><b>Always one side file.</b> Everything above 1 KiB goes to {@code <model>.onnx.data}
 *       at 4 KiB-aligned offsets: the protobuf file stays small (the format stops at 2 GB)
 *       and onnxruntime can map the weights directly.</li>
 *   <li><b>Atomic writes.</b> Temporary names in the target folder, flushed, then renamed;
 *       a failure removes the temporaries and leaves any previous model as it was.</li>
 *   <li><b>Errors speak to the user.</b> {@link dev.nibble.onnx.ModelFormatException} messages
 *       name the file, the tensor, the byte range and what to do.</li>
 * </ul>
 */
package dev.nibble.onnx;
