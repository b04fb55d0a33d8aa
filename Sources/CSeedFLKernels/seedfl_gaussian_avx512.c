/*
 * The AVX-512 block generator, written with intrinsics because clang's automatic
 * vectorisation of seedfl_block spends most of its time re-packing 32-bit lanes around
 * the 32x32->64 multiplies.
 *
 * Layout. Philox runs on 8 blocks per register set with each 32-bit counter word in the
 * low half of a 64-bit lane: vpmuludq then yields the full product in place (lo = the
 * lane, hi = the lane >> 32) and the garbage left in the upper halves is never read
 * (vpmuludq ignores it; it is masked away when packing). Several sets are in flight to
 * hide the multiply and polynomial latencies. For Box-Muller the words are packed into 16
 * float lanes as [pair 1 of blocks 0-7 | pair 2 of blocks 0-7], so each transcendental
 * runs once per pair, and the results are interleaved back into block order with one
 * permute per 16 outputs.
 *
 * Bits. Every float operation is the one of seedfl_gaussian_math.h, in the same order,
 * one IEEE operation per intrinsic (no FMA intrinsic is used); integer steps are exact.
 * The tests compare this path with the scalar reference.
 */
#include "seedfl_gaussian_internal.h"
#include "seedfl_gaussian_math.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define SEEDFL_AVX512 __attribute__((target("avx512f,avx512vl,avx512dq,avx512bw")))

/* a ^ b ^ c in one instruction (truth table 0x96). */
#define SEEDFL_XOR3(a, b, c) _mm512_ternarylogic_epi64((a), (b), (c), 0x96)

/* -2 * LOG(u) for u = n * 2^-24 (n odd, below 2^24), from the bits of float32(n).
 * bits(u) = bits(float32(n)) - 24 * 2^23 exactly, so the spec's
 *   ix = bits(u) + (0x3F800000 - 0x3F3504F3),  k = (ix >> 23) - 127
 * becomes one add of a folded constant and an arithmetic shift (ix - 127 * 2^23 has the
 * same low 23 bits as ix and is small and signed). The float steps are the spec's. */
SEEDFL_INLINE SEEDFL_AVX512 __m512 seedfl_minus2log16(__m512i n) {
    const int32_t fold = (int32_t)(0x3f800000u - 0x3f3504f3u - (24u << 23) - (127u << 23));
    __m512i ix = _mm512_add_epi32(_mm512_castps_si512(_mm512_cvtepi32_ps(n)), _mm512_set1_epi32(fold));
    __m512i k = _mm512_srai_epi32(ix, 23);
    __m512 f = _mm512_castsi512_ps(_mm512_add_epi32(
        _mm512_and_si512(ix, _mm512_set1_epi32(0x007fffff)), _mm512_set1_epi32(0x3f3504f3)));
    __m512 x = _mm512_sub_ps(f, _mm512_set1_ps(1.0f));
    __m512 t = _mm512_mul_ps(x, x);
    __m512 p = _mm512_set1_ps(SEEDFL_LOG_P7);
    p = _mm512_add_ps(_mm512_mul_ps(p, x), _mm512_set1_ps(SEEDFL_LOG_P6));
    p = _mm512_add_ps(_mm512_mul_ps(p, x), _mm512_set1_ps(SEEDFL_LOG_P5));
    p = _mm512_add_ps(_mm512_mul_ps(p, x), _mm512_set1_ps(SEEDFL_LOG_P4));
    p = _mm512_add_ps(_mm512_mul_ps(p, x), _mm512_set1_ps(SEEDFL_LOG_P3));
    p = _mm512_add_ps(_mm512_mul_ps(p, x), _mm512_set1_ps(SEEDFL_LOG_P2));
    p = _mm512_add_ps(_mm512_mul_ps(p, x), _mm512_set1_ps(SEEDFL_LOG_P1));
    p = _mm512_add_ps(_mm512_mul_ps(p, x), _mm512_set1_ps(SEEDFL_LOG_P0));
    __m512 q = _mm512_mul_ps(_mm512_mul_ps(t, x), p);
    q = _mm512_sub_ps(q, _mm512_mul_ps(_mm512_set1_ps(0.5f), t));
    __m512 y = _mm512_add_ps(x, q);
    __m512 kf = _mm512_cvtepi32_ps(k);
    __m512 log = _mm512_add_ps(_mm512_add_ps(_mm512_mul_ps(kf, _mm512_set1_ps(SEEDFL_LN2_LO)), y),
                               _mm512_mul_ps(kf, _mm512_set1_ps(SEEDFL_LN2_HI)));
    return _mm512_mul_ps(_mm512_set1_ps(-2.0f), log);
}

