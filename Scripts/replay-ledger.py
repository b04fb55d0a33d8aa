#!/usr/bin/env python3
"""Replay a SeedFL ledger from docs/determinism.md alone (no SeedFL code).

Usage:
    seedfl ledger settings --run DIR > settings.json
    seedfl ledger export   --run DIR > rounds.jsonl
    Scripts/replay-ledger.py settings.json rounds.jsonl [--secret S]

Prints one JSON object: the model fingerprint (section 11.4) and the ledger fingerprint
(section 11.5) after replaying every round, to compare with `seedfl verify --json`.
Covers the reference models (initial parameters `zeros`); a GGUF base model needs a GGUF
reader, which this short script does not have. Element by element in Python: meant for
small d (a few hundred parameters and a few dozen rounds take seconds).
"""
import argparse
import hashlib
import hmac
import json
import struct
import sys

import numpy as np

# ---- Sections 2-6: the perturbation stream (the listing of section 10) ----
f32 = np.float32
MASK = 0xFFFFFFFF
M0, M1, W0, W1 = 0xD2511F53, 0xCD9E8D57, 0x9E3779B9, 0xBB67AE85


def philox4x32_10(c, k0, k1):
    c = list(c)
    for _ in range(10):
        p0, p1 = M0 * c[0], M1 * c[2]
        c = [(p1 >> 32) ^ c[1] ^ k0, p1 & MASK, (p0 >> 32) ^ c[3] ^ k1, p0 & MASK]
        k0, k1 = (k0 + W0) & MASK, (k1 + W1) & MASK
    return c


def bits(x): return int(np.array(x, dtype=np.float32).view(np.uint32))
def from_bits(u): return np.array(u, dtype=np.uint32).view(np.float32)[()]
def h(s): return f32(float.fromhex(s))


P = [h(s) for s in ['0x1.555554p-2', '-0x1.000226p-2', '0x1.99a008p-3', '-0x1.547244p-3',
                    '0x1.22da1cp-3', '-0x1.0d8542p-3', '0x1.055b6cp-3', '-0x1.38b582p-4']]
LN2_HI, LN2_LO = h('0x1.63p-1'), h('-0x1.bd0106p-13')
S = [h(s) for s in ['0x1.921fb6p+0', '-0x1.4abbbap-1', '0x1.465e92p-4', '-0x1.2d9302p-8']]
C = [h(s) for s in ['-0x1.3bd3ccp+0', '0x1.03c1dep-2', '-0x1.55c5e0p-6', '0x1.d9d57ep-11']]


def uniform(w): return f32(2 * (w >> 9) + 1) * f32(2.0**-24)


def log(v):
    ix = (bits(v) + 0x3F800000 - 0x3F3504F3) & MASK
    k = (ix >> 23) - 127
    x = from_bits((ix & 0x7FFFFF) + 0x3F3504F3) - f32(1)
    t = x * x
    q = P[7]
    for c in reversed(P[:7]): q = q * x + c
    q = (t * x) * q
    q = q - f32(0.5) * t
    y = x + q
    kf = f32(k)
    return (kf * LN2_LO + y) + kf * LN2_HI


def sincos_turn(w):
    n = 2 * (w >> 9) + 1
    q = (n + 0x200000) >> 22
    r = f32(n - (q << 22)) * f32(2.0**-22)
    t = r * r
    s = S[3]
    for c in reversed(S[:3]): s = s * t + c
    s = r * s
    c = C[3]
    for k in reversed(C[:3]): c = c * t + k
    c = c * t + f32(1)
    return [(s, c), (c, -s), (-s, -c), (-c, s)][q & 3]


def z(seed, step, pert, i):
    j = i >> 2
    w = philox4x32_10([j & MASK, j >> 32, step, pert], seed & MASK, seed >> 32)
    out = []
    for a, b in ((w[0], w[1]), (w[2], w[3])):
        radius = np.sqrt(f32(-2) * log(uniform(a)))
        s, c = sincos_turn(b)
        out += [radius * c, radius * s]
    return out[i & 3]


# ---- Section 11.2: the seed a round perturbs along ----
def shifted(seed, settings, secret):
    if settings["seed_shift"] == "none":
        return seed
    if settings["seed_shift"] != "hmac-sha256":
        sys.exit(f"unknown seed_shift {settings['seed_shift']!r}")
    if secret is None:
        sys.exit("the ledger's rounds use the private seed shift: pass --secret")
    mac = hmac.new(secret.encode("utf-8"), b"seedfl-seed-shift" + struct.pack("<Q", seed), hashlib.sha256).digest()
    return struct.unpack("<Q", mac[:8])[0]


def f32_of(hex_bits): return from_bits(int(hex_bits, 16))


