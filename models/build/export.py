#!/usr/bin/python3
"""Step 4: write the shipped model folder from the trained fp32 weights.

- model.onnx + model.onnx.data: FP32 decoder graph built by hand with onnx.helper
  (IR 10, opset 21, plain ONNX ops only), onnxruntime-genai I/O names and node
  names. Every initializer larger than 1 KiB lives in model.onnx.data.
- genai_config.json, hf/config.json, hf/model.safetensors (FP16, HF Llama names).
- reference.json: torch (float64) perplexity on val.ids.txt with the Hugging Face
  sliding window (W=1024, S=512), the mean NLL of the first 1024-token window,
  and top-10 logits at every position of three fixed prompts.

Usage: export.py WORK_DIR OUT_DIR [MAX_VAL_WINDOWS]
(MAX_VAL_WINDOWS only for smoke runs: limits the windows of the ppl reference.)
"""
import json
import math
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
import onnx
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import CONFIG, Llama, rope_cos_sin  # noqa: E402
import tokenizer as tok  # noqa: E402

C = CONFIG
PROMPTS = [
    "In the beginning God created the heaven and the earth.",
    "And Jesus answered and said unto them, Verily I say unto you,",
    "The LORD is my shepherd; I shall not want.",
]
WINDOW, STRIDE = 1024, 512
NEG = float(np.finfo(np.float32).min)  # -3.4028235e38, as HF uses for masked positions


# ---------------------------------------------------------------- ONNX graph
class G:
    def __init__(self):
        self.nodes, self.inits, self.names = [], [], set()

    def init(self, name, arr):
        self.inits.append(numpy_helper.from_array(np.ascontiguousarray(arr), name))
        return name

    def const_i64(self, name, vals):
        if name not in self.names:
            self.names.add(name)
            self.init(name, np.array(vals, dtype=np.int64))
        return name

    def node(self, op, name, inputs, n_out=1, outputs=None, **attrs):
        assert name not in self.names, name
        self.names.add(name)
        outs = outputs or ([f"{name}/output_0"] if n_out == 1 else [f"{name}/output_{k}" for k in range(n_out)])
        self.nodes.append(helper.make_node(op, inputs, outs, name=name, **attrs))
        return outs[0] if n_out == 1 else outs


