/* heartsound yamnet-scores: raw 16 kHz float32 samples -> YAMNet's 521 AudioSet scores per patch (float32),
 * by the exact float model or (--tflite) the int8 arithmetic of Google's converted graph. Used to check
 * the port against LiteRT (tests/node/yamnet.test.mjs) and to look at what YAMNet hears in a recording. */
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "model/file_bytes.h"
#include "model/hsm.h"
#include "convert/yamnet_convert.h"
#include "model/yamnet/yamnet.h"

static void usage(FILE *f) {
    fprintf(f, "usage: heartsound yamnet-scores BACKBONE IN.f32 OUT.f32 [--tflite]\n"
               "BACKBONE: Google's YAMNet .tflite or a converted .hsm; IN.f32: raw little-endian float32 samples at\n"
               "16 kHz; OUT.f32: 521 float32 scores per 0.96 s patch (patches every 0.48 s).\n");
}

int cmd_yamnet_scores(int argc, char **argv) {
    if (cli_wants_help(argc, argv)) { usage(stdout); return 0; }
    int tflite = argc == 5 && !strcmp(argv[4], "--tflite");
    if (argc != 4 && !tflite) { usage(stderr); return HS_EXIT_USAGE; }
    uint8_t *bytes = NULL, *hsm = NULL, *raw = NULL;
    size_t len = 0, hl = 0, rl = 0;
    hs_status st = hs_read_file_bytes(argv[1], &bytes, &len);
    if (st == HS_OK) st = hs_yamnet_load_any(bytes, len, &hsm, &hl);
    free(bytes);
    hs_yamnet *y = NULL;
    hs_hsm h;
    if (st == HS_OK && (st = hs_hsm_parse(hsm, hl, 0, &h)) == HS_OK) { st = hs_yamnet_create(&h, cli_yamnet_engine(), &y); hs_hsm_free(&h); }
    free(hsm);
    if (st == HS_OK && tflite) st = hs_yamnet_set_tflite_mode(y, 1);
    if (st != HS_OK) { hs_yamnet_destroy(y); return cli_fail(argv[1], "YAMNet backbone: %s", hs_status_string(st)); }
    st = hs_read_file_bytes(argv[2], &raw, &rl);
    size_t n = rl / sizeof(float);
    float *x = n ? malloc(n * sizeof(float)) : NULL;
    if (st == HS_OK && (!x || rl % sizeof(float))) st = HS_ERR_ARG;
    if (st != HS_OK) { free(raw); free(x); hs_yamnet_destroy(y); return cli_fail(argv[2], "%s", hs_status_string(st)); }
    memcpy(x, raw, n * sizeof(float));
    free(raw);
    hs_melspec_params p = hs_yamnet_melspec_params();
    hs_melspec *mel = NULL;
    st = hs_melspec_create(&p, &mel);
    float *patches = NULL, emb[HS_YAMNET_EMBED], scores[HS_YAMNET_CLASSES];
    size_t np = 0;
    if (mel) st = hs_yamnet_patches_for(y, mel, x, n, &patches, &np);
    FILE *f = st == HS_OK ? fopen(argv[3], "wb") : NULL;
    if (st == HS_OK && !f) st = HS_ERR_IO;
    for (size_t i = 0; i < np && st == HS_OK; i++) {
        st = hs_yamnet_run(y, patches + i * HS_YAMNET_PATCH_FRAMES * HS_YAMNET_MELS, emb, scores);
        if (st == HS_OK && fwrite(scores, sizeof scores, 1, f) != 1) st = HS_ERR_IO;
    }
    if (f && fclose(f) != 0 && st == HS_OK) st = HS_ERR_IO;
    free(patches); free(x);
    hs_melspec_destroy(mel);
    hs_yamnet_destroy(y);
    if (st != HS_OK) return cli_fail(argv[3], "%s", hs_status_string(st));
    printf("{\"patches\":%zu,\"mode\":\"%s\",\"out\":", np, tflite ? "tflite" : "float");
    cli_json_string(stdout, argv[3]);
    printf("}\n");
    return 0;
}
