/* Training step of an hs_net (see net_train.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "backward.h"
#include "net_train.h"

static size_t act_size(const hs_layer *L) { return (size_t)L->in_h * L->in_w * L->in_c; }
static size_t out_size(const hs_layer *L) { return (size_t)L->out_h * L->out_w * L->out_c; }

static int add_param(hs_trainer_net *t, float *p, size_t n, int decay) {
    int i = t->n_params++;
    t->param[i] = p; t->size[i] = n; t->decay[i] = decay;
    t->grad[i] = calloc(n, sizeof(float));
    t->adam_m[i] = calloc(n, sizeof(float));
    t->adam_v[i] = calloc(n, sizeof(float));
    return (t->grad[i] && t->adam_m[i] && t->adam_v[i]) ? 0 : -1;
}

int hs_trainer_net_init(hs_trainer_net *t, hs_net *net, int max_batch) {
    memset(t, 0, sizeof *t);
    if (hs_net_shapes(net) != 0 || net->n_layers < 1) return -1;
    t->net = net;
    t->max_batch = max_batch;
    t->n_fwd = net->n_layers - (net->layers[net->n_layers - 1].kind == HS_LAYER_SIGMOID);
    int L = net->n_layers;
    t->act = calloc((size_t)L + 1, sizeof *t->act);
    t->dact = calloc((size_t)L + 1, sizeof *t->dact);
    t->aux = calloc((size_t)L, sizeof *t->aux);
    t->param = calloc(2 * (size_t)L, sizeof *t->param);
    t->grad = calloc(2 * (size_t)L, sizeof *t->grad);
    t->adam_m = calloc(2 * (size_t)L, sizeof *t->adam_m);
    t->adam_v = calloc(2 * (size_t)L, sizeof *t->adam_v);
    t->size = calloc(2 * (size_t)L, sizeof *t->size);
    t->decay = calloc(2 * (size_t)L, sizeof *t->decay);
    if (!t->act || !t->dact || !t->aux || !t->param || !t->grad || !t->adam_m || !t->adam_v || !t->size || !t->decay)
        return -1;
    size_t scratch = 0;
    for (int i = 0; i <= t->n_fwd; i++) {
        size_t n = i < t->n_fwd ? act_size(&net->layers[i]) : out_size(&net->layers[i - 1]);
        t->act[i] = malloc((size_t)max_batch * n * sizeof(float));
        t->dact[i] = malloc((size_t)max_batch * n * sizeof(float));
        if (!t->act[i] || !t->dact[i]) return -1;
    }
    for (int i = 0; i < t->n_fwd; i++) {
        hs_layer *Ly = &net->layers[i];
        if (Ly->kind == HS_LAYER_CONV2D) {
            size_t s1 = (size_t)max_batch * hs_conv2d_scratch_floats(Ly);
            size_t s2 = hs_conv2d_backward_scratch_floats(Ly, max_batch);
            if (s1 > scratch) scratch = s1;
            if (s2 > scratch) scratch = s2;
        }
        if (Ly->kind == HS_LAYER_BATCHNORM) t->aux[i] = malloc(2 * (size_t)Ly->in_c * sizeof(float));
        if (Ly->kind == HS_LAYER_DROPOUT) t->aux[i] = malloc((size_t)max_batch * act_size(Ly) * sizeof(float));
        if ((Ly->kind == HS_LAYER_BATCHNORM || Ly->kind == HS_LAYER_DROPOUT) && !t->aux[i]) return -1;
        if (Ly->kind == HS_LAYER_CONV2D || Ly->kind == HS_LAYER_DENSE) {
            if (add_param(t, Ly->w, hs_layer_weight_count(Ly), 1) || add_param(t, Ly->b, hs_layer_bias_count(Ly), 0))
                return -1;
        } else if (Ly->kind == HS_LAYER_BATCHNORM) {
            if (add_param(t, Ly->gamma, (size_t)Ly->in_c, 0) || add_param(t, Ly->beta, (size_t)Ly->in_c, 0)) return -1;
        }
    }
    t->scratch = malloc((scratch ? scratch : 1) * sizeof(float));
    return t->scratch ? 0 : -1;
}

void hs_trainer_net_free(hs_trainer_net *t) {
    if (!t->net) return;
    for (int i = 0; i <= t->n_fwd; i++) { if (t->act) free(t->act[i]); if (t->dact) free(t->dact[i]); }
    for (int i = 0; t->aux && i < t->net->n_layers; i++) free(t->aux[i]);
    for (int i = 0; i < t->n_params; i++) { free(t->grad[i]); free(t->adam_m[i]); free(t->adam_v[i]); }
    free(t->act); free(t->dact); free(t->aux); free(t->param); free(t->grad);
    free(t->adam_m); free(t->adam_v); free(t->size); free(t->decay); free(t->scratch);
    memset(t, 0, sizeof *t);
}

void hs_net_init_he(hs_net *net, hs_rng *rng) {
    for (int i = 0; i < net->n_layers; i++) {
        hs_layer *L = &net->layers[i];
        if (L->kind == HS_LAYER_CONV2D || L->kind == HS_LAYER_DENSE) {
            size_t nw = hs_layer_weight_count(L), fan_in = nw / (size_t)L->units;
            float sd = sqrtf(2.0f / (float)fan_in);
            for (size_t j = 0; j < nw; j++) L->w[j] = sd * hs_rng_normal(rng);
            memset(L->b, 0, (size_t)L->units * sizeof(float));
        } else if (L->kind == HS_LAYER_BATCHNORM) {
            for (int c = 0; c < L->in_c; c++) { L->gamma[c] = 1; L->beta[c] = 0; L->mean[c] = 0; L->var[c] = 1; }
        }
    }
}

float hs_trainer_net_step(hs_trainer_net *t, const float *x, const float *y, const float *w, int N,
                          float bn_momentum, hs_rng *rng) {
    hs_net *net = t->net;
    memcpy(t->act[0], x, (size_t)N * act_size(&net->layers[0]) * sizeof(float));
    for (int i = 0; i < t->n_fwd; i++) {
        hs_layer *L = &net->layers[i];
        const float *in = t->act[i];
        float *out = t->act[i + 1];
        switch (L->kind) {
        case HS_LAYER_CONV2D: hs_conv2d_forward_batch(L, in, out, N, t->scratch); break;
        case HS_LAYER_BATCHNORM:
            hs_batchnorm_forward_train(L, in, out, N, bn_momentum, t->aux[i], t->aux[i] + L->in_c);
            break;
        case HS_LAYER_DROPOUT:
            hs_dropout_forward_train(L->rate, in, out, t->aux[i], (size_t)N * act_size(L), rng);
            break;
        default: hs_layer_forward(L, in, out, N, t->scratch); break;
        }
    }
    for (int i = 0; i <= t->n_fwd; i++) {
        size_t n = i < t->n_fwd ? act_size(&net->layers[i]) : out_size(&net->layers[i - 1]);
        memset(t->dact[i], 0, (size_t)N * n * sizeof(float));
    }
    for (int p = 0; p < t->n_params; p++) memset(t->grad[p], 0, t->size[p] * sizeof(float));
    float loss = hs_bce_logits(t->act[t->n_fwd], y, w, N, t->dact[t->n_fwd]);
    if (t->embed_hook && t->embed_layer >= 0 && t->embed_layer < t->n_fwd)
        t->embed_hook(t->embed_ctx, t->act[t->embed_layer + 1], t->dact[t->embed_layer + 1], N);
    int p = t->n_params;
    for (int i = t->n_fwd - 1; i >= 0; i--) {
        hs_layer *L = &net->layers[i];
        const float *in = t->act[i], *out = t->act[i + 1], *dout = t->dact[i + 1];
        float *din = i > 0 ? t->dact[i] : NULL; /* the input needs no gradient */
        size_t n_in = (size_t)N * act_size(L);
        switch (L->kind) {
        case HS_LAYER_CONV2D:
            p -= 2;
            hs_conv2d_backward(L, in, dout, din, t->grad[p], t->grad[p + 1], N, t->scratch);
            break;
        case HS_LAYER_DENSE:
            p -= 2;
            hs_dense_backward(L, in, dout, din, t->grad[p], t->grad[p + 1], N);
            break;
        case HS_LAYER_BATCHNORM:
            p -= 2;
            hs_batchnorm_backward(L, in, dout, din, t->grad[p], t->grad[p + 1], N, t->aux[i], t->aux[i] + L->in_c);
            break;
        default:
            if (!din) break;
            switch (L->kind) {
            case HS_LAYER_RELU: hs_relu_backward(out, dout, din, n_in); break;
            case HS_LAYER_MAXPOOL: hs_maxpool_backward(L, in, dout, din, N); break;
            case HS_LAYER_AVGPOOL: hs_avgpool_backward(L, dout, din, N); break;
            case HS_LAYER_GLOBAL_AVGPOOL: hs_global_avgpool_backward(L, dout, din, N); break;
            case HS_LAYER_DROPOUT: hs_dropout_backward(t->aux[i], dout, din, n_in); break;
            case HS_LAYER_SIGMOID: hs_sigmoid_backward(out, dout, din, n_in); break;
            default: break;
            }
        }
    }
    return loss;
}

