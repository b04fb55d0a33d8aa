/*
 * The fast paths of the Gaussian stream and the entry points that dispatch to them.
 *
 * A path is a table of three whole-block operations (generate, axpy, perturbed). The
 * SSE2 and AVX2 paths are one generic C loop over blocks (seedfl_block, inlined)
 * compiled per instruction set through a target attribute, which clang vectorises
 * across blocks; for axpy and perturbed they generate SEEDFL_CHUNK_BLOCKS blocks at a
 * time into a stack buffer that stays in L1 and consume it at once. The AVX-512 path is
 * hand-written (seedfl_gaussian_avx512.c) and fuses generation and update in registers.
 * The bits cannot depend on the path: every path performs the operations of
 * seedfl_gaussian_math.h, exact integer steps and single IEEE float32 operations, with
 * contraction off.
 *
 * The entry points split [start, start + count) into a partial head block, whole
 * blocks, and a partial tail block; partial blocks are generated whole and the unused
 * elements dropped, so any slice equals the same range of the whole vector.
 */
#include "seedfl_kernels.h"
#include "seedfl_gaussian_internal.h"
#include "seedfl_gaussian_math.h"

/* 64 blocks = 256 floats = 1 KiB: big enough to amortise the loop set-up, small enough
 * that the buffer and the matching slice of x stay in L1. */
#define SEEDFL_CHUNK_BLOCKS 64

typedef struct {
    void (*blocks)(uint32_t k0, uint32_t k1, uint32_t step, uint32_t pert, uint64_t j0,
                   size_t nblk, float *out);
    void (*axpy)(uint32_t k0, uint32_t k1, uint32_t step, uint32_t pert, uint64_t j0,
                 size_t nblk, float alpha, float *x);
    void (*perturbed)(uint32_t k0, uint32_t k1, uint32_t step, uint32_t pert, uint64_t j0,
                      size_t nblk, float scale, const float *base, float *out);
} seedfl_path_ops;

/* Stamps out a generic path compiled with the attribute `attr` (an instruction-set
 * target, or nothing for the baseline). */
#define SEEDFL_DEFINE_GENERIC_PATH(name, attr)                                            \
    attr static void seedfl_blocks_##name(uint32_t k0, uint32_t k1, uint32_t step,        \
                                          uint32_t pert, uint64_t j0, size_t nblk,       \
                                          float *out) {                                  \
        for (size_t b = 0; b < nblk; b++) {                                              \
            seedfl_block(k0, k1, step, pert, j0 + b, out + 4 * b);                       \
        }                                                                                \
    }                                                                                    \
    attr static void seedfl_axpy_##name(uint32_t k0, uint32_t k1, uint32_t step,          \
                                        uint32_t pert, uint64_t j0, size_t nblk,         \
                                        float alpha, float *x) {                         \
        float z[4 * SEEDFL_CHUNK_BLOCKS] __attribute__((aligned(64)));                   \
        for (size_t b = 0; b < nblk; b += SEEDFL_CHUNK_BLOCKS) {                         \
            size_t m = nblk - b < SEEDFL_CHUNK_BLOCKS ? nblk - b : SEEDFL_CHUNK_BLOCKS;  \
            seedfl_blocks_##name(k0, k1, step, pert, j0 + b, m, z);                      \
            float *o = x + 4 * b;                                                        \
            for (size_t t = 0; t < 4 * m; t++) o[t] = o[t] + alpha * z[t];               \
        }                                                                                \
    }                                                                                    \
    attr static void seedfl_perturbed_##name(uint32_t k0, uint32_t k1, uint32_t step,     \
                                             uint32_t pert, uint64_t j0, size_t nblk,    \
                                             float scale, const float *base,             \
                                             float *out) {                               \
        float z[4 * SEEDFL_CHUNK_BLOCKS] __attribute__((aligned(64)));                   \
        for (size_t b = 0; b < nblk; b += SEEDFL_CHUNK_BLOCKS) {                         \
            size_t m = nblk - b < SEEDFL_CHUNK_BLOCKS ? nblk - b : SEEDFL_CHUNK_BLOCKS;  \
            seedfl_blocks_##name(k0, k1, step, pert, j0 + b, m, z);                      \
            const float *s = base + 4 * b;                                               \
            float *o = out + 4 * b;                                                      \
            for (size_t t = 0; t < 4 * m; t++) o[t] = s[t] + scale * z[t];               \
        }                                                                                \
    }                                                                                    \
    static const seedfl_path_ops seedfl_ops_##name = {                                   \
        seedfl_blocks_##name, seedfl_axpy_##name, seedfl_perturbed_##name};

