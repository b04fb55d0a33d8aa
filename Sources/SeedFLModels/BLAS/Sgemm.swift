import CBLAS

/// Row-major single-precision matrix products on OpenBLAS, with the argument order spelled
/// out so that call sites read like the maths.
///
/// All matrices are row-major with an explicit leading dimension (the distance in floats
/// between the starts of two consecutive rows), which lets callers address column blocks of a
/// wider matrix (for example one attention head inside the fused Q|K|V rows).
enum Sgemm {
    /// `C[m×n] = alpha · A[m×k] · B[n×k]ᵀ + beta · C`.
    ///
    /// This is the shape of every projection in the model: `A` holds one activation row per
    /// token, `B` one weight row per output feature (the PyTorch / GGUF layout), so no weight is
    /// ever transposed in memory.
    @inline(__always)
    static func timesTransposed(
        m: Int, n: Int, k: Int,
        alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans,
            Int32(m), Int32(n), Int32(k),
            alpha, a, Int32(lda), b, Int32(ldb),
            beta, c, Int32(ldc))
    }

    /// `C[m×n] = alpha · A[m×k] · B[k×n] + beta · C`.
    @inline(__always)
    static func times(
        m: Int, n: Int, k: Int,
        alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasNoTrans,
            Int32(m), Int32(n), Int32(k),
            alpha, a, Int32(lda), b, Int32(ldb),
            beta, c, Int32(ldc))
    }
}
