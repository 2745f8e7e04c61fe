/* Native reference output of the int8 CNN for comparisons with the WASM build
 * (tests/node/classify.test.mjs): per WAV file one JSON line with the per-window probabilities
 * (%.9g: float32 round-trips exactly) and, with --logmel-dir, the normalised log-mel the windows were cut
 * from as raw little-endian float32 (frames x mels) in DIR/<name>.f32, so both builds can be fed the very
 * same network input.
 *   bench_cnn_windows MODEL.hsm [--reference] [--logmel-dir DIR] WAV...   */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "heartsound.h"
#include "model/cnn/cnn_q8_infer.h"
#include "model/file_bytes.h"

static const char *base_name(const char *path) {
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static int dump_logmel(const char *dir, const char *wav, const float *x, size_t n) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.f32", dir, base_name(wav));
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    size_t w = fwrite(x, sizeof(float), n, f);
    return fclose(f) == 0 && w == n ? 0 : -1;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: bench_cnn_windows MODEL.hsm [--reference] [--logmel-dir DIR] WAV...\n");
        return 1;
    }
    int backend = HS_Q8_AUTO, first = 2;
    const char *dir = NULL;
    for (; first < argc && argv[first][0] == '-'; first++) {
        if (!strcmp(argv[first], "--reference")) backend = HS_Q8_REFERENCE;
        else if (!strcmp(argv[first], "--logmel-dir") && first + 1 < argc) dir = argv[++first];
        else { fprintf(stderr, "bench_cnn_windows: unknown option %s\n", argv[first]); return 1; }
    }
    uint8_t *bytes;
    size_t len;
    hs_cnn_q8_model m;
    hs_status st = hs_read_file_bytes(argv[1], &bytes, &len);
    if (st == HS_OK) { st = hs_cnn_q8_model_load_memory(bytes, len, &m); free(bytes); }
    if (st != HS_OK) { fprintf(stderr, "bench_cnn_windows: %s: %s\n", argv[1], hs_status_string(st)); return 2; }
    hs_cnn_q8_runtime *rt = hs_cnn_q8_runtime_create(&m, backend, &st);
    if (!rt) { fprintf(stderr, "bench_cnn_windows: runtime: %s\n", hs_status_string(st)); return 2; }
    int rc = 0;
    for (int i = first; i < argc; i++) {
        hs_audio a = {0};
        const float *lm;
        size_t frames;
        hs_result r;
        st = hs_wav_read_file(argv[i], &a, NULL);
        if (st == HS_OK) st = hs_cnn_q8_runtime_logmel(rt, &a, &lm, &frames);
        hs_audio_free(&a);
        if (st == HS_OK && dir && dump_logmel(dir, argv[i], lm, frames * (size_t)m.base.melspec.n_mels) != 0) st = HS_ERR_IO;
        if (st == HS_OK) st = hs_cnn_q8_score_features(rt, lm, frames, &r);
        if (st != HS_OK) { fprintf(stderr, "bench_cnn_windows: %s: %s\n", argv[i], hs_status_string(st)); rc = 2; continue; }
        printf("{\"file\": \"%s\", \"backend\": \"%s\", \"frames\": %zu, \"p_abnormal\": %.9g, \"windows\": [",
               base_name(argv[i]), hs_cnn_q8_runtime_backend(rt), frames, (double)r.p_abnormal);
        for (size_t k = 0; k < r.n_windows; k++) printf("%s%.9g", k ? ", " : "", (double)r.windows[k].p);
        printf("]}\n");
        hs_result_free(&r);
    }
    hs_cnn_q8_runtime_destroy(rt);
    hs_cnn_q8_model_free(&m);
    return rc;
}
