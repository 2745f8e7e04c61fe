#!/usr/bin/python3
"""Independent reference for heartsound's front end, in float64 numpy/scipy, written from the definitions
(docs/FEATURES.md), not from the C code:

  preprocess: scipy.signal.butter high-pass + low-pass (order per edge) -> sosfiltfilt (odd padding,
              padlen = 3 * (2 * order + 1)) -> subtract mean, divide by RMS
  log-mel:    zero padding of n_fft // 2 at both ends (center) -> frames every hop -> scipy.signal.get_window
              (fftbins=True for periodic) centred in n_fft -> numpy rfft -> |X|^power -> triangular mel
              filters (HTK or Slaney scale, optional Slaney area norm, triangles linear in Hz like librosa
              or in mel like TensorFlow) -> dB / ln(x + offset) / none

Usage (tests/ref/check_features.sh runs the last two):
  melspec_ref.py compare --json LINE --features F.npy [--samples S.npy] [--wav W.wav] [--resampled]
      LINE is the JSON line `heartsound features` printed; recomputes what it describes from the WAV
      and prints the maximum errors; exits 1 if any exceeds its tolerance.
  melspec_ref.py batch MANIFEST      the same for every line of a manifest, plus the worst figures
  melspec_ref.py upsample OUTDIR RATE IN.wav...
      writes each IN (2 kHz) at RATE as OUTDIR/<name>_<RATE>.wav, float32 (scipy resample_poly).
"""
import argparse
import json
import sys

import numpy as np
import scipy.io.wavfile
import scipy.signal


# ---------------------------------------------------------------- audio

def read_wav(path):
    rate, x = scipy.io.wavfile.read(path)
    if x.ndim > 1:
        x = x.mean(axis=1)
    if x.dtype == np.int16:
        x = x.astype(np.float64) / 32768.0
    elif x.dtype == np.int32:
        x = x.astype(np.float64) / 2147483648.0
    elif x.dtype == np.uint8:
        x = (x.astype(np.float64) - 128.0) / 128.0
    else:
        x = x.astype(np.float64)
    return rate, x


def bandpass_sos(rate, lo, hi, order):
    hp = scipy.signal.butter(order, lo, btype="highpass", fs=rate, output="sos")
    lp = scipy.signal.butter(order, hi, btype="lowpass", fs=rate, output="sos")
    return np.vstack([hp, lp])


def preprocess(x, rate, pp):
    if rate != pp["sample_rate"]:
        raise SystemExit("reference preprocessing only covers files already at the target rate")
    y = x
    if pp["bandpass_lo_hz"] > 0:
        order = pp["bandpass_order"]
        sos = bandpass_sos(rate, pp["bandpass_lo_hz"], pp["bandpass_hi_hz"], order)
        y = scipy.signal.sosfiltfilt(sos, y, padtype="odd", padlen=min(3 * (2 * order + 1), len(y) - 1))
    if pp["normalize"]:
        y = y - y.mean()
        y = y / np.sqrt(np.mean(y * y))
    return y


# ---------------------------------------------------------------- mel scales

def hz_to_mel(f, scale):
    f = np.asarray(f, dtype=np.float64)
    if scale == "htk":
        return 2595.0 * np.log10(1.0 + f / 700.0)
    # Slaney (Auditory Toolbox): 200/3 Hz per mel up to 1 kHz, then 27 mels per factor 6.4
    lin = f * 3.0 / 200.0
    log = 15.0 + np.log(np.maximum(f, 1e-12) / 1000.0) * 27.0 / np.log(6.4)
    return np.where(f >= 1000.0, log, lin)


def mel_to_hz(m, scale):
    m = np.asarray(m, dtype=np.float64)
    if scale == "htk":
        return 700.0 * (10.0 ** (m / 2595.0) - 1.0)
    lin = m * 200.0 / 3.0
    log = 1000.0 * np.exp((m - 15.0) * np.log(6.4) / 27.0)
    return np.where(m >= 15.0, log, lin)