/* Box-Muller on 16 pairs: words a (radius) and b (angle) in 32-bit lanes.
 * n = 2 * (w >> 9) + 1 is computed as (w >> 8) | 1. For the angle, with m = n + 2^21:
 * q = m >> 22, and the spec's r = n - q * 2^22 is (m mod 2^22) - 2^21; the quarter-turn
 * swap is bit 0 of q (bit 22 of m), sin's sign is bit 1 of q (bit 23 of m) and cos's
 * sign is bit 1 of q + 1, which equals bit 1 xor bit 0 of q. */
SEEDFL_INLINE SEEDFL_AVX512 void seedfl_box_muller16(__m512i a, __m512i b, __m512 *first,
                                                     __m512 *second) {
    const __m512i one = _mm512_set1_epi32(1);
    __m512 radius = _mm512_sqrt_ps(seedfl_minus2log16(_mm512_or_si512(_mm512_srli_epi32(a, 8), one)));

    __m512i n = _mm512_or_si512(_mm512_srli_epi32(b, 8), one);
    __m512i m = _mm512_add_epi32(n, _mm512_set1_epi32(0x200000));
    __m512i ri = _mm512_sub_epi32(_mm512_and_si512(m, _mm512_set1_epi32(0x3fffff)),
                                  _mm512_set1_epi32(0x200000));
    __m512 r = _mm512_mul_ps(_mm512_cvtepi32_ps(ri), _mm512_set1_ps(0x1p-22f));
    __m512 t = _mm512_mul_ps(r, r);
    __m512 sp = _mm512_set1_ps(SEEDFL_SIN_S3);
    sp = _mm512_add_ps(_mm512_mul_ps(sp, t), _mm512_set1_ps(SEEDFL_SIN_S2));
    sp = _mm512_add_ps(_mm512_mul_ps(sp, t), _mm512_set1_ps(SEEDFL_SIN_S1));
    sp = _mm512_add_ps(_mm512_mul_ps(sp, t), _mm512_set1_ps(SEEDFL_SIN_S0));
    __m512 s = _mm512_mul_ps(r, sp);
    __m512 cp = _mm512_set1_ps(SEEDFL_COS_C3);
    cp = _mm512_add_ps(_mm512_mul_ps(cp, t), _mm512_set1_ps(SEEDFL_COS_C2));
    cp = _mm512_add_ps(_mm512_mul_ps(cp, t), _mm512_set1_ps(SEEDFL_COS_C1));
    cp = _mm512_add_ps(_mm512_mul_ps(cp, t), _mm512_set1_ps(SEEDFL_COS_C0));
    __m512 c = _mm512_add_ps(_mm512_mul_ps(cp, t), _mm512_set1_ps(1.0f));

    __mmask16 odd = _mm512_test_epi32_mask(m, _mm512_set1_epi32(0x400000));
    __m512i cs = _mm512_castps_si512(_mm512_mask_blend_ps(odd, c, s));
    __m512i ss = _mm512_castps_si512(_mm512_mask_blend_ps(odd, s, c));
    const __m512i sign = _mm512_set1_epi32((int)0x80000000u);
    __m512i bit1 = _mm512_slli_epi32(m, 8);                   /* bit 1 of q at bit 31 */
    __m512i bit1x0 = _mm512_xor_si512(bit1, _mm512_slli_epi32(m, 9)); /* bit1 ^ bit0 */
    /* x ^ (y & sign): truth table 0x78 for (x, y, sign). */
    __m512 cosv = _mm512_castsi512_ps(_mm512_ternarylogic_epi32(cs, bit1x0, sign, 0x78));
    __m512 sinv = _mm512_castsi512_ps(_mm512_ternarylogic_epi32(ss, bit1, sign, 0x78));
    *first = _mm512_mul_ps(radius, cosv);
    *second = _mm512_mul_ps(radius, sinv);
}

/* One Philox round on one set of 8 blocks (words in the low halves of 64-bit lanes);
 * c1 and c3 keep the whole product, whose high half is ignored from then on. */
#define SEEDFL_PHILOX_ROUND(c0, c1, c2, c3, m0, m1, key0, key1)    \
    do {                                                           \
        __m512i p0 = _mm512_mul_epu32(c0, m0);                     \
        __m512i p1 = _mm512_mul_epu32(c2, m1);                     \
        c0 = SEEDFL_XOR3(_mm512_srli_epi64(p1, 32), c1, key0);     \
        c1 = p1;                                                   \
        c2 = SEEDFL_XOR3(_mm512_srli_epi64(p0, 32), c3, key1);     \
        c3 = p0;                                                   \
    } while (0)

/* Everything about a key that does not depend on the block, broadcast once per call. */
typedef struct {
    __m512i m0, m1;
    __m512i keys0[10], keys1[10];
    /* Round 1 with the lane-invariant words folded: C2 = step and C3 = pert are the
     * same in every lane, so M1 * C2 is a constant and only M0 * C0 is a vector product:
     * C0' = hi(M1 C2) ^ C1 ^ K0, C1' = lo(M1 C2), C2' = hi(M0 C0) ^ pert ^ K1. */
    __m512i r1_c0, r1_c1, r1_c2;
} seedfl_philox_consts;

