#!/usr/bin/env bash
# Seeds for fuzz_tflite: small TFLite files written by a separate (Python) FlatBuffers writer from the
# schema field numbers in src/model/tflite.c -- a conv / depthwise / fully-connected chain with float and
# per-channel int8 tensors, the same with every option table, and a model whose op reads a missing tensor
# (-1). Without seeds the fuzzer stays at the "TFL3" check; these put it inside every table of the reader.
#   tests/fuzz/fuzz_tflite_seeds.sh DIR
set -euo pipefail
dir="${1:?usage: fuzz_tflite_seeds.sh DIR}"
mkdir -p "$dir"
py=/usr/bin/python3; [ -x "$py" ] || py=python3
"$py" - "$dir" <<'PY'
import struct, sys

class Table:
    def __init__(self, **fields): self.fields = fields  # id -> (kind, value)
class Vec:
    def __init__(self, kind, items): self.kind, self.items = kind, items
class Str:
    def __init__(self, s): self.s = s.encode()

SIZE = {"u8": 1, "i32": 4, "u32": 4, "f32": 4, "i64": 8, "off": 4}
FMT = {"u8": "<B", "i32": "<i", "u32": "<I", "f32": "<f", "i64": "<q"}

class Writer:
    """Lays every object out after the one that refers to it, so each uoffset points forward; each vtable
    goes right before its table (positive soffset)."""
    def __init__(self): self.b = bytearray()
    def align(self, n):
        while len(self.b) % n: self.b.append(0)
    def obj(self, o):
        if isinstance(o, Str):
            self.align(4); pos = len(self.b)
            self.b += struct.pack("<I", len(o.s)) + o.s + b"\0"
            return pos
        if isinstance(o, Vec):
            es = SIZE[o.kind]
            self.align(4)
            if es == 8 and len(self.b) % 8 != 4: self.b += b"\0" * 4
            pos = len(self.b)
            self.b += struct.pack("<I", len(o.items))
            if o.kind != "off":
                for v in o.items: self.b += struct.pack(FMT[o.kind], v)
                return pos
            slots = []
            for _ in o.items: slots.append(len(self.b)); self.b += b"\0" * 4
            for s, child in zip(slots, o.items):
                c = self.obj(child); struct.pack_into("<I", self.b, s, c - s)
            return pos
        # table: fields in id order, each aligned to its size, after the 4-byte soffset
        ids = sorted(int(k[1:]) for k in o.fields)
        layout, off = {}, 4
        for i in ids:
            kind, _ = o.fields["f%d" % i]
            sz = SIZE[kind]; off = (off + sz - 1) // sz * sz; layout[i] = off; off += sz
        nfields = (ids[-1] + 1) if ids else 0
        vt = struct.pack("<HH", 4 + 2 * nfields, off) + b"".join(struct.pack("<H", layout.get(i, 0)) for i in range(nfields))
        self.align(2); vt_pos = len(self.b); self.b += vt
        self.align(4)
        pos = len(self.b)
        self.b += struct.pack("<i", pos - vt_pos) + b"\0" * (off - 4)
        children = []
        for i in ids:
            kind, v = o.fields["f%d" % i]
            if kind == "off": children.append((pos + layout[i], v))
            else: struct.pack_into(FMT[kind], self.b, pos + layout[i], v)
        for s, child in children:
            c = self.obj(child); struct.pack_into("<I", self.b, s, c - s)
        return pos
    def finish(self, root):
        self.b += b"\0\0\0\0TFL3"
        r = self.obj(root); struct.pack_into("<I", self.b, 0, r)
        return bytes(self.b)

def tensor(name, shape, ttype, buf, scales=None, qdim=0):
    f = dict(f0=("off", Vec("i32", shape)), f1=("u8", ttype), f2=("u32", buf), f3=("off", Str(name)))
    if scales is not None:
        f["f4"] = ("off", Table(f2=("off", Vec("f32", scales)), f3=("off", Vec("i64", [0] * len(scales))),
                                f6=("i32", qdim)))
    return Table(**f)

def buffer(data=None):
    return Table(f0=("off", Vec("u8", list(data)))) if data else Table()

def model(options=True, missing_input=False):
    f32 = lambda vals: b"".join(struct.pack("<f", v) for v in vals)
    i8 = lambda vals: bytes(v & 0xFF for v in vals)
    bufs = [buffer(), buffer(f32([0.1 * (i % 7 - 3) for i in range(2 * 3 * 3 * 1)])), buffer(f32([0.5, -0.5])),
            buffer(i8([(i * 37) % 255 - 127 for i in range(3 * 3 * 2)])), buffer(f32([0.0, 0.1])),
            buffer(i8([(i * 11) % 255 - 127 for i in range(3 * 2)])), buffer(f32([0.0, 0.0, 0.0]))]
    tensors = [tensor("input", [1, 4, 4, 1], 0, 0), tensor("conv/w", [2, 3, 3, 1], 0, 1), tensor("conv/b", [2], 0, 2),
               tensor("conv", [1, 4, 4, 2], 0, 0), tensor("dw/w", [1, 3, 3, 2], 9, 3, [0.01, 0.02], 3),
               tensor("dw/b", [2], 0, 4), tensor("dw", [1, 2, 2, 2], 0, 0),
               tensor("fc/w", [3, 2], 9, 5, [0.05], 0), tensor("fc/b", [3], 0, 6), tensor("out", [1, 3], 0, 0)]
    conv_opt = Table(f0=("u8", 0), f1=("i32", 1), f2=("i32", 1), f3=("u8", 1), f4=("i32", 1), f5=("i32", 1))
    dw_opt = Table(f0=("u8", 0), f1=("i32", 2), f2=("i32", 2), f3=("i32", 1), f4=("u8", 1), f5=("i32", 1), f6=("i32", 1))
    fc_opt = Table(f0=("u8", 0))
    def op(code, ins, outs, opt):
        f = dict(f0=("u32", code), f1=("off", Vec("i32", ins)), f2=("off", Vec("i32", outs)))
        if options: f["f4"] = ("off", opt)
        return Table(**f)
    ops = [op(0, [0, 1, 2], [3], conv_opt), op(1, [3, 4, 5], [6], dw_opt),
           op(2, [6, 7, -1 if missing_input else 8], [9], fc_opt)]
    codes = [Table(f0=("u8", 3), f3=("i32", 3)), Table(f0=("u8", 4), f3=("i32", 4)), Table(f0=("u8", 9), f3=("i32", 9))]
    sg = Table(f0=("off", Vec("off", tensors)), f1=("off", Vec("i32", [0])), f2=("off", Vec("i32", [9])),
               f3=("off", Vec("off", ops)))
    return Table(f0=("u32", 3), f1=("off", Vec("off", codes)), f2=("off", Vec("off", [sg])),
                 f3=("off", Str("heartsound fuzz seed")), f4=("off", Vec("off", bufs)))

out = sys.argv[1]
for name, m in [("chain", model()), ("chain_no_options", model(options=False)),
                ("optional_input", model(missing_input=True))]:
    open("%s/%s.tflite" % (out, name), "wb").write(Writer().finish(m))
PY
