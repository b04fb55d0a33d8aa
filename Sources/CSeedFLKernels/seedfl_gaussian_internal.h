/* Declarations shared between the kernel translation units (not part of the API). */
#ifndef SEEDFL_GAUSSIAN_INTERNAL_H
#define SEEDFL_GAUSSIAN_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

/* The reference path (seedfl_gaussian_reference.c). */
void seedfl_reference_fill(uint64_t seed, uint32_t step, uint32_t perturbation,
                           uint64_t start, float *out, size_t count);
void seedfl_reference_axpy(uint64_t seed, uint32_t step, uint32_t perturbation,
                           float alpha, uint64_t start, float *x, size_t count);
void seedfl_reference_perturbed(uint64_t seed, uint32_t step, uint32_t perturbation,
                                float scale, uint64_t start, const float *base, float *out,
                                size_t count);

/* The AVX-512 path (seedfl_gaussian_avx512.c; the caller checks the CPU). Each works on
 * whole blocks j0 ..< j0 + nblk, i.e. on elements 4*j0 ..< 4*(j0 + nblk):
 *   blocks:     out[t] = z[4*j0 + t]
 *   axpy:       x[t] = x[t] + alpha * z[4*j0 + t]
 *   perturbed:  out[t] = base[t] + scale * z[4*j0 + t]                                   */
void seedfl_blocks_avx512(uint32_t k0, uint32_t k1, uint32_t step, uint32_t pert,
                          uint64_t j0, size_t nblk, float *out);
void seedfl_axpy_blocks_avx512(uint32_t k0, uint32_t k1, uint32_t step, uint32_t pert,
                               uint64_t j0, size_t nblk, float alpha, float *x);
void seedfl_perturbed_blocks_avx512(uint32_t k0, uint32_t k1, uint32_t step, uint32_t pert,
                                    uint64_t j0, size_t nblk, float scale,
                                    const float *base, float *out);

#endif