def mel_filters(p):
    """librosa.filters.mel: triangles linear in Hz between edges equally spaced in mel. With
    triangles_on_mel (tf.signal.linear_to_mel_weight_matrix): triangles linear in mel, DC bin weight 0."""
    n_bins = p["n_fft"] // 2 + 1
    freqs = np.arange(n_bins) * p["sample_rate"] / p["n_fft"]
    mels = np.linspace(hz_to_mel(p["fmin"], p["mel_scale"]), hz_to_mel(p["fmax"], p["mel_scale"]), p["n_mels"] + 2)
    on_mel = p.get("triangles_on_mel", 0) == 1
    edges = mels if on_mel else mel_to_hz(mels, p["mel_scale"])
    axis = hz_to_mel(freqs, p["mel_scale"]) if on_mel else freqs
    lower, centre, upper = edges[:-2, None], edges[1:-1, None], edges[2:, None]
    rising = (axis[None, :] - lower) / (centre - lower)
    falling = (upper - axis[None, :]) / (upper - centre)
    w = np.maximum(0.0, np.minimum(rising, falling))
    if on_mel:
        w[:, 0] = 0.0
    if p["mel_norm"] == "slaney":
        hz = mel_to_hz(mels, p["mel_scale"])
        w *= 2.0 / (hz[2:, None] - hz[:-2, None])
    return w


# ---------------------------------------------------------------- log-mel

def window(p):
    name = {"hann_periodic": ("hann", True), "hann_symmetric": ("hann", False),
            "hamming_periodic": ("hamming", True)}[p["window"]]
    w = scipy.signal.get_window(name[0], p["win_length"], fftbins=name[1])
    full = np.zeros(p["n_fft"])
    off = (p["n_fft"] - p["win_length"]) // 2
    full[off:off + p["win_length"]] = w
    return full


