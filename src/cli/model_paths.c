/* Where the command line finds models and weights: the only place that reads the environment. The library
 * is handed paths or bytes (hs_classifier_options).
 *   HEARTSOUND_MODEL_DIR   the shipped models (cnn.hsm, yamnet.hsm); default: the source tree's models/
 *   HEARTSOUND_YAMNET      a YAMNet backbone, Google's .tflite or a converted .hsm
 *   HEARTSOUND_WEIGHTS     folder holding yamnet/yamnet-int8-fixed15600.tflite; default ../shared/weights
 *   HS_YAMNET_ENGINE       YAMNet engine: plain-c, xnnpack-f32, xnnpack-litert (benchmarks, experiments) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "convert/yamnet_convert.h"
#include "model/file_bytes.h"
#include "model/hsm.h"
#include "model/yamnet/yamnet_arch.h"

const char *cli_model_dir(void) {
    const char *dir = getenv("HEARTSOUND_MODEL_DIR");
    if (dir && *dir) return dir;
#ifdef HS_SOURCE_DIR
    return HS_SOURCE_DIR "/models";
#else
    return "models";
#endif
}

int cli_model_path(const char *arg, const char **path) {
    static char buf[4096];
    if (arg && strcmp(arg, "cnn") != 0 && strcmp(arg, "yamnet") != 0) {
        *path = arg;
        return 0;
    }
    /* "yamnet": the committed combined file (Google's backbone + our head, models/NOTICE-YAMNet.md) */
    snprintf(buf, sizeof buf, "%s/%s", cli_model_dir(), arg && !strcmp(arg, "yamnet") ? "yamnet.hsm" : "cnn.hsm");
    *path = buf;
    return 0;
}

const char *cli_yamnet_engine(void) {
    const char *e = getenv("HS_YAMNET_ENGINE");
    return e && *e ? e : NULL;
}

const char *cli_weights_dir(void) {
    const char *wd = getenv("HEARTSOUND_WEIGHTS");
    return wd && *wd ? wd : "../shared/weights";
}

int cli_yamnet_backbone(const char *explicit_path, uint8_t **hsm, size_t *len) {
    char paths[4][4096];
    int n = 0;
    const char *env = getenv("HEARTSOUND_YAMNET");
    if (explicit_path) snprintf(paths[n++], sizeof paths[0], "%s", explicit_path);
    else if (env && *env) snprintf(paths[n++], sizeof paths[0], "%s", env);
    const int pinned = n; /* an explicit path that fails is an error, not a reason to look elsewhere */
    if (!pinned) {
        snprintf(paths[n++], sizeof paths[0], "%s/yamnet/yamnet-int8-fixed15600.tflite", cli_weights_dir());
        snprintf(paths[n++], sizeof paths[0], "%s/yamnet.hsm", cli_model_dir());
    }
    hs_status st = HS_ERR_IO;
    for (int i = 0; i < n; i++) {
        uint8_t *bytes;
        size_t blen;
        errno = 0;
        if ((st = hs_read_file_bytes(paths[i], &bytes, &blen)) != HS_OK) {
            if (pinned) return cli_fail(paths[i], "YAMNet backbone: %s (%s)", hs_status_string(st), strerror(errno));
            continue;
        }
        st = hs_yamnet_load_any(bytes, blen, hsm, len);
        free(bytes);
        if (st != HS_OK) return cli_fail(paths[i], "YAMNet backbone: %s", hs_status_string(st));
        return 0;
    }
    return cli_fail("yamnet", "no YAMNet backbone: set HEARTSOUND_YAMNET or HEARTSOUND_WEIGHTS (docs/YAMNET.md); "
                    "looked for %s and %s", paths[0], paths[1]);
}

/* 1 if the model file is a YAMNet head without its own backbone. */
static int needs_backbone(const uint8_t *bytes, size_t len) {
    hs_hsm h;
    if (hs_hsm_parse(bytes, len, 0, &h) != HS_OK) return 0; /* hs_classifier_create reports it */
    const char *kind = hs_hsm_meta_get(&h, "model.kind");
    int need = kind && !strcmp(kind, "yamnet-head") && !hs_yamnet_present(&h);
    hs_hsm_free(&h);
    return need;
}

int cli_load_model(const char *path, hs_classifier **c) {
    hs_classifier_options opt = {0};
    uint8_t *model = NULL, *backbone = NULL;
    errno = 0;
    hs_status st = hs_read_file_bytes(path, &model, &opt.model_len);
    if (st != HS_OK) return cli_fail(path, "%s (%s)", hs_status_string(st), strerror(errno));
    opt.model = model;
    opt.yamnet_engine = cli_yamnet_engine();
    int rc = needs_backbone(model, opt.model_len) ? cli_yamnet_backbone(NULL, &backbone, &opt.backbone_len) : 0;
    opt.backbone = backbone;
    if (!rc && (st = hs_classifier_create(&opt, c)) != HS_OK) rc = cli_fail(path, "%s", hs_status_string(st));
    free(model);
    free(backbone);
    return rc;
}
