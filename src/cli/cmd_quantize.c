/* heartsound quantize: post-training int8 quantisation of a float CNN model file (train/quantize.h).
 * Calibration windows come from labelled training folders; prints how far the int8 window probabilities
 * are from the float ones on those windows, then writes the "cnn-int8" model. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "nn/layers.h"
#include "quantize.h"

static int usage(FILE *f) {
    fprintf(f, "usage: heartsound quantize --model FLOAT.hsm --data DIR [--data DIR ...] --out INT8.hsm [--calib N]\n"
               "  --calib N   calibration windows (default 512), spread over the records of DIR\n");
    return f == stdout ? 0 : HS_EXIT_USAGE;
}

/* Float vs int8 (reference path) window probabilities on the calibration windows. */
static void report_drift(const hs_cnn_q8_model *q, const float *w, int n) {
    const hs_net *net = &q->base.net;
    const size_t win = (size_t)net->in_h * net->in_w * net->in_c;
    float *work = malloc(hs_net_forward_work_floats(net, 1) * sizeof(float));
    double sum = 0.0, worst = 0.0;
    int flips = 0;
    for (int i = 0; work && i < n; i++) {
        float pf, pq;
        hs_net_forward(net, w + i * win, 1, &pf, work);
        if (hs_qnet_forward_ref(&q->q, w + i * win, 1, &pq) != 0) break;
        double d = fabs((double)pf - pq);
        sum += d;
        if (d > worst) worst = d;
        flips += (pf >= q->base.threshold) != (pq >= q->base.threshold);
    }
    free(work);
    printf("{\"calibration_windows\": %d, \"mean_abs_dp\": %.5f, \"max_abs_dp\": %.5f, \"decision_flips\": %d}\n",
           n, n ? sum / n : 0.0, worst, flips);
}

int cmd_quantize(int argc, char **argv) {
    if (cli_wants_help(argc, argv)) return usage(stdout);
    const char *model = NULL, *out = NULL, *dirs[16];
    int ndirs = 0, calib = 512;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!v) return usage(stderr);
        if (!strcmp(a, "--model")) model = v;
        else if (!strcmp(a, "--out")) out = v;
        else if (!strcmp(a, "--data") && ndirs < 16) dirs[ndirs++] = v;
        else if (!strcmp(a, "--calib")) calib = atoi(v);
        else return usage(stderr);
        i++;
    }
    if (!model || !out || ndirs == 0 || calib < 1 || calib > 100000) return usage(stderr);

    hs_cnn_model m;
    hs_status st = hs_cnn_model_load_file(model, &m);
    if (st != HS_OK) return cli_fail(model, "%s", hs_status_string(st));
    hs_dataset ds;
    st = hs_dataset_scan(dirs, ndirs, &ds);
    if (st != HS_OK) { hs_cnn_model_free(&m); return cli_fail(dirs[0], "%s", hs_dataset_error()); }
    float *w = NULL;
    int n = 0, rc = 0;
    hs_cnn_q8_model q;
    st = hs_calibration_windows(&m, &ds, calib, &w, &n);
    if (st != HS_OK) rc = cli_fail(dirs[0], "calibration windows: %s", hs_status_string(st));
    else if ((st = hs_quantize_model(&m, w, n, &q)) != HS_OK) rc = cli_fail(model, "quantisation: %s", hs_status_string(st));
    else {
        report_drift(&q, w, n);
        st = hs_cnn_q8_model_save(&q, out);
        if (st != HS_OK) rc = cli_fail(out, "%s", hs_status_string(st));
        hs_cnn_q8_model_free(&q);
    }
    free(w);
    hs_dataset_free(&ds);
    hs_cnn_model_free(&m);
    return rc;
}
