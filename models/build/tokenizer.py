#!/usr/bin/python3
"""Step 2: byte-level BPE tokenizer (GPT-2 style), trained on the train split.

- Pre-tokenization: the GPT-2 regex (same as Hugging Face ByteLevel with
  use_regex=true, add_prefix_space=false), then every pre-token's UTF-8 bytes are
  mapped to printable characters with GPT-2's bytes_to_unicode table.
- Vocabulary: ids 0..255 are the 256 single bytes (id = byte value), then one id
  per merge in merge order, then the special token <|endoftext|> as the last id.
  VOCAB_SIZE = 4096 = 256 + 3839 merges + 1 special.
- Training: classic BPE on the multiset of pre-tokens with incremental pair
  counts. At each step the most frequent pair is merged; ties go to the pair
  (left, right) that compares greatest as a string tuple (deterministic).
- Encoding (exactly what HF `tokenizers` BPE does without dropout): within each
  pre-token, repeatedly merge the adjacent pair of lowest merge rank (leftmost
  occurrence first) until no pair is in the merge table.

Usage:
  tokenizer.py train TRAIN_TXT OUT_DIR       writes OUT_DIR/tokenizer.json, tokenizer_config.json
  tokenizer.py encode TOKENIZER_JSON IN_TXT OUT_IDS   (whole file as one string, ids whitespace separated)
"""
import collections
import json
import os
import sys

import regex

GPT2_PAT = regex.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+""")
VOCAB_SIZE = 4096
SPECIAL = "<|endoftext|>"
MODEL_MAX_LENGTH = 1024


def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


B2U = bytes_to_unicode()


def pretokenize(text):
    return ["".join(B2U[b] for b in tok.encode("utf-8")) for tok in GPT2_PAT.findall(text)]


def train(text, num_merges):
    word_counts = collections.Counter(pretokenize(text))
    words = [list(w) for w in word_counts]
    counts = [word_counts[w] for w in word_counts]
    pair_counts = collections.Counter()
    where = collections.defaultdict(set)  # pair -> word indices containing it
    for wi, w in enumerate(words):
        c = counts[wi]
        for a, b in zip(w, w[1:]):
            pair_counts[(a, b)] += c
            where[(a, b)].add(wi)
    merges = []
    for step in range(num_merges):
        if not pair_counts:
            break
        best = max(pair_counts.items(), key=lambda kv: (kv[1], kv[0]))[0]
        if pair_counts[best] < 1:
            break
        merges.append(best)
        a, b = best
        new = a + b
        for wi in list(where[best]):
            w = words[wi]
            c = counts[wi]
            # remove old pair counts of this word
            for p in zip(w, w[1:]):
                pair_counts[p] -= c
                if pair_counts[p] == 0:
                    del pair_counts[p]
            # merge left to right
            out = []
            i = 0
            while i < len(w):
                if i + 1 < len(w) and w[i] == a and w[i + 1] == b:
                    out.append(new)
                    i += 2
                else:
                    out.append(w[i])
                    i += 1
            words[wi] = out
            for p in zip(out, out[1:]):
                pair_counts[p] += c
                where[p].add(wi)
        del where[best]
        pair_counts.pop(best, None)
    return merges


class Encoder:
    def __init__(self, vocab, merges):
        self.vocab = vocab
        self.ranks = {tuple(m.split(" ")): r for r, m in enumerate(merges)}
        self.cache = {}
        self.special = {k: v for k, v in vocab.items() if k == SPECIAL}

    def bpe(self, token):
        if token in self.cache:
            return self.cache[token]
        parts = list(token)
        while len(parts) > 1:
            best_rank, best_i = None, -1
            for i in range(len(parts) - 1):
                r = self.ranks.get((parts[i], parts[i + 1]))
                if r is not None and (best_rank is None or r < best_rank):
                    best_rank, best_i = r, i
            if best_i < 0:
                break
            parts = parts[:best_i] + [parts[best_i] + parts[best_i + 1]] + parts[best_i + 2:]
        ids = [self.vocab[p] for p in parts]
        self.cache[token] = ids
        return ids

    def encode(self, text):
        # split on the special token first (HF added-token handling), then BPE the rest
        ids = []
        pieces = text.split(SPECIAL)
        for k, piece in enumerate(pieces):
            if k > 0:
                ids.append(self.vocab[SPECIAL])
            for tok in pretokenize(piece):
                ids.extend(self.bpe(tok))
        return ids

    def decode(self, ids):
        inv = {v: k for k, v in self.vocab.items()}
        u2b = {v: k for k, v in B2U.items()}
        out = bytearray()
        for i in ids:
            s = inv[i]
            if s == SPECIAL:
                out += s.encode()
            else:
                out += bytes(u2b[ch] for ch in s)
        return out.decode("utf-8", errors="replace")


def load(tokenizer_json):
    tj = json.load(open(tokenizer_json, encoding="utf-8"))
    return Encoder(tj["model"]["vocab"], tj["model"]["merges"])


def build_json(merges):
    vocab = {B2U[b]: b for b in range(256)}
    for a, b in merges:
        vocab[a + b] = len(vocab)
    special_id = len(vocab)
    vocab[SPECIAL] = special_id
    assert len(vocab) == VOCAB_SIZE, len(vocab)
    tj = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [{"id": special_id, "content": SPECIAL, "single_word": False, "lstrip": False,
                          "rstrip": False, "normalized": False, "special": True}],
        "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "post_processor": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": True},
        "decoder": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False,
                  "vocab": vocab, "merges": [a + " " + b for a, b in merges]},
    }
    cfg = {
        "add_bos_token": False,
        "add_eos_token": False,
        "bos_token": SPECIAL,
        "eos_token": SPECIAL,
        "pad_token": SPECIAL,
        "unk_token": None,
        "clean_up_tokenization_spaces": False,
        "model_max_length": MODEL_MAX_LENGTH,
        "tokenizer_class": "PreTrainedTokenizerFast",
        "added_tokens_decoder": {str(special_id): {"content": SPECIAL, "lstrip": False, "normalized": False,
                                                   "rstrip": False, "single_word": False, "special": True}},
    }
    return tj, cfg


def main():
    cmd = sys.argv[1]
    if cmd == "train":
        text = open(sys.argv[2], encoding="utf-8").read()
        out_dir = sys.argv[3]
        merges = train(text, VOCAB_SIZE - 256 - 1)
        tj, cfg = build_json(merges)
        os.makedirs(out_dir, exist_ok=True)
        with open(os.path.join(out_dir, "tokenizer.json"), "w", encoding="utf-8") as f:
            json.dump(tj, f, ensure_ascii=False, indent=1)
        with open(os.path.join(out_dir, "tokenizer_config.json"), "w", encoding="utf-8") as f:
            json.dump(cfg, f, ensure_ascii=False, indent=2)
        enc = Encoder(tj["model"]["vocab"], tj["model"]["merges"])
        ids = enc.encode(text)
        assert enc.decode(ids) == text
        print(f"merges {len(merges)}; train text {len(text)} chars -> {len(ids)} tokens")
    elif cmd == "encode":
        enc = load(sys.argv[2])
        text = open(sys.argv[3], encoding="utf-8").read()
        ids = enc.encode(text)
        assert enc.decode(ids) == text
        with open(sys.argv[4], "w") as f:
            for i in range(0, len(ids), 32):
                f.write(" ".join(map(str, ids[i:i + 32])) + "\n")
        print(f"{sys.argv[3]}: {len(text)} chars -> {len(ids)} tokens")
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