void hs_trainer_net_adamw(hs_trainer_net *t, float lr, float wd) {
    const float b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
    t->step++;
    const float c1 = 1.0f - powf(b1, (float)t->step), c2 = 1.0f - powf(b2, (float)t->step);
    for (int i = 0; i < t->n_params; i++) {
        float *p = t->param[i], *g = t->grad[i], *m = t->adam_m[i], *v = t->adam_v[i];
        const float d = t->decay[i] ? wd : 0.0f;
        for (size_t j = 0; j < t->size[i]; j++) {
            m[j] = b1 * m[j] + (1 - b1) * g[j];
            v[j] = b2 * v[j] + (1 - b2) * g[j] * g[j];
            p[j] -= lr * ((m[j] / c1) / (sqrtf(v[j] / c2) + eps) + d * p[j]);
        }
    }
}

size_t hs_net_forward_gemm_work_floats(const hs_net *net, int N) {
    size_t scratch = 1;
    for (int i = 0; i < net->n_layers; i++)
        if (net->layers[i].kind == HS_LAYER_CONV2D) {
            size_t s = hs_conv2d_backward_scratch_floats(&net->layers[i], N);
            if (s > scratch) scratch = s;
        }
    return 2 * (size_t)N * hs_net_max_activation(net) + scratch;
}

