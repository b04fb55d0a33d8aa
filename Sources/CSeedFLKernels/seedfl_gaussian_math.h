/*
 * The stream's arithmetic, written once as static inline scalar functions.
 *
 * The reference, SSE2 and AVX2 paths are loops over blocks that inline these functions;
 * the hand-written AVX-512 path (seedfl_gaussian_avx512.c) performs the same float
 * operations in the same order and is tested against them. docs/determinism.md
 * transcribes this file. Only exact integer operations and IEEE-754 float32 +, -, *,
 * sqrt and int->float conversion of values below 2^24 are used, each rounded once (the
 * target is built with -ffp-contract=off and without fast-math, so no FMA contraction
 * and no reassociation): any ISA computes the same bits.
 */
#ifndef SEEDFL_GAUSSIAN_MATH_H
#define SEEDFL_GAUSSIAN_MATH_H

#include <stdint.h>
#include <string.h>

#define SEEDFL_INLINE static inline __attribute__((always_inline))

/* Philox4x32 constants (Salmon et al. 2011, as in Random123). */
#define SEEDFL_PHILOX_M0 0xD2511F53u
#define SEEDFL_PHILOX_M1 0xCD9E8D57u
#define SEEDFL_PHILOX_W0 0x9E3779B9u
#define SEEDFL_PHILOX_W1 0xBB67AE85u

/* log(1+x) = x - x^2/2 + x^3 * P(x) on [sqrt(1/2)-1, sqrt(2)-1]; P is a float32
 * minimax fit (weighted for relative error of the log), |rel err| < 6e-9 before
 * rounding. Hex literals are the exact float32 values. */
#define SEEDFL_LOG_P0 0x1.555554p-2f  /*  0.3333333   */
#define SEEDFL_LOG_P1 -0x1.000226p-2f /* -0.2500082   */
#define SEEDFL_LOG_P2 0x1.99a008p-3f  /*  0.20001227  */
#define SEEDFL_LOG_P3 -0x1.547244p-3f /* -0.16623357  */
#define SEEDFL_LOG_P4 0x1.22da1cp-3f  /*  0.14201757  */
#define SEEDFL_LOG_P5 -0x1.0d8542p-3f /* -0.13160183  */
#define SEEDFL_LOG_P6 0x1.055b6cp-3f  /*  0.12761578  */
#define SEEDFL_LOG_P7 -0x1.38b582p-4f /* -0.076344974 */
/* ln 2 = LN2_HI + LN2_LO; LN2_HI has 9 significant bits so k * LN2_HI is exact. */
#define SEEDFL_LN2_HI 0x1.63p-1f      /*  0.693359375 */
#define SEEDFL_LN2_LO -0x1.bd0106p-13f /* -2.1219444e-4 */

/* sin(pi/2 r) = r * S(r^2) and cos(pi/2 r) = 1 + r^2 * C(r^2) for |r| <= 1/2. */
#define SEEDFL_SIN_S0 0x1.921fb6p+0f  /*  1.5707964    */
#define SEEDFL_SIN_S1 -0x1.4abbbap-1f /* -0.6459635    */
#define SEEDFL_SIN_S2 0x1.465e92p-4f  /*  0.07968003   */
#define SEEDFL_SIN_S3 -0x1.2d9302p-8f /* -0.004601658  */
#define SEEDFL_COS_C0 -0x1.3bd3ccp+0f /* -1.2337005    */
#define SEEDFL_COS_C1 0x1.03c1dep-2f  /*  0.25366923   */
#define SEEDFL_COS_C2 -0x1.55c5e0p-6f /* -0.020860165  */
#define SEEDFL_COS_C3 0x1.d9d57ep-11f /*  0.00090376654 */