SEEDFL_INLINE SEEDFL_AVX512 void seedfl_philox_consts_init(seedfl_philox_consts *k, uint32_t k0,
                                                           uint32_t k1, uint32_t step,
                                                           uint32_t pert) {
    k->m0 = _mm512_set1_epi64(SEEDFL_PHILOX_M0);
    k->m1 = _mm512_set1_epi64(SEEDFL_PHILOX_M1);
    uint32_t key0 = k0, key1 = k1;
    for (int r = 0; r < 10; r++) {
        k->keys0[r] = _mm512_set1_epi64(key0);
        k->keys1[r] = _mm512_set1_epi64(key1);
        key0 += SEEDFL_PHILOX_W0;
        key1 += SEEDFL_PHILOX_W1;
    }
    uint64_t p1 = (uint64_t)SEEDFL_PHILOX_M1 * step;
    k->r1_c0 = _mm512_set1_epi64((uint32_t)(p1 >> 32) ^ k0);
    k->r1_c1 = _mm512_set1_epi64((uint32_t)p1);
    k->r1_c2 = _mm512_set1_epi64(pert ^ k1);
}

/* Philox4x32-10 on `sets` sets of 8 blocks: set g holds blocks j + 8g + lane, where j
 * is the 64-bit lane vector of the first set's counters (the low word is C0, which
 * vpmuludq reads directly; the high word shifted down is C1). The rounds of the sets
 * are interleaved so that independent multiplies fill each other's latency. */
SEEDFL_INLINE SEEDFL_AVX512 void seedfl_philox_sets(int sets, const seedfl_philox_consts *k,
                                                    __m512i j, __m512i c[][4]) {
#pragma clang loop unroll(full)
    for (int g = 0; g < sets; g++) {
        __m512i jg = _mm512_add_epi64(j, _mm512_set1_epi64(8 * g));
        __m512i p = _mm512_mul_epu32(jg, k->m0);
        c[g][0] = _mm512_xor_si512(_mm512_srli_epi64(jg, 32), k->r1_c0);
        c[g][1] = k->r1_c1;
        c[g][2] = _mm512_xor_si512(_mm512_srli_epi64(p, 32), k->r1_c2);
        c[g][3] = p;
    }
#pragma clang loop unroll(full)
    for (int r = 1; r < 10; r++) {
#pragma clang loop unroll(full)
        for (int g = 0; g < sets; g++) {
            SEEDFL_PHILOX_ROUND(c[g][0], c[g][1], c[g][2], c[g][3], k->m0, k->m1, k->keys0[r],
                                k->keys1[r]);
        }
    }
}

/* Packs the low dwords of two 8x64 registers: [lo(x) lanes 0-7 | lo(y) lanes 0-7]. */
SEEDFL_INLINE SEEDFL_AVX512 __m512i seedfl_pack_lo(__m512i x, __m512i y) {
    const __m512i idx = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    return _mm512_permutex2var_epi32(x, idx, y);
}

/* What a kernel does with the normals it generates (a compile-time constant after
 * inlining, so each mode gets its own loop). */
enum seedfl_emit { SEEDFL_EMIT_STORE, SEEDFL_EMIT_AXPY, SEEDFL_EMIT_PERTURBED };

/* out[0..<16] = z, or out += alpha * z, or out = base + alpha * z (multiply, then add). */
SEEDFL_INLINE SEEDFL_AVX512 void seedfl_emit16(enum seedfl_emit mode, __m512 z, __m512 alpha,
                                               const float *base, float *out) {
    switch (mode) {
    case SEEDFL_EMIT_STORE:
        _mm512_storeu_ps(out, z);
        break;
    case SEEDFL_EMIT_AXPY:
        _mm512_storeu_ps(out, _mm512_add_ps(_mm512_loadu_ps(out), _mm512_mul_ps(alpha, z)));
        break;
    case SEEDFL_EMIT_PERTURBED:
        _mm512_storeu_ps(out, _mm512_add_ps(_mm512_loadu_ps(base), _mm512_mul_ps(alpha, z)));
        break;
    }
}

