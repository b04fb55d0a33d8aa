/*
 * SeedFL's C kernels: the counter-based Gaussian stream (Philox4x32-10 + Box-Muller
 * in float32 with SeedFL's own polynomial log and sin/cos).
 *
 * Element i of the stream z(seed, step, perturbation) is a pure function of its four
 * arguments; docs/determinism.md specifies every operation and gives test vectors.
 * Every entry point below returns exactly those bits, whatever the CPU (scalar, SSE2,
 * AVX2 or AVX-512 code path), the slice boundaries or the number of threads used.
 * All functions are thread-safe: they touch only the memory they are given.
 */
#ifndef SEEDFL_KERNELS_H
#define SEEDFL_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- The stream --------------------------------------------------------------- */

/* out[t] = z[start + t] for t in [0, count). */
void seedfl_gaussian_fill(uint64_t seed, uint32_t step, uint32_t perturbation,
                          uint64_t start, float *out, size_t count);

/* x[t] = x[t] + alpha * z[start + t]: a multiply then an add, two roundings, no FMA.
 * The normals are generated in L1-sized chunks next to the update, never stored whole. */
void seedfl_gaussian_axpy(uint64_t seed, uint32_t step, uint32_t perturbation,
                          float alpha, uint64_t start, float *x, size_t count);

/* out[t] = base[t] + scale * z[start + t] (same rounding as axpy). base is only read;
 * out may equal base (then this is axpy) but must not partially overlap it. */
void seedfl_gaussian_perturbed(uint64_t seed, uint32_t step, uint32_t perturbation,
                               float scale, uint64_t start, const float *base,
                               float *out, size_t count);

/* ---- Code paths (for tests and benchmarks) ------------------------------------ */

/* The implementations of the stream. All give identical bits; they differ in speed. */
typedef enum {
    SEEDFL_PATH_REFERENCE = 0, /* one element at a time, straight from the spec */
    SEEDFL_PATH_SSE2 = 1,      /* baseline x86-64 (or the portable build elsewhere) */
    SEEDFL_PATH_AVX2 = 2,
    SEEDFL_PATH_AVX512 = 3,
} seedfl_path;

/* The fastest path this CPU supports; the one the entry points above use. */
seedfl_path seedfl_gaussian_best_path(void);

/* 1 if `path` can run on this CPU, 0 otherwise. */
int seedfl_gaussian_path_supported(seedfl_path path);

/* seedfl_gaussian_fill / _axpy / _perturbed on an explicit path. Return 0 on success,
 * -1 (and do nothing) when the path is not supported on this CPU. */
int seedfl_gaussian_fill_on(seedfl_path path, uint64_t seed, uint32_t step,
                            uint32_t perturbation, uint64_t start, float *out,
                            size_t count);
int seedfl_gaussian_axpy_on(seedfl_path path, uint64_t seed, uint32_t step,
                            uint32_t perturbation, float alpha, uint64_t start,
                            float *x, size_t count);
int seedfl_gaussian_perturbed_on(seedfl_path path, uint64_t seed, uint32_t step,
                                 uint32_t perturbation, float scale, uint64_t start,
                                 const float *base, float *out, size_t count);

/* ---- Building blocks (exposed so tests can check them against references) ----- */

/* z[index] computed alone by the reference path. */
float seedfl_gaussian_at(uint64_t seed, uint32_t step, uint32_t perturbation,
                         uint64_t index);

/* One Philox4x32-10 block: out = philox(counter, key), Random123 conventions. */
void seedfl_philox4x32_10(const uint32_t counter[4], const uint32_t key[2],
                          uint32_t out[4]);

/* The uniform in (0, 1) that a Philox word maps to: ((w >> 9) + 0.5) * 2^-23. */
float seedfl_uniform(uint32_t word);

/* SeedFL's natural logarithm, valid for normal floats in (0, 2) (the stream only
 * feeds it uniforms from seedfl_uniform). */
float seedfl_log(float x);

/* cos and sin of 2*pi*seedfl_uniform(word), computed without any reduction error. */
void seedfl_sincos_turn(uint32_t word, float *sin_out, float *cos_out);

#ifdef __cplusplus
}
#endif

#endif /* SEEDFL_KERNELS_H */
