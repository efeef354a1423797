#!/usr/bin/env python3
"""Writes tiny-bpe/vocab.json and tiny-bpe/merges.txt: a byte-level BPE vocabulary small enough to check by hand.

Ids 0-255 are the 256 bytes in GPT-2's byte-to-character spelling (a space is 'Ġ'); seven merges follow.
"""
import json
import os

printable = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAC + 1)) + list(range(0xAE, 0xFF + 1))
chars = {}
moved = 0
for b in range(256):
    if b in printable:
        chars[b] = chr(b)
    else:
        chars[b] = chr(256 + moved)
        moved += 1

vocab = {chars[b]: b for b in range(256)}
merges = [("\u0120", "t"), ("h", "e"), ("\u0120t", "he"), ("a", "t"), ("\u0120", "c"), ("\u0120c", "at"), ("t", "he")]
for a, b in merges:
    vocab[a + b] = len(vocab)

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tiny-bpe")
with open(os.path.join(here, "vocab.json"), "w", encoding="utf-8") as f:
    json.dump(vocab, f, ensure_ascii=False, indent=0)
with open(os.path.join(here, "merges.txt"), "w", encoding="utf-8") as f:
    f.write("#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in merges))