/* Box-Muller for one set of 8 blocks and the emission of its 32 normals, in order. */
SEEDFL_INLINE SEEDFL_AVX512 void seedfl_finish8(enum seedfl_emit mode, __m512i w0, __m512i w1,
                                                __m512i w2, __m512i w3, __m512 alpha,
                                                const float *base, float *out) {
    __m512 cosv, sinv; /* lanes 0-7: z[4j] and z[4j+1]; lanes 8-15: z[4j+2] and z[4j+3] */
    seedfl_box_muller16(seedfl_pack_lo(w0, w2), seedfl_pack_lo(w1, w3), &cosv, &sinv);
    const __m512i lo = _mm512_setr_epi32(0, 16, 8, 24, 1, 17, 9, 25, 2, 18, 10, 26, 3, 19, 11, 27);
    const __m512i hi = _mm512_setr_epi32(4, 20, 12, 28, 5, 21, 13, 29, 6, 22, 14, 30, 7, 23, 15, 31);
    seedfl_emit16(mode, _mm512_permutex2var_ps(cosv, lo, sinv), alpha, base, out);
    seedfl_emit16(mode, _mm512_permutex2var_ps(cosv, hi, sinv), alpha, base ? base + 16 : 0, out + 16);
}

/* Sets of 8 blocks per iteration of the main loop. Four (128 normals) measured fastest
 * here: enough independent work to hide the latency of the Philox and polynomial chains
 * without spilling registers (two sets ran about 12% slower). */
#define SEEDFL_AVX512_SETS 4

/* Blocks j0 ..< j0 + nblk, emitted to out[0 ..< 4 * nblk] (base likewise). */
SEEDFL_INLINE SEEDFL_AVX512 void seedfl_run_avx512(enum seedfl_emit mode, uint32_t k0, uint32_t k1,
                                                   uint32_t step, uint32_t pert, uint64_t j0,
                                                   size_t nblk, float a, const float *base,
                                                   float *out) {
    const __m512 alpha = _mm512_set1_ps(a);
    seedfl_philox_consts k;
    seedfl_philox_consts_init(&k, k0, k1, step, pert);
    __m512i j = _mm512_add_epi64(_mm512_set1_epi64((long long)j0), _mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7));
    size_t b = 0;
    for (; b + 8 * SEEDFL_AVX512_SETS <= nblk; b += 8 * SEEDFL_AVX512_SETS) {
        __m512i c[SEEDFL_AVX512_SETS][4];
        seedfl_philox_sets(SEEDFL_AVX512_SETS, &k, j, c);
#pragma clang loop unroll(full)
        for (int g = 0; g < SEEDFL_AVX512_SETS; g++) {
            seedfl_finish8(mode, c[g][0], c[g][1], c[g][2], c[g][3], alpha,
                           base ? base + 4 * b + 32 * g : 0, out + 4 * b + 32 * g);
        }
        j = _mm512_add_epi64(j, _mm512_set1_epi64(8 * SEEDFL_AVX512_SETS));
    }
    for (; b + 8 <= nblk; b += 8) {
        __m512i c[1][4];
        seedfl_philox_sets(1, &k, j, c);
        seedfl_finish8(mode, c[0][0], c[0][1], c[0][2], c[0][3], alpha, base ? base + 4 * b : 0,
                       out + 4 * b);
        j = _mm512_add_epi64(j, _mm512_set1_epi64(8));
    }
    if (b < nblk) { /* fewer than 8 blocks left: generate a whole set, use its start */
        __m512i c[1][4];
        float z[32];
        seedfl_philox_sets(1, &k, j, c);
        seedfl_finish8(SEEDFL_EMIT_STORE, c[0][0], c[0][1], c[0][2], c[0][3], alpha, 0, z);
        for (size_t t = 0; t < 4 * (nblk - b); t++) {
            float *o = out + 4 * b + t;
            switch (mode) {
            case SEEDFL_EMIT_STORE: *o = z[t]; break;
            case SEEDFL_EMIT_AXPY: *o = *o + a * z[t]; break;
            case SEEDFL_EMIT_PERTURBED: *o = base[4 * b + t] + a * z[t]; break;
            }
        }
    }
}

SEEDFL_AVX512 void seedfl_blocks_avx512(uint32_t k0, uint32_t k1, uint32_t step, uint32_t pert,
                                        uint64_t j0, size_t nblk, float *out) {
    seedfl_run_avx512(SEEDFL_EMIT_STORE, k0, k1, step, pert, j0, nblk, 0.0f, 0, out);
}

SEEDFL_AVX512 void seedfl_axpy_blocks_avx512(uint32_t k0, uint32_t k1, uint32_t step,
                                             uint32_t pert, uint64_t j0, size_t nblk,
                                             float alpha, float *x) {
    seedfl_run_avx512(SEEDFL_EMIT_AXPY, k0, k1, step, pert, j0, nblk, alpha, 0, x);
}

SEEDFL_AVX512 void seedfl_perturbed_blocks_avx512(uint32_t k0, uint32_t k1, uint32_t step,
                                                  uint32_t pert, uint64_t j0, size_t nblk,
                                                  float scale, const float *base, float *out) {
    seedfl_run_avx512(SEEDFL_EMIT_PERTURBED, k0, k1, step, pert, j0, nblk, scale, base, out);
}
#endif
