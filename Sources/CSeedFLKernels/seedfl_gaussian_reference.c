/*
 * The reference path: one element at a time, exactly as docs/determinism.md reads.
 * Slow on purpose (it regenerates the whole 4-element block for each element); tests
 * use it as the yardstick for the vectorised paths.
 */
#include "seedfl_kernels.h"
#include "seedfl_gaussian_math.h"

float seedfl_gaussian_at(uint64_t seed, uint32_t step, uint32_t perturbation,
                         uint64_t index) {
    float z[4];
    seedfl_block((uint32_t)seed, (uint32_t)(seed >> 32), step, perturbation, index >> 2, z);
    return z[index & 3];
}

void seedfl_philox4x32_10(const uint32_t counter[4], const uint32_t key[2],
                          uint32_t out[4]) {
    uint32_t c[4] = {counter[0], counter[1], counter[2], counter[3]};
    seedfl_philox10(c, key[0], key[1]);
    for (int t = 0; t < 4; t++) out[t] = c[t];
}

float seedfl_uniform(uint32_t word) { return seedfl_uniform_inline(word); }

float seedfl_log(float x) { return seedfl_log_inline(x); }

void seedfl_sincos_turn(uint32_t word, float *sin_out, float *cos_out) {
    seedfl_sincos_inline(word, sin_out, cos_out);
}

/* Used by seedfl_gaussian_fill_on / _axpy_on for SEEDFL_PATH_REFERENCE. The pragma
 * keeps this path genuinely scalar so that comparing it with the others is a test of
 * vectorisation, not of the same vector code twice. */
void seedfl_reference_fill(uint64_t seed, uint32_t step, uint32_t perturbation,
                           uint64_t start, float *out, size_t count) {
#pragma clang loop vectorize(disable) interleave(disable)
    for (size_t t = 0; t < count; t++) {
        out[t] = seedfl_gaussian_at(seed, step, perturbation, start + t);
    }
}

void seedfl_reference_axpy(uint64_t seed, uint32_t step, uint32_t perturbation,
                           float alpha, uint64_t start, float *x, size_t count) {
#pragma clang loop vectorize(disable) interleave(disable)
    for (size_t t = 0; t < count; t++) {
        x[t] = x[t] + alpha * seedfl_gaussian_at(seed, step, perturbation, start + t);
    }
}

void seedfl_reference_perturbed(uint64_t seed, uint32_t step, uint32_t perturbation,
                                float scale, uint64_t start, const float *base, float *out,
                                size_t count) {
#pragma clang loop vectorize(disable) interleave(disable)
    for (size_t t = 0; t < count; t++) {
        out[t] = base[t] + scale * seedfl_gaussian_at(seed, step, perturbation, start + t);
    }
}
