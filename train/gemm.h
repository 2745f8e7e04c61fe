/* The three single-precision matrix products the trainer's convolutions need (row-major).
 * With OpenBLAS (HS_HAVE_CBLAS, found by CMake) they call cblas_sgemm, else plain C loops.
 * Each output element is one fixed-order sum, so results do not depend on the thread count. */
#ifndef HS_TRAIN_GEMM_H
#define HS_TRAIN_GEMM_H

/* C (M,N) = A (M,K) . B^T, B (N,K)                  (conv forward: patches x weights^T) */
void hs_gemm_abt(int M, int N, int K, const float *A, const float *B, float *C);
/* C (M,N) += A^T . B, A (K,M), B (K,N)              (conv weight gradient: dout^T x patches) */
void hs_gemm_atb_acc(int M, int N, int K, const float *A, const float *B, float *C);
/* C (M,N) = A (M,K) . B (K,N)                       (conv input gradient: dout x weights) */
void hs_gemm_ab(int M, int N, int K, const float *A, const float *B, float *C);

/* BLAS threads per call: 1 while folds already run in parallel (no oversubscription). No-op without BLAS. */
void hs_gemm_set_threads(int n);
/* "openblas" or "C loops": for the progress log. */
const char *hs_gemm_backend(void);
#endif
