#!/usr/bin/env bash
# Seeds for fuzz_hsm: small .hsm files written straight from docs/MODEL_FORMAT.md by a separate (Python)
# writer -- a tiny loadable CNN model, a generic container with every dtype, and an empty container.
#   tests/fuzz/fuzz_hsm_seeds.sh DIR
set -euo pipefail
dir="${1:?usage: fuzz_hsm_seeds.sh DIR}"
mkdir -p "$dir"
py=/usr/bin/python3; [ -x "$py" ] || py=python3
"$py" - "$dir" <<'PY'
import random, struct, sys, zlib
MAGIC = b"\x89HSM\r\n\x1a\n"
DT = {"f32": (1, "<f", 4), "i8": (2, "<b", 1), "i32": (3, "<i", 4), "u8": (4, "<B", 1)}

def pack_str(s):
    b = s.encode()
    return struct.pack("<I", len(b)) + b + b"\0"

def hsm(meta, tensors):
    """meta: [(key, value)], tensors: [(name, dtype, dims, values)] -> bytes (layout of MODEL_FORMAT.md)."""
    m = b"".join(pack_str(k) + pack_str(v) for k, v in meta)
    table_off = (64 + len(m) + 7) // 8 * 8
    data_off = (table_off + 104 * len(tensors) + 63) // 64 * 64
    table, data = b"", b""
    for name, dt, dims, vals in tensors:
        code, fmt, size = DT[dt]
        data += b"\0" * ((-len(data)) % 64)
        raw = b"".join(struct.pack(fmt, v) for v in vals)
        assert len(raw) == size * max(1, eval("*".join(map(str, dims)) or "1"))
        d = list(dims) + [0] * (4 - len(dims))
        table += name.encode().ljust(64, b"\0") + struct.pack("<II4IQQ", code, len(dims), *d, len(data), len(raw))
        data += raw
    body = m.ljust(table_off - 64, b"\0") + table.ljust(data_off - table_off, b"\0") + data
    size = 64 + len(body)
    hdr = MAGIC + struct.pack("<IIQIIQQQI", 1, 0, size, len(meta), len(tensors), 64, table_off, data_off, 0)
    crc = zlib.crc32(body, zlib.crc32(hdr))
    return hdr + struct.pack("<I", crc) + body

rnd = random.Random(1)
def rand(n, s=0.3): return [rnd.uniform(-s, s) for _ in range(n)]
H, W = 100, 32
layers = ["conv2d kh=3 kw=3 sh=1 sw=1 ph=1 pw=1 units=2", "batchnorm eps=1e-05", "relu",
          "maxpool kh=2 kw=2 sh=2 sw=2", "global_avgpool", "dropout rate=0.5", "dense units=1", "sigmoid"]
meta = [("model.kind", "cnn"), ("model.name", "seed"), ("model.threshold", "0.5"),
        ("cnn.window_frames", str(H)), ("cnn.hop_frames", "50"), ("cnn.norm_mode", "1"),
        ("cnn.in_h", str(H)), ("cnn.in_w", str(W)), ("cnn.in_c", "1"), ("cnn.n_layers", str(len(layers))),
        ("preproc.sample_rate", "2000"), ("preproc.bandpass_lo_hz", "25"), ("preproc.bandpass_hi_hz", "400"),
        ("preproc.bandpass_order", "4"), ("preproc.normalize", "1"), ("melspec.sample_rate", "2000"),
        ("melspec.n_fft", "256"), ("melspec.win_length", "128"), ("melspec.hop_length", "40"),
        ("melspec.window", "hann_periodic"), ("melspec.center", "1"), ("melspec.n_mels", str(W)),
        ("melspec.fmin", "25"), ("melspec.fmax", "600"), ("melspec.mel_scale", "slaney"),
        ("melspec.mel_norm", "slaney"), ("melspec.power", "2"), ("melspec.log", "db"), ("melspec.log_floor", "1e-10")]
meta += [("cnn.layer.%02d" % i, t) for i, t in enumerate(layers)]
tensors = [("layer.00.w", "f32", [2, 3, 3, 1], rand(18)), ("layer.00.b", "f32", [2], rand(2)),
           ("layer.01.gamma", "f32", [2], [1.0, 1.1]), ("layer.01.beta", "f32", [2], [0.0, 0.1]),
           ("layer.01.mean", "f32", [2], [0.1, -0.1]), ("layer.01.var", "f32", [2], [1.0, 0.9]),
           ("layer.06.w", "f32", [1, 2], rand(2)), ("layer.06.b", "f32", [1], [0.0])]
out = sys.argv[1]
open(out + "/tiny_cnn.hsm", "wb").write(hsm(meta, tensors))
open(out + "/dtypes.hsm", "wb").write(hsm([("model.kind", "test"), ("empty", "")],
    [("a", "f32", [2, 2], [1.0, 2.0, 3.0, 4.0]), ("b", "i8", [3], [-128, 0, 127]),
     ("c", "i32", [1, 1, 1, 2], [-5, 5]), ("d", "u8", [], [255])]))
open(out + "/empty.hsm", "wb").write(hsm([], []))
PY
