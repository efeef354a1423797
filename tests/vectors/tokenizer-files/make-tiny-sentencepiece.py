#!/usr/bin/env python3
"""Writes tiny-sentencepiece/tokenizer.model: a SentencePiece BPE model small enough to check by hand.

The protobuf is written field by field (sentencepiece_model.proto numbering), so nothing beyond Python is needed.
SentencePiece BPE merges the adjacent pair whose merged piece has the highest score first.
"""
import os
import struct

def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)

def key(field, wire):
    return varint((field << 3) | wire)

def length_delimited(field, payload):
    return key(field, 2) + varint(len(payload)) + payload

def integer(field, value):
    return key(field, 0) + varint(value)

def float32(field, value):
    return key(field, 5) + struct.pack('<f', value)

NORMAL, UNKNOWN, CONTROL = 1, 2, 3
pieces = [("<unk>", 0.0, UNKNOWN), ("<s>", 0.0, CONTROL), ("</s>", 0.0, CONTROL)]
# Merged pieces first, best score first; then the single characters.
pieces += [("he", -1.0, NORMAL), ("\u2581t", -2.0, NORMAL), ("\u2581the", -3.0, NORMAL), ("at", -4.0, NORMAL),
           ("\u2581c", -5.0, NORMAL), ("\u2581cat", -6.0, NORMAL)]
pieces += [(c, -10.0 - i, NORMAL) for i, c in enumerate(["\u2581", "t", "h", "e", "c", "a", "s", "o", "n"])]

model = b""
for text, score, kind in pieces:
    model += length_delimited(1, length_delimited(1, text.encode("utf-8")) + float32(2, score) + integer(3, kind))
trainer = integer(3, 2) + integer(40, 0) + integer(41, 1) + integer(42, 2) + key(43, 0) + varint((1 << 64) - 1)
model += length_delimited(2, trainer)
normalizer = length_delimited(1, b"identity") + integer(3, 1) + integer(4, 1) + integer(5, 1)
model += length_delimited(3, normalizer)

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "tiny-sentencepiece", "tokenizer.model"), "wb") as f:
    f.write(model)