SEEDFL_DEFINE_GENERIC_PATH(baseline, )
#if defined(__x86_64__)
/* No "fma" in this target: contraction is off anyway, this keeps it impossible. */
SEEDFL_DEFINE_GENERIC_PATH(avx2, __attribute__((target("avx2"))))
static const seedfl_path_ops seedfl_ops_avx512 = {
    seedfl_blocks_avx512, seedfl_axpy_blocks_avx512, seedfl_perturbed_blocks_avx512};
#endif

int seedfl_gaussian_path_supported(seedfl_path path) {
    switch (path) {
    case SEEDFL_PATH_REFERENCE:
    case SEEDFL_PATH_SSE2:
        return 1;
#if defined(__x86_64__)
    case SEEDFL_PATH_AVX2:
        return __builtin_cpu_supports("avx2") ? 1 : 0;
    case SEEDFL_PATH_AVX512:
        return (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
                __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw"))
                   ? 1 : 0;
#endif
    default:
        return 0;
    }
}

seedfl_path seedfl_gaussian_best_path(void) {
    if (seedfl_gaussian_path_supported(SEEDFL_PATH_AVX512)) return SEEDFL_PATH_AVX512;
    if (seedfl_gaussian_path_supported(SEEDFL_PATH_AVX2)) return SEEDFL_PATH_AVX2;
    return SEEDFL_PATH_SSE2;
}

/* The vectorised paths; NULL for the reference (handled separately) or unsupported. */
static const seedfl_path_ops *seedfl_ops_for(seedfl_path path) {
    if (!seedfl_gaussian_path_supported(path)) return 0;
    switch (path) {
    case SEEDFL_PATH_SSE2: return &seedfl_ops_baseline;
#if defined(__x86_64__)
    case SEEDFL_PATH_AVX2: return &seedfl_ops_avx2;
    case SEEDFL_PATH_AVX512: return &seedfl_ops_avx512;
#endif
    default: return 0;
    }
}

/* Resolved on first use. Threads racing here all compute and store the same pointer to
 * constant data, so relaxed atomics suffice. */
static const seedfl_path_ops *seedfl_best_ops(void) {
    static const seedfl_path_ops *cached = 0;
    const seedfl_path_ops *ops = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (!ops) {
        ops = seedfl_ops_for(seedfl_gaussian_best_path());
        __atomic_store_n(&cached, ops, __ATOMIC_RELAXED);
    }
    return ops;
}

enum seedfl_mode { SEEDFL_FILL, SEEDFL_AXPY, SEEDFL_PERTURBED };

/* Elements [off, off + n) of block j (n <= 4 - off) applied to out[0 ..< n]. */
static void seedfl_partial_block(const seedfl_path_ops *ops, enum seedfl_mode mode,
                                 uint32_t k0, uint32_t k1, uint32_t step, uint32_t pert,
                                 uint64_t j, size_t off, size_t n, float a,
                                 const float *base, float *out) {
    float z[4];
    ops->blocks(k0, k1, step, pert, j, 1, z);
    for (size_t t = 0; t < n; t++) {
        switch (mode) {
        case SEEDFL_FILL: out[t] = z[off + t]; break;
        case SEEDFL_AXPY: out[t] = out[t] + a * z[off + t]; break;
        case SEEDFL_PERTURBED: out[t] = base[t] + a * z[off + t]; break;
        }
    }
}

static void seedfl_run(const seedfl_path_ops *ops, enum seedfl_mode mode, uint64_t seed,
                       uint32_t step, uint32_t pert, float a, uint64_t start,
                       const float *base, float *out, size_t count) {
    uint32_t k0 = (uint32_t)seed, k1 = (uint32_t)(seed >> 32);
    size_t done = 0;
    size_t off = (size_t)(start & 3);
    if (off != 0 && count > 0) { /* head: the rest of a block */
        size_t n = 4 - off < count ? 4 - off : count;
        seedfl_partial_block(ops, mode, k0, k1, step, pert, start >> 2, off, n, a, base, out);
        done = n;
    }
    size_t whole = (count - done) / 4;
    if (whole > 0) { /* body: whole blocks, starting at a block boundary */
        uint64_t j = (start + done) >> 2;
        switch (mode) {
        case SEEDFL_FILL: ops->blocks(k0, k1, step, pert, j, whole, out + done); break;
        case SEEDFL_AXPY: ops->axpy(k0, k1, step, pert, j, whole, a, out + done); break;
        case SEEDFL_PERTURBED:
            ops->perturbed(k0, k1, step, pert, j, whole, a, base + done, out + done);
            break;
        }
        done += 4 * whole;
    }
    if (done < count) { /* tail: the start of a block */
        seedfl_partial_block(ops, mode, k0, k1, step, pert, (start + done) >> 2, 0,
                             count - done, a, base ? base + done : 0, out + done);
    }
}

void seedfl_gaussian_fill(uint64_t seed, uint32_t step, uint32_t perturbation,
                          uint64_t start, float *out, size_t count) {
    seedfl_run(seedfl_best_ops(), SEEDFL_FILL, seed, step, perturbation, 0.0f, start, 0, out,
               count);
}

void seedfl_gaussian_axpy(uint64_t seed, uint32_t step, uint32_t perturbation,
                          float alpha, uint64_t start, float *x, size_t count) {
    seedfl_run(seedfl_best_ops(), SEEDFL_AXPY, seed, step, perturbation, alpha, start, 0,
               x, count);
}

void seedfl_gaussian_perturbed(uint64_t seed, uint32_t step, uint32_t perturbation,
                               float scale, uint64_t start, const float *base,
                               float *out, size_t count) {
    seedfl_run(seedfl_best_ops(), SEEDFL_PERTURBED, seed, step, perturbation, scale, start,
               base, out, count);
}

int seedfl_gaussian_fill_on(seedfl_path path, uint64_t seed, uint32_t step,
                            uint32_t perturbation, uint64_t start, float *out,
                            size_t count) {
    if (path == SEEDFL_PATH_REFERENCE) {
        seedfl_reference_fill(seed, step, perturbation, start, out, count);
        return 0;
    }
    const seedfl_path_ops *ops = seedfl_ops_for(path);
    if (!ops) return -1;
    seedfl_run(ops, SEEDFL_FILL, seed, step, perturbation, 0.0f, start, 0, out, count);
    return 0;
}

int seedfl_gaussian_axpy_on(seedfl_path path, uint64_t seed, uint32_t step,
                            uint32_t perturbation, float alpha, uint64_t start,
                            float *x, size_t count) {
    if (path == SEEDFL_PATH_REFERENCE) {
        seedfl_reference_axpy(seed, step, perturbation, alpha, start, x, count);
        return 0;
    }
    const seedfl_path_ops *ops = seedfl_ops_for(path);
    if (!ops) return -1;
    seedfl_run(ops, SEEDFL_AXPY, seed, step, perturbation, alpha, start, 0, x, count);
    return 0;
}

int seedfl_gaussian_perturbed_on(seedfl_path path, uint64_t seed, uint32_t step,
                                 uint32_t perturbation, float scale, uint64_t start,
                                 const float *base, float *out, size_t count) {
    if (path == SEEDFL_PATH_REFERENCE) {
        seedfl_reference_perturbed(seed, step, perturbation, scale, start, base, out, count);
        return 0;
    }
    const seedfl_path_ops *ops = seedfl_ops_for(path);
    if (!ops) return -1;
    seedfl_run(ops, SEEDFL_PERTURBED, seed, step, perturbation, scale, start, base, out, count);
    return 0;
}