def build_onnx(sd, path):
    g = G()
    L, H, nh, nkv, hd = C["num_hidden_layers"], C["hidden_size"], C["num_attention_heads"], C["num_key_value_heads"], C["head_dim"]
    V = C["vocab_size"]
    rep = nh // nkv
    f32 = lambda t: t.detach().to(torch.float32).numpy()

    def W(name):  # linear weight as [in, out]
        return g.init(name.replace("model.", "model.", 1).replace("self_attn", "attn"), f32(sd[name]).T.copy())

    inputs = [
        helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch_size", "sequence_length"]),
        helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch_size", "total_sequence_length"]),
        helper.make_tensor_value_info("position_ids", TensorProto.INT64, ["batch_size", "sequence_length"]),
    ]
    outputs = [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch_size", "sequence_length", V])]
    for i in range(L):
        for kv in ("key", "value"):
            inputs.append(helper.make_tensor_value_info(f"past_key_values.{i}.{kv}", TensorProto.FLOAT,
                                                        ["batch_size", nkv, "past_sequence_length", hd]))
            outputs.append(helper.make_tensor_value_info(f"present.{i}.{kv}", TensorProto.FLOAT,
                                                         ["batch_size", nkv, "total_sequence_length", hd]))

    # shared constants
    ax_last = g.const_i64("/const/axes_-1", [-1])
    ax1 = g.const_i64("/const/axes_1", [1])
    ax2 = g.const_i64("/const/axes_2", [2])
    ax123 = g.const_i64("/const/axes_1_2_3", [1, 2, 3])
    g.init("/const/eps", np.array(C["rms_norm_eps"], dtype=np.float32))
    g.init("/const/scale", np.array(1.0 / math.sqrt(hd), dtype=np.float32))
    g.init("/const/two", np.array(2.0, dtype=np.float32))
    g.init("/const/zero_f", np.array(0.0, dtype=np.float32))
    g.init("/const/neg", np.array(NEG, dtype=np.float32))
    g.init("/const/one_i", np.array(1, dtype=np.int64))
    g.init("/const/zero_i", np.array(0, dtype=np.int64))
    g.init("/const/idx1", np.array(1, dtype=np.int64))
    shp_q = g.const_i64("/const/shape_q", [0, 0, nh, hd])
    shp_kv = g.const_i64("/const/shape_kv", [0, 0, nkv, hd])
    shp_group = g.const_i64("/const/shape_group", [0, nkv, rep, -1, hd])
    shp_heads = g.const_i64("/const/shape_heads", [0, nh, -1, hd])
    shp_out = g.const_i64("/const/shape_attn_out", [0, 0, nh * hd])
    half0 = g.const_i64("/const/slice_0", [0])
    half1 = g.const_i64("/const/slice_half", [hd // 2])
    half2 = g.const_i64("/const/slice_end", [hd])

    # rotary caches [max_pos, head_dim], computed in float64 then rounded
    cos, sin = rope_cos_sin(torch.arange(C["max_position_embeddings"]), hd, C["rope_theta"], torch.float64)
    g.init("cos_cache", cos.to(torch.float32).numpy())
    g.init("sin_cache", sin.to(torch.float32).numpy())
    cos_b = g.node("Gather", "/model/rotary_emb/cos/Gather", ["cos_cache", "position_ids"], axis=0)  # [B,S,D]
    sin_b = g.node("Gather", "/model/rotary_emb/sin/Gather", ["sin_cache", "position_ids"], axis=0)
    cos_b = g.node("Unsqueeze", "/model/rotary_emb/cos/Unsqueeze", [cos_b, ax1])  # [B,1,S,D]
    sin_b = g.node("Unsqueeze", "/model/rotary_emb/sin/Unsqueeze", [sin_b, ax1])

    # attention bias [B,1,1,S,T]: key t visible from query s iff t <= P + s and attention_mask[b,t] == 1
    shp_ids = g.node("Shape", "/model/attn_mask/Shape_ids", ["input_ids"])
    shp_am = g.node("Shape", "/model/attn_mask/Shape_mask", ["attention_mask"])
    S_ = g.node("Gather", "/model/attn_mask/Gather_S", [shp_ids, "/const/idx1"], axis=0)
    T_ = g.node("Gather", "/model/attn_mask/Gather_T", [shp_am, "/const/idx1"], axis=0)
    P_ = g.node("Sub", "/model/attn_mask/Sub_P", [T_, S_])
    qpos = g.node("Range", "/model/attn_mask/Range_q", [P_, T_, "/const/one_i"])  # [S]
    kpos = g.node("Range", "/model/attn_mask/Range_k", ["/const/zero_i", T_, "/const/one_i"])  # [T]
    qpos = g.node("Unsqueeze", "/model/attn_mask/Unsqueeze_q", [qpos, ax_last])  # [S,1]
    causal = g.node("LessOrEqual", "/model/attn_mask/LessOrEqual", [kpos, qpos])  # [S,T]
    am = g.node("Cast", "/model/attn_mask/Cast", ["attention_mask"], to=TensorProto.BOOL)  # [B,T]
    am = g.node("Unsqueeze", "/model/attn_mask/Unsqueeze_mask", [am, ax123])  # [B,1,1,1,T]
    allowed = g.node("And", "/model/attn_mask/And", [causal, am])  # [B,1,1,S,T]
    bias = g.node("Where", "/model/attn_mask/Where", [allowed, "/const/zero_f", "/const/neg"])

    def rmsnorm(x, prefix, gamma_name):
        p = g.node("Pow", f"{prefix}/Pow", [x, "/const/two"])
        m = g.node("ReduceMean", f"{prefix}/ReduceMean", [p, ax_last], keepdims=1)
        a = g.node("Add", f"{prefix}/Add", [m, "/const/eps"])
        s = g.node("Sqrt", f"{prefix}/Sqrt", [a])
        r = g.node("Reciprocal", f"{prefix}/Reciprocal", [s])
        n = g.node("Mul", f"{prefix}/Mul", [x, r])
        g.init(gamma_name, f32(sd[gamma_name]))
        return g.node("Mul", f"{prefix}/Mul_1", [n, gamma_name])

    def rope(x, prefix):
        x1 = g.node("Slice", f"{prefix}/Slice_1", [x, half0, half1, ax_last])
        x2 = g.node("Slice", f"{prefix}/Slice_2", [x, half1, half2, ax_last])
        n2 = g.node("Neg", f"{prefix}/Neg", [x2])
        rot = g.node("Concat", f"{prefix}/Concat", [n2, x1], axis=-1)
        a = g.node("Mul", f"{prefix}/Mul_cos", [x, cos_b])
        b = g.node("Mul", f"{prefix}/Mul_sin", [rot, sin_b])
        return g.node("Add", f"{prefix}/Add", [a, b])

    g.init("model.embed_tokens.weight", f32(sd["model.embed_tokens.weight"]))
    x = g.node("Gather", "/model/embed_tokens/Gather", ["model.embed_tokens.weight", "input_ids"], axis=0)
    for i in range(L):
        pl = f"/model/layers.{i}"
        tl = f"model.layers.{i}"
        h = rmsnorm(x, f"{pl}/input_layernorm", f"{tl}.input_layernorm.weight")
        q = g.node("MatMul", f"{pl}/attn/q_proj/MatMul", [h, W(f"{tl}.self_attn.q_proj.weight")])
        k = g.node("MatMul", f"{pl}/attn/k_proj/MatMul", [h, W(f"{tl}.self_attn.k_proj.weight")])
        v = g.node("MatMul", f"{pl}/attn/v_proj/MatMul", [h, W(f"{tl}.self_attn.v_proj.weight")])
        q = g.node("Reshape", f"{pl}/attn/q/Reshape", [q, shp_q])
        k = g.node("Reshape", f"{pl}/attn/k/Reshape", [k, shp_kv])
        v = g.node("Reshape", f"{pl}/attn/v/Reshape", [v, shp_kv])
        q = g.node("Transpose", f"{pl}/attn/q/Transpose", [q], perm=[0, 2, 1, 3])  # [B,nh,S,hd]
        k = g.node("Transpose", f"{pl}/attn/k/Transpose", [k], perm=[0, 2, 1, 3])  # [B,nkv,S,hd]
        v = g.node("Transpose", f"{pl}/attn/v/Transpose", [v], perm=[0, 2, 1, 3])
        q = rope(q, f"{pl}/attn/q_rotary")
        k = rope(k, f"{pl}/attn/k_rotary")
        pk = g.node("Concat", f"{pl}/attn/present_key/Concat", [f"past_key_values.{i}.key", k],
                    outputs=[f"present.{i}.key"], axis=2)  # [B,nkv,T,hd]
        pv = g.node("Concat", f"{pl}/attn/present_value/Concat", [f"past_key_values.{i}.value", v],
                    outputs=[f"present.{i}.value"], axis=2)
        # grouped-query attention: query head j uses kv head j // rep (= repeat_interleave)
        qg = g.node("Reshape", f"{pl}/attn/q/Reshape_group", [q, shp_group])  # [B,nkv,rep,S,hd]
        kg = g.node("Unsqueeze", f"{pl}/attn/k/Unsqueeze", [pk, ax2])  # [B,nkv,1,T,hd]
        vg = g.node("Unsqueeze", f"{pl}/attn/v/Unsqueeze", [pv, ax2])
        kt = g.node("Transpose", f"{pl}/attn/k/Transpose_2", [kg], perm=[0, 1, 2, 4, 3])  # [B,nkv,1,hd,T]
        sc = g.node("MatMul", f"{pl}/attn/qk/MatMul", [qg, kt])  # [B,nkv,rep,S,T]
        sc = g.node("Mul", f"{pl}/attn/qk/Mul_scale", [sc, "/const/scale"])
        sc = g.node("Add", f"{pl}/attn/qk/Add_mask", [sc, bias])
        pr = g.node("Softmax", f"{pl}/attn/Softmax", [sc], axis=-1)
        o = g.node("MatMul", f"{pl}/attn/pv/MatMul", [pr, vg])  # [B,nkv,rep,S,hd]
        o = g.node("Reshape", f"{pl}/attn/o/Reshape_heads", [o, shp_heads])  # [B,nh,S,hd]
        o = g.node("Transpose", f"{pl}/attn/o/Transpose", [o], perm=[0, 2, 1, 3])
        o = g.node("Reshape", f"{pl}/attn/o/Reshape", [o, shp_out])
        o = g.node("MatMul", f"{pl}/attn/o_proj/MatMul", [o, W(f"{tl}.self_attn.o_proj.weight")])
        x = g.node("Add", f"{pl}/residual_add_1/Add", [x, o])
        h = rmsnorm(x, f"{pl}/post_attention_layernorm", f"{tl}.post_attention_layernorm.weight")
        gt = g.node("MatMul", f"{pl}/mlp/gate_proj/MatMul", [h, W(f"{tl}.mlp.gate_proj.weight")])
        up = g.node("MatMul", f"{pl}/mlp/up_proj/MatMul", [h, W(f"{tl}.mlp.up_proj.weight")])
        sg = g.node("Sigmoid", f"{pl}/mlp/act_fn/Sigmoid", [gt])
        si = g.node("Mul", f"{pl}/mlp/act_fn/Mul", [gt, sg])
        m = g.node("Mul", f"{pl}/mlp/Mul", [si, up])
        d = g.node("MatMul", f"{pl}/mlp/down_proj/MatMul", [m, W(f"{tl}.mlp.down_proj.weight")])
        x = g.node("Add", f"{pl}/residual_add_2/Add", [x, d])
    h = rmsnorm(x, "/model/norm", "model.norm.weight")
    g.init("lm_head.weight", f32(sd["lm_head.weight"]).T.copy())
    g.node("MatMul", "/lm_head/MatMul", [h, "lm_head.weight"], outputs=["logits"])

    graph = helper.make_graph(g.nodes, "main_graph", inputs, outputs, initializer=g.inits)
    model = helper.make_model(graph, producer_name="nibble-models", producer_version="1",
                              opset_imports=[helper.make_opsetid("", 21)])
    model.ir_version = 10
    helper.set_model_props(model, {"producer": "nibble models/build/export.py", "source": "tiny-kjv"})
    data_name = os.path.basename(path) + ".data"
    data_path = os.path.join(os.path.dirname(path), data_name)
    for p in (path, data_path):
        if os.path.exists(p):
            os.remove(p)
    onnx.save_model(model, path, save_as_external_data=True, all_tensors_to_one_file=True,
                    location=data_name, size_threshold=1024, convert_attribute=False)


# ---------------------------------------------------------------- HF files
def write_safetensors(sd, path):
    header, blobs, off = {}, [], 0
    for name in sorted(sd):
        a = sd[name].detach().to(torch.float16).contiguous().numpy()
        b = a.tobytes()
        header[name] = {"dtype": "F16", "shape": list(a.shape), "data_offsets": [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    header["__metadata__"] = {"format": "pt"}
    hj = json.dumps(header, separators=(",", ":")).encode()
    hj += b" " * ((8 - len(hj) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hj)))
        f.write(hj)
        for b in blobs:
            f.write(b)


def hf_config():
    return {
        "architectures": ["LlamaForCausalLM"], "model_type": "llama",
        "hidden_size": C["hidden_size"], "intermediate_size": C["intermediate_size"],
        "num_attention_heads": C["num_attention_heads"], "num_key_value_heads": C["num_key_value_heads"],
        "num_hidden_layers": C["num_hidden_layers"], "head_dim": C["head_dim"],
        "hidden_act": "silu", "rms_norm_eps": C["rms_norm_eps"], "rope_theta": C["rope_theta"], "rope_scaling": None,
        "max_position_embeddings": C["max_position_embeddings"], "vocab_size": C["vocab_size"],
        "attention_bias": False, "attention_dropout": 0.0, "mlp_bias": False, "pretraining_tp": 1,
        "initializer_range": 0.02, "tie_word_embeddings": False, "torch_dtype": "float16", "use_cache": True,
        "bos_token_id": C["bos_token_id"], "eos_token_id": C["eos_token_id"], "pad_token_id": C["pad_token_id"],
        "transformers_version": "4.44.0",
    }


def genai_config():
    return {
        "model": {
            "bos_token_id": C["bos_token_id"],
            "context_length": C["max_position_embeddings"],
            "decoder": {
                "session_options": {"log_id": "onnxruntime-genai", "provider_options": []},
                "filename": "model.onnx",
                "head_size": C["head_dim"],
                "hidden_size": C["hidden_size"],
                "inputs": {"input_ids": "input_ids", "attention_mask": "attention_mask",
                           "position_ids": "position_ids",
                           "past_key_names": "past_key_values.%d.key", "past_value_names": "past_key_values.%d.value"},
                "outputs": {"logits": "logits", "present_key_names": "present.%d.key",
                            "present_value_names": "present.%d.value"},
                "num_attention_heads": C["num_attention_heads"],
                "num_hidden_layers": C["num_hidden_layers"],
                "num_key_value_heads": C["num_key_value_heads"],
            },
            "eos_token_id": C["eos_token_id"],
            "pad_token_id": C["pad_token_id"],
            "type": "llama",
            "vocab_size": C["vocab_size"],
        },
        "search": {
            "diversity_penalty": 0.0, "do_sample": False, "early_stopping": True, "length_penalty": 1.0,
            "max_length": C["max_position_embeddings"], "min_length": 0, "no_repeat_ngram_size": 0,
            "num_beams": 1, "num_return_sequences": 1, "past_present_share_buffer": False,
            "repetition_penalty": 1.0, "temperature": 1.0, "top_k": 1, "top_p": 1.0,
        },
    }


# ---------------------------------------------------------------- reference
@torch.no_grad()
def sliding_ppl(model, ids, max_windows=None):
    """Hugging Face sliding-window perplexity (SPEC.md section 6), float64."""
    N = len(ids)
    nll_sum, scored, prev_end, nwin = 0.0, 0, 0, 0
    for begin in range(0, N, STRIDE):
        end = min(begin + WINDOW, N)
        trg_len = end - prev_end  # targets not yet scored: positions [prev_end, end)
        x = torch.tensor(ids[begin:end])[None]
        logits = model(x)[0]  # [len, V] float64
        logp = F.log_softmax(logits[:-1], dim=-1)
        tgt = x[0, 1:]
        nll = -logp.gather(1, tgt[:, None])[:, 0]  # nll[j] is the loss of target at window index j+1
        first = max(1, (end - begin) - trg_len)  # first scored window index
        nll_sum += nll[first - 1:].sum().item()
        scored += (end - begin) - first
        prev_end = end
        nwin += 1
        if end == N or (max_windows and nwin >= max_windows):
            break
    return nll_sum, scored, nwin


def main():
    torch.set_num_threads(1)
    work, out = sys.argv[1], sys.argv[2]
    max_windows = int(sys.argv[3]) if len(sys.argv) > 3 else None
    t0 = time.time()
    sd = torch.load(os.path.join(work, "model.pt"))
    sd = {k: v.to(torch.float32) for k, v in sd.items()}
    os.makedirs(os.path.join(out, "hf"), exist_ok=True)
    build_onnx(sd, os.path.join(out, "model.onnx"))
    write_safetensors(sd, os.path.join(out, "hf", "model.safetensors"))
    with open(os.path.join(out, "hf", "config.json"), "w") as f:
        json.dump(hf_config(), f, indent=2)
    with open(os.path.join(out, "genai_config.json"), "w") as f:
        json.dump(genai_config(), f, indent=4)
    print(f"wrote onnx/hf files in {time.time() - t0:.0f}s", flush=True)

    # reference, float64 from the same fp32 weights
    model = Llama(CONFIG)
    model.load_state_dict({(k[len("model."):] if k.startswith("model.") else k): v for k, v in sd.items()})
    model = model.double().eval()
    enc = tok.load(os.path.join(out, "tokenizer.json"))
    prompts = []
    with torch.no_grad():
        for text in PROMPTS:
            ids = enc.encode(text)
            logits = model(torch.tensor(ids)[None])[0]
            top = []
            for pos in range(len(ids)):
                vals, idx = logits[pos].topk(10)
                top.append([{"id": int(j), "logit": float(v)} for v, j in zip(vals, idx)])
            prompts.append({"text": text, "ids": ids, "top_logits": top})
    val_ids = [int(t) for t in open(os.path.join(out, "data", "val.ids.txt")).read().split()]
    with torch.no_grad():
        w = torch.tensor(val_ids[:WINDOW])[None]
        lp = F.log_softmax(model(w)[0, :-1], -1)
        first_nll = float(-lp.gather(1, w[0, 1:, None]).mean())
    t1 = time.time()
    nll_sum, scored, nwin = sliding_ppl(model, val_ids, max_windows)
    print(f"val ppl: {nwin} windows in {time.time() - t1:.0f}s", flush=True)
    nll_mean = nll_sum / scored
    train = json.load(open(os.path.join(work, "train.json")))
    ref = {
        "model": "tiny-kjv",
        "dtype": "float64 torch forward from the fp32 weights in model.onnx.data",
        "val_ppl": {"mode": "hf", "window": WINDOW, "stride": STRIDE, "tokens": len(val_ids), "scored": scored,
                    "windows": nwin, "nll_mean": nll_mean, "ppl": math.exp(nll_mean)},
        "first_window": {"start": 0, "length": WINDOW, "scored": WINDOW - 1, "nll_mean": first_nll,
                         "note": "mean NLL of val ids [0, 1024) predicting ids 1..1023, one pass, empty cache"},
        "prompts": prompts,
        "train": {"seconds": train["seconds"], "steps": train["steps"], "final_train_loss": train["final_train_loss"],
                  "batch": train["batch"], "seq_len": train["seq_len"], "tokens_seen": train["tokens_seen"]},
        "config": {**CONFIG, "params": sum(v.numel() for v in sd.values())},
    }
    if max_windows:
        ref["val_ppl"]["note"] = f"SMOKE RUN: only the first {max_windows} windows"
    with open(os.path.join(out, "reference.json"), "w") as f:
        json.dump(ref, f, indent=1)
    print(f"val: tokens {len(val_ids)} scored {scored} nll {nll_mean:.5f} ppl {math.exp(nll_mean):.3f}; "
          f"first window nll {first_nll:.5f}; total {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
