/* One training run (see fit.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "adversary.h"
#include "fit.h"
#include "metrics.h"
#include "model/windowing.h"
#include "net_train.h"
#include "nn/layers.h"
#include "progress.h"

hs_train_config hs_train_config_default(void) {
    hs_train_config c;
    memset(&c, 0, sizeof c);
    /* sized for a 2-core machine: 8 k windows per epoch, coarse validation hop; 10-fold CV ~23 min.
     * 6 s windows: 10-fold CV AUC +0.007 over 4 s (paired over folds, se 0.003); 8 s (one window per 8 s
     * training-b record) was worse, and 5 s too (AUC -0.003, se 0.002). docs/RESULTS.md lists every recipe. */
    c.window = 300; c.hop = 50; c.val_hop = 300;
    c.epochs = 15; c.batch = 32; c.patience = 5; c.lr_patience = 2;
    c.epoch_windows = 8192;
    c.mixup = 0.0f; /* --mixup 0.2: 10-fold AUC -0.006 (se 0.003), and 30 % slower */
    c.ema = 0.0f; /* --ema 0.998: +0.012 MAcc in 3-fold CV but -0.007 +- 0.005 in 10-fold */
    c.lr = 2e-3f; c.lr_factor = 0.3f; c.wd = 1e-3f; c.bn_momentum = 0.1f;
    c.subset_power = 0.5f;
    c.seed = 1;
    c.aug = hs_augment_default();
    c.adv_hidden = 32;
    c.tag = "train";
    return c;
}

