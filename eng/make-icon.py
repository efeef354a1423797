#!/usr/bin/env python3
"""Writes eng/icon.png, the 128x128 package icon: a shield with a check mark.

Standard library only (zlib + struct), so it runs anywhere python3 does and the output is byte-for-byte
reproducible: run it again and `git diff` stays empty unless the drawing changed.
"""
import os
import struct
import zlib

SIZE = 128
BACKGROUND = (0, 0, 0, 0)
SHIELD = (38, 99, 235, 255)
CHECK = (255, 255, 255, 255)


def inside_shield(x: float, y: float) -> bool:
    # Straight sides for the upper half, then a curve narrowing to a point at the bottom.
    top, middle, bottom, half_width, centre = 14, 64, 118, 46, 64
    if y < top or y > bottom:
        return False
    if y <= middle:
        return abs(x - centre) <= half_width
    t = (y - middle) / (bottom - middle)
    return abs(x - centre) <= half_width * (1 - t * t)


def distance_to_segment(px, py, ax, ay, bx, by) -> float:
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    cx, cy = ax + t * dx, ay + t * dy
    return ((px - cx) ** 2 + (py - cy) ** 2) ** 0.5


def on_check(x: float, y: float) -> bool:
    stroke = 7.5
    return (distance_to_segment(x, y, 40, 64, 57, 82) <= stroke
            or distance_to_segment(x, y, 57, 82, 90, 45) <= stroke)


def pixel(x: int, y: int):
    cx, cy = x + 0.5, y + 0.5
    if not inside_shield(cx, cy):
        return BACKGROUND
    return CHECK if on_check(cx, cy) else SHIELD


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def main() -> None:
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(SIZE)) for y in range(SIZE))
    png = (b"\x89PNG\r\n\x1a\n"
           + chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(rows, 9))
           + chunk(b"IEND", b""))
    target = os.path.join(os.path.dirname(os.path.abspath(__file__)), "icon.png")
    temporary = target + ".tmp"
    with open(temporary, "wb") as handle:
        handle.write(png)
    os.replace(temporary, target)


if __name__ == "__main__":
    main()