# ---- Section 11.3: applying a round ----
def apply(x, m, r, settings, secret):
    beta = f32_of(settings["momentum_bits"])
    lam = f32_of(settings["weight_decay_bits"])
    if r["dense_bits"] is not None:
        for i in range(len(x)):
            x[i] = x[i] + f32_of(r["dense_bits"][i])
        return
    K, Pn = r["steps"], r["perturbations"]
    eta = f32_of(r["learning_rate_bits"])
    c = [f32_of(b) / f32(Pn) for b in r["scalars_bits"]]
    seed = shifted(r["seed"], settings, secret)
    b1 = f32(1) - beta
    for i in range(len(x)):
        for k in range(K):
            g = f32(0)
            for p in range(Pn):
                g = g + (c[k * Pn + p] * z(seed, k, p, i))
            if lam != 0:
                g = g + (lam * x[i])
            if beta != 0:
                m[i] = (beta * m[i]) + (b1 * g)
                x[i] = x[i] - (eta * m[i])
            else:
                x[i] = x[i] - (eta * g)


# ---- Section 11.3, with a seed pool: coefficients per direction, then one rebuild ----
def accumulate(pool, r):
    Pn = r["perturbations"]
    eta = float(f32_of(r["learning_rate_bits"]))
    row = pool.setdefault(r["seed"], [0.0] * len(r["scalars_bits"]))
    for j, b in enumerate(r["scalars_bits"]):
        row[j] += eta * float(f32_of(b) / f32(Pn))


def term(a, zi):
    v = round(float(a) * float(zi) * 2.0**32)      # Python's round() is half-to-even
    return max(-(2**62), min(2**62, v))


def rebuild(d, pool, Pn, settings, secret):
    S = [0] * d
    for public in pool:
        seed = shifted(public, settings, secret)
        for j, coefficient in enumerate(pool[public]):
            alpha = f32(-coefficient)
            if alpha == 0:
                continue
            for i in range(d):
                S[i] += term(alpha, z(seed, j // Pn, j % Pn, i))
    wrap = lambda v: ((v + 2**63) % 2**64) - 2**63
    return [f32(0) + f32(float(wrap(s)) * 2.0**-32) for s in S]


# ---- Section 11.4 and 11.5: the fingerprints ----
def model_fingerprint(x, m, settings):
    sha = hashlib.sha256()
    sha.update(b"".join(struct.pack("<I", bits(v)) for v in x))
    if f32_of(settings["momentum_bits"]) != 0:
        sha.update(b"".join(struct.pack("<I", bits(v)) for v in m))
    return sha.hexdigest()


def ledger_bytes(r):
    out = struct.pack("<QQQII", r["sequence"], r["round"], r["seed"], r["steps"], r["perturbations"])
    out += struct.pack("<II", int(r["learning_rate_bits"], 16), int(r["mean_loss_bits"], 16))
    out += struct.pack("<I", len(r["scalars_bits"])) + b"".join(struct.pack("<I", int(b, 16)) for b in r["scalars_bits"])
    out += struct.pack("<I", len(r["contributors"])) + b"".join(struct.pack("<I", c) for c in r["contributors"])
    dense = r["dense_bits"] or []
    out += struct.pack("<Q", len(dense)) + b"".join(struct.pack("<I", int(b, 16)) for b in dense)
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("settings", help="output of `seedfl ledger settings`")
    parser.add_argument("rounds", help="output of `seedfl ledger export`")
    parser.add_argument("--secret", help="the run's seed secret (when seed_shift is hmac-sha256)")
    args = parser.parse_args()
    with open(args.settings) as f:
        settings = json.load(f)
    if settings.get("format") != "seedfl-replay-1":
        sys.exit(f"unsupported replay settings format {settings.get('format')!r}")
    model = settings["model"]
    if model["initial_parameters"] != "zeros":
        sys.exit(f"initial parameters {model['initial_parameters']!r} need a GGUF reader; this script covers 'zeros'")
    d = model["dimension"]
    x = [f32(0)] * d
    m = [f32(0)] * d
    ledger = hashlib.sha256()
    count = 0
    pool = {} if settings.get("seed_pool") else None
    with open(args.rounds) as f:
        for line in f:
            if not line.strip():
                continue
            r = json.loads(line)
            if r["sequence"] != count + 1:
                sys.exit(f"round out of order: expected sequence {count + 1}, got {r['sequence']}")
            if pool is None:
                apply(x, m, r, settings, args.secret)
            else:
                accumulate(pool, r)
            ledger.update(ledger_bytes(r))
            count += 1
    if pool is not None:
        x = rebuild(d, pool, settings["perturbations"], settings, args.secret)
    print(json.dumps({"rounds": count, "model_fingerprint": model_fingerprint(x, m, settings),
                      "ledger_fingerprint": ledger.hexdigest()}))


if __name__ == "__main__":
    main()
