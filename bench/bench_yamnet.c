/* Native YAMNet benchmark (prints figures, asserts nothing): backbone per 0.96 s patch (embedding + 521
 * scores) and the front end per patch, plus MACs per patch and the achieved GMAC/s, for every backbone
 * engine this build has (plain-c; xnnpack-f32 and xnnpack-litert with HS_XNNPACK).
 *   bench_yamnet [YAMNET.hsm | MODEL.tflite] [REPS]
 * Default: ../shared/weights/yamnet/yamnet-int8-fixed15600.tflite converted in memory. One JSON line per engine. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "model/file_bytes.h"
#include "model/hsm.h"
#include "convert/yamnet_convert.h"
#include "model/yamnet/yamnet.h"
#include "bench_util.h"

#ifdef __EMSCRIPTEN__ /* the same program in WASM SIMD under Node (cmake/wasm.cmake: bench_yamnet_wasm) */
#define HS_BENCH_NAME "yamnet-wasm"
#else
#define HS_BENCH_NAME "yamnet-native"
#endif

int main(int argc, char **argv) {
    const char *path = argc > 1 ? argv[1] : "../shared/weights/yamnet/yamnet-int8-fixed15600.tflite";
    int reps = argc > 2 ? atoi(argv[2]) : 9;
    if (reps < 1 || reps > 1000) reps = 9;
    uint8_t *bytes = NULL, *hsm_bytes = NULL;
    size_t len = 0, hsm_len = 0;
    hs_status st = hs_read_file_bytes(path, &bytes, &len);
    if (st == HS_OK) st = hs_yamnet_load_any(bytes, len, &hsm_bytes, &hsm_len);
    hs_hsm h;
    if (st == HS_OK) st = hs_hsm_parse(hsm_bytes, hsm_len, 0, &h);
    if (st != HS_OK) { fprintf(stderr, "bench_yamnet: %s: %s\n", path, hs_status_string(st)); return 2; }

    /* 0.975 s of a 440 Hz sine plus a little deterministic noise: a non-trivial patch */
    enum { N = 15600 };
    float *x = malloc(N * sizeof(float)), emb[HS_YAMNET_EMBED], scores[HS_YAMNET_CLASSES];
    unsigned r = 1;
    for (int i = 0; i < N; i++) {
        r = r * 1664525u + 1013904223u;
        x[i] = 0.3f * sinf(6.2831853f * 440.f * (float)i / 16000.f) + 0.05f * ((float)(r >> 8) / 16777216.f - 0.5f);
    }
    hs_melspec_params p = hs_yamnet_melspec_params();
    hs_melspec *mel = NULL;
    st = hs_melspec_create(&p, &mel);
    float *patch = NULL;
    size_t np = 0;
    double *t = malloc((size_t)reps * sizeof(double)), fe_ms, net_ms;
    for (int k = 0; k < reps; k++) {
        double t0 = now_ms();
        free(patch);
        hs_yamnet_patches(mel, x, N, &patch, &np);
        t[k] = now_ms() - t0;
    }
    qsort(t, (size_t)reps, sizeof(double), cmp_double);
    fe_ms = t[reps / 2];
    static const char *engines[] = {"plain-c", "xnnpack-f32", "xnnpack-litert"};
    for (int e = 0; e < 3; e++) {
        hs_yamnet *y = NULL;
        if (hs_yamnet_create(&h, engines[e], &y) != HS_OK) continue;
        if (e > 0 && !strcmp(hs_yamnet_engine(y), hs_yamnet_engine(NULL))) { hs_yamnet_destroy(y); continue; } /* no XNNPACK */
        hs_yamnet_run(y, patch, emb, scores); /* warm-up */
        for (int k = 0; k < reps; k++) {
            double t0 = now_ms();
            hs_yamnet_run(y, patch, emb, scores);
            t[k] = now_ms() - t0;
        }
        qsort(t, (size_t)reps, sizeof(double), cmp_double);
        net_ms = t[reps / 2];
        double macs = hs_yamnet_macs();
        printf("{\"bench\":\"%s\",\"engine\":\"%s\",\"reps\":%d,\"frontend_ms_per_patch\":%.3f,"
               "\"backbone_ms_per_patch\":%.3f,\"backbone_min_ms\":%.3f,\"macs_per_patch\":%.0f,\"gmacs_per_s\":%.2f}\n",
               HS_BENCH_NAME, hs_yamnet_engine(y), reps, fe_ms, net_ms, t[0], macs, macs / (net_ms * 1e6));
        hs_yamnet_destroy(y);
    }
    hs_hsm_free(&h);
    free(t); free(patch); free(x);
    hs_melspec_destroy(mel);
    free(hsm_bytes); free(bytes);
    return 0;
}
