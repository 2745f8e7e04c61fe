/* Matrix products of the trainer (see gemm.h). */
#include <string.h>
#include "gemm.h"

#ifdef HS_HAVE_CBLAS
#include <cblas.h>
void openblas_set_num_threads(int num_threads); /* OpenBLAS extension (declared in its cblas.h) */

void hs_gemm_abt(int M, int N, int K, const float *A, const float *B, float *C) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, M, N, K, 1.0f, A, K, B, K, 0.0f, C, N);
}
void hs_gemm_atb_acc(int M, int N, int K, const float *A, const float *B, float *C) {
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, M, N, K, 1.0f, A, M, B, N, 1.0f, C, N);
}
void hs_gemm_ab(int M, int N, int K, const float *A, const float *B, float *C) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, M, N, K, 1.0f, A, K, B, N, 0.0f, C, N);
}
void hs_gemm_set_threads(int n) { openblas_set_num_threads(n > 0 ? n : 1); }
const char *hs_gemm_backend(void) { return "openblas"; }

#else
/* Plain loops, the inner one over contiguous memory so gcc vectorises it. */
void hs_gemm_abt(int M, int N, int K, const float *A, const float *B, float *C) {
    for (int m = 0; m < M; m++)
        for (int n = 0; n < N; n++) {
            const float *a = A + (size_t)m * K, *b = B + (size_t)n * K;
            float s = 0.0f;
            for (int k = 0; k < K; k++) s += a[k] * b[k];
            C[(size_t)m * N + n] = s;
        }
}
void hs_gemm_atb_acc(int M, int N, int K, const float *A, const float *B, float *C) {
    for (int k = 0; k < K; k++)
        for (int m = 0; m < M; m++) {
            const float a = A[(size_t)k * M + m];
            const float *b = B + (size_t)k * N;
            float *c = C + (size_t)m * N;
            for (int n = 0; n < N; n++) c[n] += a * b[n];
        }
}
void hs_gemm_ab(int M, int N, int K, const float *A, const float *B, float *C) {
    memset(C, 0, (size_t)M * N * sizeof *C);
    for (int m = 0; m < M; m++)
        for (int k = 0; k < K; k++) {
            const float a = A[(size_t)m * K + k];
            const float *b = B + (size_t)k * N;
            float *c = C + (size_t)m * N;
            for (int n = 0; n < N; n++) c[n] += a * b[n];
        }
}
void hs_gemm_set_threads(int n) { (void)n; }
const char *hs_gemm_backend(void) { return "C loops"; }
#endif