void hs_net_forward_gemm(const hs_net *net, const float *in, int N, float *out, float *work) {
    hs_net_forward_with(net, in, N, out, work, hs_conv2d_forward_batch);
}

void hs_net_copy_params(hs_net *dst, const hs_net *src) {
    for (int i = 0; i < src->n_layers && i < dst->n_layers; i++) {
        const hs_layer *s = &src->layers[i];
        hs_layer *d = &dst->layers[i];
        size_t nw = hs_layer_weight_count(s), nb = hs_layer_bias_count(s);
        if (s->w) memcpy(d->w, s->w, nw * sizeof(float));
        if (s->b) memcpy(d->b, s->b, nb * sizeof(float));
        if (s->gamma) {
            memcpy(d->gamma, s->gamma, nb * sizeof(float)); memcpy(d->beta, s->beta, nb * sizeof(float));
            memcpy(d->mean, s->mean, nb * sizeof(float)); memcpy(d->var, s->var, nb * sizeof(float));
        }
    }
}

static void ema_array(float *d, const float *s, size_t n, float decay) {
    for (size_t k = 0; k < n; k++) d[k] = decay * d[k] + (1.0f - decay) * s[k];
}

void hs_net_ema_params(hs_net *dst, const hs_net *src, float decay) {
    for (int i = 0; i < src->n_layers && i < dst->n_layers; i++) {
        const hs_layer *s = &src->layers[i];
        hs_layer *d = &dst->layers[i];
        size_t nw = hs_layer_weight_count(s), nb = hs_layer_bias_count(s);
        if (s->w) ema_array(d->w, s->w, nw, decay);
        if (s->b) ema_array(d->b, s->b, nb, decay);
        if (s->gamma) {
            ema_array(d->gamma, s->gamma, nb, decay); ema_array(d->beta, s->beta, nb, decay);
            ema_array(d->mean, s->mean, nb, decay); ema_array(d->var, s->var, nb, decay);
        }
    }
}