/* annealed to lr/100 rather than 0, so the last epochs still move; they settle instead of jumping between minima */
float hs_lr_cosine(float lr, long t, long T) {
    const double x = T > 0 ? (double)t / (double)T : 1.0;
    return (float)(lr * (0.01 + 0.99 * 0.5 * (1.0 + cos(3.14159265358979323846 * (x > 1.0 ? 1.0 : x)))));
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

#define SCORE_CHUNK 32 /* windows per forward call when scoring (one GEMM per conv) */

void hs_score_records(const hs_net *net, const hs_feature_cache *fc, const int *idx, int n, int window, int hop,
                      float *p, float *p_logit) {
    const int mels = fc->mels;
    const size_t win_sz = (size_t)window * mels;
    #pragma omp parallel
    {
        float *work = malloc(hs_net_forward_gemm_work_floats(net, SCORE_CHUNK) * sizeof(float));
        float *xb = malloc(SCORE_CHUNK * win_sz * sizeof(float));
        size_t cap = 0, *starts = NULL;
        #pragma omp for schedule(dynamic, 4)
        for (int i = 0; i < n; i++) {
            const int r = idx[i];
            size_t nw = hs_window_starts(fc->frames[r], window, hop, NULL, 0);
            if (nw > cap) { free(starts); cap = nw; starts = malloc(cap * sizeof *starts); }
            if (!work || !xb || !starts) { p[i] = NAN; if (p_logit) p_logit[i] = NAN; continue; }
            hs_window_starts(fc->frames[r], window, hop, starts, nw);
            double sum = 0.0, sum_logit = 0.0;
            for (size_t w0 = 0; w0 < nw; w0 += SCORE_CHUNK) {
                int nb = (int)(nw - w0 < SCORE_CHUNK ? nw - w0 : SCORE_CHUNK);
                float out[SCORE_CHUNK];
                for (int b = 0; b < nb; b++)
                    hs_window_copy(fc->x[r], fc->frames[r], mels, starts[w0 + b], window, xb + b * win_sz);
                hs_net_forward_gemm(net, xb, nb, out, work);
                for (int b = 0; b < nb; b++) {
                    sum += out[b];
                    /* the sigmoid output saturates in float: clamp so the logit stays finite */
                    double q = out[b] < 1e-7f ? 1e-7 : out[b] > 1 - 1e-7f ? 1 - 1e-7 : out[b];
                    sum_logit += log(q / (1.0 - q));
                }
            }
            p[i] = (float)(sum / (double)nw);
            if (p_logit) p_logit[i] = (float)(1.0 / (1.0 + exp(-sum_logit / (double)nw)));
        }
        free(work); free(xb); free(starts);
    }
}

/* Sampling weights: P(subset) ~ n_subset^power, classes equally likely inside a subset (when it has
 * both), records uniform inside their (subset, class) cell. Returns the cumulative distribution. */
static double *sampling_cdf(const hs_dataset *d, const int *train, int ntrain, float power) {
    double *cdf = malloc((size_t)ntrain * sizeof *cdf);
    int *cell = malloc((size_t)ntrain * sizeof *cell);
    char (*names)[64] = calloc((size_t)ntrain, 64);
    int nsub = 0, (*count)[2] = calloc((size_t)ntrain, sizeof *count);
    if (!cdf || !cell || !names || !count) { free(cdf); cdf = NULL; goto done; }
    for (int i = 0; i < ntrain; i++) {
        const hs_record *r = &d->rec[train[i]];
        int s = 0;
        while (s < nsub && strcmp(names[s], r->subset)) s++;
        if (s == nsub) { memcpy(names[nsub], r->subset, 64); nsub++; }
        cell[i] = s;
        count[s][r->label]++;
    }
    double acc = 0.0;
    for (int i = 0; i < ntrain; i++) {
        int s = cell[i], y = d->rec[train[i]].label;
        double n_s = count[s][0] + count[s][1];
        double p_sub = pow(n_s, power);
        double p_cls = (count[s][0] && count[s][1]) ? 0.5 : 1.0;
        acc += p_sub * p_cls / count[s][y];
        cdf[i] = acc;
    }
    for (int i = 0; i < ntrain; i++) cdf[i] /= acc;
done:
    free(cell); free(names); free(count);
    return cdf;
}

/* Subset index of each training record (order of first appearance); returns the number of subsets. */
static int subset_indices(const hs_dataset *d, const int *train, int ntrain, int *sub) {
    int nsub = 0;
    for (int i = 0; i < ntrain; i++) {
        int j = 0;
        while (j < i && strcmp(d->rec[train[j]].subset, d->rec[train[i]].subset)) j++;
        sub[i] = j < i ? sub[j] : nsub++;
    }
    return nsub;
}

static int global_pool_layer(const hs_net *net) {
    for (int i = net->n_layers - 1; i >= 0; i--)
        if (net->layers[i].kind == HS_LAYER_GLOBAL_AVGPOOL) return i;
    return -1;
}

static int sample_cdf(const double *cdf, int n, hs_rng *r) {
    double u = (hs_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
    int lo = 0, hi = n - 1;
    while (lo < hi) { int mid = (lo + hi) / 2; if (cdf[mid] > u) hi = mid; else lo = mid + 1; }
    return lo;
}

static void validate(const hs_net *net, const hs_feature_cache *fc, const hs_dataset *d, const int *val, int nval,
                     int window, int hop, float *p, float *p_logit, int *labels, float *auc, float *macc, float *thr,
                     float *thr_logit) {
    hs_score_records(net, fc, val, nval, window, hop, p, p_logit);
    for (int i = 0; i < nval; i++) labels[i] = d->rec[val[i]].label;
    *auc = (float)hs_auc(labels, p, nval);
    *thr = hs_threshold_best_macc(labels, p, nval);
    *macc = (float)hs_metrics_compute(labels, p, nval, *thr).macc;
    if (p_logit) *thr_logit = hs_threshold_best_macc(labels, p_logit, nval);
}

/* an empty net of net's architecture with its own zeroed parameters: 0 or -1 */
static int net_twin(hs_net *twin, const hs_net *net) {
    twin->in_h = net->in_h; twin->in_w = net->in_w; twin->in_c = net->in_c; twin->n_layers = net->n_layers;
    twin->layers = calloc((size_t)net->n_layers, sizeof *twin->layers);
    if (!twin->layers) return -1;
    for (int i = 0; i < net->n_layers; i++) {
        twin->layers[i] = net->layers[i];
        twin->layers[i].w = twin->layers[i].b = NULL;
        twin->layers[i].gamma = twin->layers[i].beta = twin->layers[i].mean = twin->layers[i].var = NULL;
    }
    return hs_net_alloc_params(twin);
}

int hs_fit(hs_net *net, const hs_feature_cache *fc, const hs_dataset *d, const int *train, int ntrain,
           const int *val, int nval, const hs_train_config *cfg, hs_fit_result *res) {
    memset(res, 0, sizeof *res);
    const double t0 = now_s();
    const int mels = fc->mels, B = cfg->batch;
    const size_t win_sz = (size_t)cfg->window * mels;
    hs_rng rng;
    hs_rng_seed(&rng, cfg->seed);
    hs_net_init_he(net, &rng);
    hs_net best, ema;
    const hs_net *judged = cfg->ema > 0 ? &ema : net; /* the weights validated and kept */
    hs_trainer_net t;
    hs_adversary adv;
    int *sub_of = NULL, *sb = NULL;
    int rc = -1;
    memset(&adv, 0, sizeof adv);
    float *xb = malloc((size_t)B * win_sz * sizeof(float)), *yb = malloc((size_t)B * sizeof(float));
    /* scratch: a stretched crop's source frames; the unmixed batch and its labels for mixup */
    float *scratch = malloc(((size_t)(cfg->window * (1.0f + cfg->aug.stretch_max)) + 2) * mels * sizeof(float));
    float *mix = cfg->mixup > 0 ? malloc(((size_t)B * win_sz + B) * sizeof(float)) : NULL;
    float *pv = malloc(((size_t)nval + 1) * sizeof(float));
    int *lv = malloc(((size_t)nval + 1) * sizeof(int));
    double *cdf = sampling_cdf(d, train, ntrain, cfg->subset_power);
    memset(&best, 0, sizeof best);
    memset(&ema, 0, sizeof ema);
    memset(&t, 0, sizeof t);
    if (!xb || !yb || !scratch || (cfg->mixup > 0 && !mix) || !pv || !lv || !cdf) goto done;
    /* a second net of the same architecture keeps the best parameters, a third the weight average */
    if (net_twin(&best, net) != 0 || (cfg->ema > 0 && net_twin(&ema, net) != 0) || hs_trainer_net_init(&t, net, B) != 0)
        goto done;
    if (cfg->ema > 0) hs_net_copy_params(&ema, net);
    hs_net_copy_params(&best, net);
    if (cfg->adv_lambda > 0) {
        /* the adversary has its own random stream, so switching it on does not move the CNN's draws */
        hs_rng arng;
        hs_rng_seed(&arng, cfg->seed ^ 0xad7e55a7ULL);
        const int g = global_pool_layer(net);
        sub_of = malloc((size_t)ntrain * sizeof *sub_of);
        sb = malloc((size_t)B * sizeof *sb);
        if (g < 0 || !sub_of || !sb) goto done;
        const int nsub = subset_indices(d, train, ntrain, sub_of);
        if (nsub >= 2) {
            if (hs_adversary_init(&adv, net->layers[g].out_c, cfg->adv_hidden > 0 ? cfg->adv_hidden : 32, nsub,
                                  cfg->adv_cond, B, &arng) != 0)
                goto done;
            adv.subset = sb; adv.label = yb;
            t.embed_hook = hs_adversary_hook; t.embed_ctx = &adv; t.embed_layer = g;
        }
    }

    const int per_epoch = cfg->epoch_windows > 0 ? cfg->epoch_windows : ntrain;
    const int steps = (per_epoch + B - 1) / B;
    const int epochs = cfg->epochs < HS_FIT_MAX_EPOCHS ? cfg->epochs : HS_FIT_MAX_EPOCHS;
    float lr = cfg->lr, best_score = -1.0f;
    int since_best = 0, since_lr = 0;
    char what[96];
    for (int e = 0; e < epochs; e++) {
        snprintf(what, sizeof what, "%s epoch %d/%d", cfg->tag, e + 1, epochs);
        hs_progress *prog = hs_progress_start(what, steps);
        double loss_sum = 0.0, adv_sum = 0.0;
        for (int s = 0; s < steps; s++) {
            for (int b = 0; b < B; b++) {
                int k = sample_cdf(cdf, ntrain, &rng), r = train[k];
                hs_crop_window_stretched(fc->x[r], fc->frames[r], mels, cfg->window, &cfg->aug, &rng, scratch,
                                         xb + b * win_sz);
                hs_augment_window(xb + b * win_sz, cfg->window, mels, &cfg->aug, &rng);
                yb[b] = (float)d->rec[r].label;
                if (t.embed_hook) sb[b] = sub_of[k];
            }
            if (cfg->mixup > 0) hs_mixup_batch(xb, yb, B, win_sz, cfg->mixup, &rng, mix);
            const long step = (long)e * steps + s; /* of all the run's steps: for the ramps and schedules */
            if (t.embed_hook) adv.lambda = hs_adversary_ramp(cfg->adv_lambda, (float)step / (float)(epochs * steps));
            if (cfg->lr_cosine) lr = hs_lr_cosine(cfg->lr, step, (long)epochs * steps);
            loss_sum += hs_trainer_net_step(&t, xb, yb, NULL, B, cfg->bn_momentum, &rng);
            hs_trainer_net_adamw(&t, lr, cfg->wd);
            if (cfg->ema > 0) /* warm-up (as TensorFlow's num_updates): short runs average recent weights, not the init */
                hs_net_ema_params(&ema, net, fminf(cfg->ema, (float)(1 + step) / (float)(10 + step)));
            if (t.embed_hook) {
                hs_trainer_net_adamw(&adv.t, lr, cfg->wd);
                adv_sum += adv.last_loss;
                hs_progress_update(prog, s + 1, "loss %.4f adv %.3f lr %.1e", loss_sum / (s + 1), adv_sum / (s + 1), lr);
            } else {
                hs_progress_update(prog, s + 1, "loss %.4f lr %.1e", loss_sum / (s + 1), lr);
            }
        }
        res->train_loss[e] = (float)(loss_sum / steps);
        res->adv_loss[e] = (float)(adv_sum / steps);
        res->epochs_run = e + 1;
        if (nval > 0) {
            float auc, macc, thr;
            validate(judged, fc, d, val, nval, cfg->window, cfg->val_hop, pv, NULL, lv, &auc, &macc, &thr, NULL);
            res->val_auc[e] = auc;
            res->val_macc[e] = macc;
            /* AUC first (smooth), MAcc breaks ties */
            float score = (isnan(auc) ? 0.0f : auc) + 1e-3f * (isnan(macc) ? 0.0f : macc);
            if (score > best_score) {
                best_score = score; res->best_epoch = e + 1; since_best = since_lr = 0;
                hs_net_copy_params(&best, judged);
            } else {
                since_best++; since_lr++;
            }
            hs_progress_end(prog, "loss %.4f val auc %.3f macc %.3f%s", res->train_loss[e], auc, macc,
                            since_best == 0 ? " *" : "");
            if (since_best >= cfg->patience) break;
            if (!cfg->lr_cosine && since_lr >= cfg->lr_patience) { lr *= cfg->lr_factor; since_lr = 0; }
        } else {
            hs_progress_end(prog, "loss %.4f", res->train_loss[e]);
            hs_net_copy_params(&best, judged);
            res->best_epoch = e + 1;
        }
    }
    hs_net_copy_params(net, &best);
    res->threshold = res->threshold_logit = 0.5f;
    if (nval > 0) {
        float auc, macc, *pl = malloc((size_t)nval * sizeof *pl);
        validate(net, fc, d, val, nval, cfg->window, cfg->hop, pv, pl, lv, &auc, &macc, &res->threshold,
                 &res->threshold_logit);
        free(pl);
    }
    rc = 0;
done:
    res->seconds = now_s() - t0;
    hs_trainer_net_free(&t);
    hs_adversary_free(&adv);
    free(sub_of); free(sb);
    hs_net_free(&best);
    hs_net_free(&ema);
    free(xb); free(yb); free(scratch); free(mix); free(pv); free(lv); free(cdf);
    return rc;
}