def spectrum(x, p):
    """|X|^power of every frame: frames x (n_fft / 2 + 1)."""
    n_fft, hop = p["n_fft"], p["hop_length"]
    if p["center"]:
        x = np.concatenate([np.zeros(n_fft // 2), x, np.zeros(n_fft // 2)])
    frames = 1 + (len(x) - n_fft) // hop if len(x) >= n_fft else 0
    idx = np.arange(frames)[:, None] * hop + np.arange(n_fft)[None, :]
    return np.abs(np.fft.rfft(x[idx] * window(p)[None, :], axis=1)) ** p["power"]


def melspec_linear(x, p):
    """Mel band values before the log: frames x n_mels."""
    return spectrum(x, p) @ mel_filters(p).T


def compress(mel, p):
    if p["log"] == "db":
        return (10.0 if p["power"] == 2 else 20.0) * np.log10(np.maximum(mel, p["log_floor"]))
    if p["log"] == "ln_offset":
        return np.log(mel + p["log_floor"])
    return mel


def melspec(x, p):
    return compress(melspec_linear(x, p), p)


# The log-mel stage (double-precision KissFFT) is held to the flat tolerance in every band. End to end from
# the WAV, the float32 preprocessing leaves sample rounding of ~1e-6 of the RMS, i.e. noise ~1e-7 of the
# frame's loudest bin, which a band far below it sees as relative error: there the tolerance is tol up to
# DEPTH_DB below the loudest bin, then growing like that noise does (x10 per 20 dB deeper).
DEPTH_DB = 60.0


def feature_errors(got, x, p, tol, depth_db=float("inf")):
    """(max error over bands within depth_db of their frame's loudest bin, max of error / depth-scaled
    tolerance over all bands). Errors in the unit of the output: dB, ln units, or relative if linear."""
    spec = spectrum(x, p)
    fb = mel_filters(p)
    lin = spec @ fb.T
    want = compress(lin, p)
    if got.shape != want.shape:
        return float("inf"), float("inf")
    if p["log"] == "none":
        err = np.abs(got - want) / np.maximum(np.abs(want), 1e-30)
    else:
        err = np.abs(got - want)
    per_db = 10.0 if p["power"] == 2 else 20.0
    band_mean = lin / np.maximum(fb.sum(axis=1), 1e-300)[None, :]  # mean |X|^power over the band's bins
    loudest = np.maximum(spec.max(axis=1, keepdims=True), 1e-300)
    depth = per_db * np.log10(np.maximum(band_mean, 1e-300) / loudest)
    near = depth >= -depth_db
    allowed = tol * 10.0 ** (np.maximum(-depth - depth_db, 0.0) / 20.0)
    return float(err[near].max(initial=0.0)), float((err / allowed).max(initial=0.0))


# ---------------------------------------------------------------- commands

TOL_DB = 1e-3          # log-mel: every band; end to end: bands within DEPTH_DB of the loudest bin
TOL_SAMPLES = 1e-5     # preprocessed samples vs scipy, max error relative to the RMS
TOL_RESAMPLE_DB = -60  # resampled round trip: error energy relative to the signal
TOL_RESAMPLE_MEL = 0.05  # ... and mean abs log-mel error (dB)


def compare(case):
    """One CLI run against the reference. Returns (ok, text, worst near error in dB-equivalent, worst
    tolerance ratio) -- the last two None for resampled cases."""
    info = json.loads(case["json"])
    if case.get("resampled"):
        return compare_resampled(case, info)
    p, pp = info["melspec"], info["preprocess"]
    got = np.load(case["features"])
    rate, x = read_wav(case.get("wav") or info["file"])
    # tolerances in each log kind's own unit: X dB <-> X * ln(10) / 10 in ln units or relative
    scale = 1.0 if p["log"] == "db" else np.log(10.0) / 10.0
    tol = TOL_DB * scale
    if got.shape != (info["frames"], info["mels"]):
        return False, f"FAIL shape {got.shape} vs JSON ({info['frames']}, {info['mels']})", None, None
    ok, parts = True, []
    ref = x if pp is None else preprocess(x, rate, pp)
    mel_input = ref
    if case.get("samples"):
        samples = np.load(case["samples"]).astype(np.float64)
        if len(samples) != len(ref):
            return False, f"FAIL samples: {len(samples)} vs reference {len(ref)}", None, None
        err = float(np.max(np.abs(samples - ref)) / np.sqrt(np.mean(ref * ref)))
        parts.append(f"samples {err:.1e} of RMS")
        ok &= err <= TOL_SAMPLES
        mel_input = samples  # the log-mel stage alone, on exactly the samples the C code used
    near, ratio = feature_errors(got, mel_input, p, tol)
    parts.append(f"log-mel max err {near:.1e} (every band)")
    ok &= near <= tol and ratio <= 1.0
    if case.get("samples") and pp is not None:  # end to end from the WAV: adds float32 rounding of samples
        near2, ratio2 = feature_errors(got, ref, p, tol, DEPTH_DB)
        parts.append(f"end-to-end {near2:.1e} within {DEPTH_DB:.0f} dB of the loudest bin, "
                     f"every band within {ratio2:.2f} of its depth-scaled tolerance")
        ok &= near2 <= tol and ratio2 <= 1.0
        near, ratio = max(near, near2), max(ratio, ratio2)
    unit = {"db": "dB", "ln_offset": "ln", "none": "rel"}[p["log"]]
    return ok, ("ok   " if ok else "FAIL ") + f"[{unit}] " + ", ".join(parts), near / scale, ratio


def compare_resampled(case, info):
    """The CLI resampled RATE -> 2 kHz: compare its preprocessed samples and features with the reference
    preprocessing of the original 2 kHz recording (case["wav"]). Loose: two different anti-alias filters."""
    p, pp = info["melspec"], info["preprocess"]
    rate, x = read_wav(case["wav"])
    ref = preprocess(x, rate, pp)
    samples = np.load(case["samples"]).astype(np.float64)
    got = np.load(case["features"])
    # 2 kHz -> RATE -> 2 kHz: each step rounds the length up, so one extra sample is expected
    if abs(len(samples) - len(ref)) > 1:
        return False, f"FAIL resampled length {len(samples)} vs {len(ref)}", None, None
    n = min(len(samples), len(ref))
    samples, ref, got = samples[:n], ref[:n], got[:1 + n // p["hop_length"]]
    m = 200  # ends: the two resamplers treat the outside of the signal differently
    err = samples[m:-m] - ref[m:-m]
    rel_db = 10.0 * np.log10(np.mean(err ** 2) / np.mean(ref[m:-m] ** 2))
    e_mel = np.abs(got - melspec(ref, p))[10:-10]
    ok = rel_db <= TOL_RESAMPLE_DB and float(np.mean(e_mel)) <= TOL_RESAMPLE_MEL
    return ok, (("ok   " if ok else "FAIL ") + f"resampled: samples error {rel_db:.1f} dB (of signal), "
                f"log-mel mean abs err {np.mean(e_mel):.2e} dB, max {np.max(e_mel):.2e} dB"), None, None


def batch(a):
    """Manifest lines: name TAB features TAB samples TAB wav-or-dash TAB resampled(0/1) TAB json."""
    failed, cases, worst_near, worst_ratio = 0, 0, 0.0, 0.0
    with open(a.manifest) as f:
        for line in f:
            name, feat, samples, wav, resampled, js = line.rstrip("\n").split("\t", 5)
            case = {"features": feat, "samples": samples, "wav": None if wav == "-" else wav,
                    "resampled": resampled == "1", "json": js}
            try:
                ok, text, near, ratio = compare(case)
            except Exception as e:  # a broken case must fail the check, not stop it
                ok, text, near, ratio = False, f"FAIL {type(e).__name__}: {e}", None, None
            cases += 1
            failed += not ok
            if near is not None:
                worst_near, worst_ratio = max(worst_near, near), max(worst_ratio, ratio)
            print(f"{name:<34} {text}", flush=True)
    print(f"worst log-mel error: {worst_near:.2e} dB within {DEPTH_DB:.0f} dB of the loudest bin; "
          f"every band within {worst_ratio:.2f} of its depth-scaled tolerance")
    print(f"reference comparison: {cases} cases, {failed} failed")
    return 1 if failed or not cases else 0


def upsample(a):
    """Writes each 2 kHz input at RATE as OUTDIR/<name>_<RATE>.wav (float32, scipy resample_poly)."""
    for path in a.inputs:
        rate, x = read_wav(path)
        g = np.gcd(rate, a.rate)
        y = scipy.signal.resample_poly(x, a.rate // g, rate // g, window=("kaiser", 14.0))
        name = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        scipy.io.wavfile.write(f"{a.outdir}/{name}_{a.rate}.wav", a.rate, y.astype(np.float32))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("compare", help="one CLI output")
    c.add_argument("--json", required=True, help="the JSON line heartsound features printed")
    c.add_argument("--features", required=True)
    c.add_argument("--samples")
    c.add_argument("--wav", help="the WAV to recompute from (default: the JSON's file)")
    c.add_argument("--resampled", action="store_true", help="the CLI's input was --wav upsampled")
    b = sub.add_parser("batch", help="every case of a manifest (check_features.sh)")
    b.add_argument("manifest")
    u = sub.add_parser("upsample")
    u.add_argument("outdir")
    u.add_argument("rate", type=int)
    u.add_argument("inputs", nargs="+")
    a = ap.parse_args()
    if a.cmd == "upsample":
        return upsample(a)
    if a.cmd == "batch":
        return batch(a)
    ok, text, _, _ = compare(vars(a))
    print(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
