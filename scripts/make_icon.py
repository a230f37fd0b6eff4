#!/usr/bin/env python3
"""Writes assets/thidua.ico, the icon embedded in thidua.exe: a gold
five-pointed star on a blue rounded square, at 16, 24, 32, 48, 64 and 256
pixels (PNG images inside the .ico, as Windows Vista and later read them).

Standard library only, deterministic: running it again gives the same bytes.
    python3 scripts/make_icon.py
"""
import math
import struct
import zlib
from pathlib import Path

BLUE = (11, 94, 168)  # the page's header colour
GOLD = (255, 204, 0)
SIZES = [16, 24, 32, 48, 64, 256]
SAMPLES = 4  # supersampling per axis, for smooth edges


def star_polygon(cx, cy, outer, inner):
    pts = []
    for i in range(10):
        r = outer if i % 2 == 0 else inner
        a = -math.pi / 2 + i * math.pi / 5
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return pts


def inside_polygon(x, y, pts):
    hit = False
    j = len(pts) - 1
    for i in range(len(pts)):
        xi, yi = pts[i]
        xj, yj = pts[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            hit = not hit
        j = i
    return hit


def inside_rounded_square(x, y, radius):
    # unit square [0,1]^2 with rounded corners
    cx = min(max(x, radius), 1 - radius)
    cy = min(max(y, radius), 1 - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius**2 and 0 <= x <= 1 and 0 <= y <= 1


def render(size):
    star = star_polygon(0.5, 0.54, 0.40, 0.16)
    rows = []
    for py in range(size):
        row = bytearray([0])  # PNG filter: none
        for px in range(size):
            square = on_star = 0
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    x = (px + (sx + 0.5) / SAMPLES) / size
                    y = (py + (sy + 0.5) / SAMPLES) / size
                    if inside_rounded_square(x, y, 0.18):
                        square += 1
                        if inside_polygon(x, y, star):
                            on_star += 1
            n = SAMPLES * SAMPLES
            if square == 0:
                row += bytes(4)
                continue
            t = on_star / square
            rgb = [round(b * (1 - t) + g * t) for b, g in zip(BLUE, GOLD)]
            row += bytes(rgb + [round(255 * square / n)])
        rows.append(bytes(row))
    return png(size, b"".join(rows))


def png(size, raw):
    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def ico(images):
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries = b""
    data = b""
    for size, image in images:
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(image), offset + len(data))
        data += image
    return out + entries + data


def main():
    root = Path(__file__).resolve().parent.parent
    target = root / "assets" / "thidua.ico"
    target.parent.mkdir(exist_ok=True)
    target.write_bytes(ico([(s, render(s)) for s in SIZES]))
    print(f"{target.relative_to(root)}: {target.stat().st_size} bytes")


if __name__ == "__main__":
    main()
