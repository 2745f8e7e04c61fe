/* Quantised scoring inside cross-validation (quantize.h): each fold's float net is quantised with that
 * fold's training windows only and scored on its held-out records, so the int8 - float MAcc difference is
 * measured on exactly the CV protocol of the float model. */
#include <math.h>
#include <stdlib.h>
#include "quantize.h"
#include "model/windowing.h"
#include "nn/xnn_runtime.h"

enum { PER_RECORD = 4, MAX_CALIB = 512, BATCH = 8 };

static float *fold_calibration(const hs_feature_cache *fc, const int *calib, int ncalib, int window, int hop, int *n) {
    const size_t win_sz = (size_t)window * fc->mels;
    float *out = malloc((size_t)MAX_CALIB * win_sz * sizeof(float));
    size_t starts[4096];
    *n = 0;
    if (!out) return NULL;
    int nrec = (MAX_CALIB + PER_RECORD - 1) / PER_RECORD;
    if (nrec > ncalib) nrec = ncalib;
    for (int r = 0; r < nrec && *n < MAX_CALIB; r++) {
        const int rec = calib[(size_t)r * ncalib / nrec];
        size_t nw = hs_window_starts(fc->frames[rec], window, hop, starts, 4096);
        if (nw > 4096) nw = 4096;
        const size_t take = nw < PER_RECORD ? nw : PER_RECORD;
        for (size_t j = 0; j < take && *n < MAX_CALIB; j++) {
            size_t s = starts[take > 1 ? j * (nw - 1) / (take - 1) : 0];
            hs_window_copy(fc->x[rec], fc->frames[rec], fc->mels, s, window, out + (size_t)(*n)++ * win_sz);
        }
    }
    return out;
}

hs_status hs_quantize_score_records(const hs_net *net, const hs_feature_cache *fc, const int *calib, int ncalib,
                                    const int *idx, int n, int window, int hop, float *p) {
    if (!net || !fc || !calib || ncalib < 1 || !idx || n < 0 || !p || window != net->in_h) return HS_ERR_ARG;
    int ncw;
    float *cw = fold_calibration(fc, calib, ncalib, window, hop, &ncw);
    if (!cw) return HS_ERR_NOMEM;
    hs_qnet q;
    hs_status st = hs_quantize_net(net, cw, ncw, &q);
    free(cw);
    if (st != HS_OK) return st;
    hs_xnn_runtime *rt = hs_xnn_available() ? hs_xnn_runtime_create(&q, BATCH, &st) : NULL;
    const size_t win_sz = (size_t)window * fc->mels;
    float *xb = malloc(BATCH * win_sz * sizeof(float));
    size_t cap = 0, *starts = NULL;
    st = xb ? HS_OK : HS_ERR_NOMEM;
    for (int i = 0; st == HS_OK && i < n; i++) {
        const int r = idx[i];
        const size_t nw = hs_window_starts(fc->frames[r], window, hop, NULL, 0);
        if (nw > cap) {
            free(starts);
            starts = malloc(nw * sizeof *starts);
            cap = starts ? nw : 0;
            if (!starts) { st = HS_ERR_NOMEM; break; }
        }
        hs_window_starts(fc->frames[r], window, hop, starts, nw);
        double sum = 0.0;
        for (size_t w0 = 0; st == HS_OK && w0 < nw; w0 += BATCH) {
            const int nb = (int)(nw - w0 < BATCH ? nw - w0 : BATCH);
            float out[BATCH];
            for (int b = 0; b < nb; b++) hs_window_copy(fc->x[r], fc->frames[r], fc->mels, starts[w0 + b], window, xb + b * win_sz);
            if (rt) st = hs_xnn_runtime_run(rt, xb, nb, out);
            else if (hs_qnet_forward_ref(&q, xb, nb, out) != 0) st = HS_ERR_NOMEM;
            if (st == HS_OK) for (int b = 0; b < nb; b++) sum += out[b];
        }
        p[i] = nw ? (float)(sum / (double)nw) : NAN;
    }
    free(starts); free(xb);
    hs_xnn_runtime_destroy(rt);
    hs_qnet_free(&q);
    return st;
}