SEEDFL_INLINE uint32_t seedfl_f2u(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
SEEDFL_INLINE float seedfl_u2f(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }

/* One Philox4x32 round; the new counter is (hi1^c1^k0, lo1, hi0^c3^k1, lo0). */
SEEDFL_INLINE void seedfl_philox_round(uint32_t c[4], uint32_t k0, uint32_t k1) {
    uint64_t p0 = (uint64_t)SEEDFL_PHILOX_M0 * c[0];
    uint64_t p1 = (uint64_t)SEEDFL_PHILOX_M1 * c[2];
    uint32_t n0 = (uint32_t)(p1 >> 32) ^ c[1] ^ k0;
    uint32_t n1 = (uint32_t)p1;
    uint32_t n2 = (uint32_t)(p0 >> 32) ^ c[3] ^ k1;
    uint32_t n3 = (uint32_t)p0;
    c[0] = n0; c[1] = n1; c[2] = n2; c[3] = n3;
}

/* Philox4x32-10: ten rounds, the key bumped by the Weyl constants between rounds. */
SEEDFL_INLINE void seedfl_philox10(uint32_t c[4], uint32_t k0, uint32_t k1) {
    for (int r = 0; r < 10; r++) {
        seedfl_philox_round(c, k0, k1);
        k0 += SEEDFL_PHILOX_W0;
        k1 += SEEDFL_PHILOX_W1;
    }
}

/* u = (2*(w >> 9) + 1) * 2^-24, i.e. ((w >> 9) + 0.5) * 2^-23: exact, in (0, 1). */
SEEDFL_INLINE float seedfl_uniform_inline(uint32_t w) {
    int32_t n = (int32_t)(((w >> 9) << 1) | 1u);
    return (float)n * 0x1p-24f;
}

/* Natural log of a positive normal float. x = 2^k * f with f in [sqrt(1/2), sqrt(2)),
 * found with integer operations on the bits; f - 1 is exact (Sterbenz). */
SEEDFL_INLINE float seedfl_log_inline(float v) {
    uint32_t ix = seedfl_f2u(v) + (0x3f800000u - 0x3f3504f3u);
    int32_t k = (int32_t)(ix >> 23) - 127;
    float f = seedfl_u2f((ix & 0x007fffffu) + 0x3f3504f3u);
    float x = f - 1.0f;
    float t = x * x;
    float p = SEEDFL_LOG_P7;
    p = p * x + SEEDFL_LOG_P6;
    p = p * x + SEEDFL_LOG_P5;
    p = p * x + SEEDFL_LOG_P4;
    p = p * x + SEEDFL_LOG_P3;
    p = p * x + SEEDFL_LOG_P2;
    p = p * x + SEEDFL_LOG_P1;
    p = p * x + SEEDFL_LOG_P0;
    float q = (t * x) * p;          /* x^3 P(x) */
    q = q - 0.5f * t;               /* - x^2/2 (0.5*t is exact) */
    float y = x + q;                /* log(f): the exact x is added last */
    float kf = (float)k;
    return (kf * SEEDFL_LN2_LO + y) + kf * SEEDFL_LN2_HI;
}

/* cos and sin of 2*pi*u for u = seedfl_uniform(w). With n = 2*(w >> 9) + 1 (24 bits),
 * 4u = n * 2^-22 = q + r where q = round(4u) in 0..4 and |r| < 1/2 are found exactly in
 * integers; then 2*pi*u = (pi/2)(q + r): polynomials in r, then a quarter-turn
 * rotation by q (a swap and sign flips, exact). No argument-reduction error at all. */
SEEDFL_INLINE void seedfl_sincos_inline(uint32_t w, float *s_out, float *c_out) {
    int32_t n = (int32_t)(((w >> 9) << 1) | 1u);
    int32_t q = (n + 0x200000) >> 22;
    float r = (float)(n - (q << 22)) * 0x1p-22f;
    float t = r * r;
    float sp = SEEDFL_SIN_S3;
    sp = sp * t + SEEDFL_SIN_S2;
    sp = sp * t + SEEDFL_SIN_S1;
    sp = sp * t + SEEDFL_SIN_S0;
    float s = r * sp;
    float cp = SEEDFL_COS_C3;
    cp = cp * t + SEEDFL_COS_C2;
    cp = cp * t + SEEDFL_COS_C1;
    cp = cp * t + SEEDFL_COS_C0;
    float c = cp * t + 1.0f;
    /* Quarter turns: q=0 (c, s), 1 (-s, c), 2 (-c, -s), 3 (s, -c), 4 = 0. */
    uint32_t swap = (uint32_t)q & 1u;
    uint32_t cs = seedfl_f2u(swap ? s : c);
    uint32_t ss = seedfl_f2u(swap ? c : s);
    uint32_t neg_cos = ((uint32_t)(q + 1) << 30) & 0x80000000u; /* bit 1 of q+1 */
    uint32_t neg_sin = ((uint32_t)q << 30) & 0x80000000u;       /* bit 1 of q */
    *c_out = seedfl_u2f(cs ^ neg_cos);
    *s_out = seedfl_u2f(ss ^ neg_sin);
}

/* Box-Muller on one pair of words: (z0, z1) = sqrt(-2 ln u1) * (cos, sin)(2 pi u2).
 * __builtin_elementwise_sqrt is the correctly rounded IEEE sqrt without the errno
 * side effect of sqrtf, so it vectorises. */
SEEDFL_INLINE void seedfl_box_muller(uint32_t w1, uint32_t w2, float *z0, float *z1) {
    float radius = __builtin_elementwise_sqrt(-2.0f * seedfl_log_inline(seedfl_uniform_inline(w1)));
    float s, c;
    seedfl_sincos_inline(w2, &s, &c);
    *z0 = radius * c;
    *z1 = radius * s;
}

/* The four normals z[4j ..< 4j+4] of block j. */
SEEDFL_INLINE void seedfl_block(uint32_t k0, uint32_t k1, uint32_t step, uint32_t pert,
                                uint64_t j, float z[4]) {
    uint32_t c[4] = {(uint32_t)j, (uint32_t)(j >> 32), step, pert};
    seedfl_philox10(c, k0, k1);
    seedfl_box_muller(c[0], c[1], &z[0], &z[1]);
    seedfl_box_muller(c[2], c[3], &z[2], &z[3]);
}

#endif /* SEEDFL_GAUSSIAN_MATH_H */
