#!/usr/bin/env python3
"""Where a wasm module's bytes go, like `twiggy top`: the largest functions by code size (names
from the module's `name` section), the data segments, and totals per crate. Used for
BENCHMARKS.md when twiggy is not installed. Run on cargo's output before wasm-bindgen strips
the names: target/wasm32-unknown-unknown/wasm-release/mss.wasm.

usage: benches/wasm_top.py FILE.wasm [N]
"""
import re
import sys
from collections import Counter


def leb(data, i):
    result = shift = 0
    while True:
        byte = data[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, i


def demangle(name):
    """Rust's legacy mangling (`_ZN...E`) to `a::b::c`, without the hash; others as they are."""
    if not name.startswith("_ZN"):
        return name
    parts, i = [], 3
    while i < len(name) and name[i].isdigit():
        j = i
        while name[j].isdigit():
            j += 1
        n = int(name[i:j])
        parts.append(name[j : j + n])
        i = j + n
    if parts and re.fullmatch(r"h[0-9a-f]{16}", parts[-1]):
        parts.pop()
    text = "::".join(parts)
    for code, char in [("$LT$", "<"), ("$GT$", ">"), ("$u20$", " "), ("$RF$", "&"),
                       ("$BP$", "*"), ("$C$", ","), ("$u7b$", "{"), ("$u7d$", "}"),
                       ("$u27$", "'"), ("$u5b$", "["), ("$u5d$", "]"), ("$LP$", "("),
                       ("$RP$", ")"), ("..", "::")]:
        text = text.replace(code, char)
    return text.lstrip("_")


def sections(data):
    i = 8
    while i < len(data):
        kind = data[i]
        size, j = leb(data, i + 1)
        yield kind, data[j : j + size]
        i = j + size


def main():
    data = open(sys.argv[1], "rb").read()
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    imported = 0
    bodies = []
    names = {}
    data_bytes = 0
    for kind, body in sections(data):
        if kind == 2:  # imports: functions among them shift the indices
            count, i = leb(body, 0)
            for _ in range(count):
                for _ in range(2):
                    n, i = leb(body, i)
                    i += n
                desc = body[i]
                i += 1
                if desc == 0:
                    _, i = leb(body, i)
                    imported += 1
                elif desc == 1:
                    i += 1
                    flags, i = leb(body, i)
                    _, i = leb(body, i)
                    if flags & 1:
                        _, i = leb(body, i)
                elif desc == 2:
                    flags, i = leb(body, i)
                    _, i = leb(body, i)
                    if flags & 1:
                        _, i = leb(body, i)
                else:
                    i += 2
        elif kind == 10:
            count, i = leb(body, 0)
            for _ in range(count):
                size, j = leb(body, i)
                bodies.append(j + size - i)
                i = j + size
        elif kind == 11:
            data_bytes = len(body)
        elif kind == 0:
            n, i = leb(body, 0)
            if body[i : i + n] != b"name":
                continue
            i += n
            while i < len(body):
                sub = body[i]
                size, j = leb(body, i + 1)
                if sub == 1:
                    count, k = leb(body, j)
                    for _ in range(count):
                        index, k = leb(body, k)
                        length, k = leb(body, k)
                        names[index] = demangle(body[k : k + length].decode("utf-8", "replace"))
                        k += length
                i = j + size
    code = sum(bodies)
    print(f"file {len(data)} bytes: code {code}, data {data_bytes}")
    rows = sorted(
        ((size, names.get(imported + n, f"func[{imported + n}]")) for n, size in enumerate(bodies)),
        reverse=True,
    )
    print(f"\n| function | bytes |\n|---|---:|")
    for size, name in rows[:top]:
        print(f"| `{name[:90]}` | {size} |")
    crates = Counter()
    for size, name in rows:
        match = re.search(r"^<?&?(?:mut )?([a-z_][a-z0-9_]*)::", name) or re.search(
            r"_R\w*?\d+([a-z_][a-z0-9_]*)", name
        )
        crates[match.group(1) if match else "(other)"] += size
    print(f"\n| crate | code bytes |\n|---|---:|")
    for crate, size in crates.most_common(15):
        print(f"| {crate} | {size} |")


main()
