/* XNNPACK operator-API runtime of the int8 trunk (qs8 convs with per-channel qc8w weights); the float head
 * is the shared C code of qnet.c. Operator API rather than subgraph: the trunk is a plain chain, and owning
 * the buffers lets us allocate everything once and expose the int8 output to tests.
 * Every conv runs as one XNNPACK GEMM over im2col patches (see use_patches); the s8 max-pools run as our own
 * loop (q8_maxpool.h), and a max-pool right before a conv writes straight into that conv's padded image. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "xnn_runtime.h"
#include "q8_maxpool.h"

#ifdef HS_HAVE_XNNPACK
#include <xnnpack.h>

#define HS_XNN_ALIGN 64 /* workspace alignment: XNNPACK asks for at most 64 bytes (AVX-512) */
#define HS_XNN_SLACK 16 /* bytes after pad and patches that gather_image may overrun into */

struct hs_xnn_runtime {
    const hs_qnet *q;
    int max_batch, batch;    /* batch: size the operators are currently reshaped for (0 = none) */
    xnn_operator_t *ops;     /* one per trunk op; NULL for the max-pools (ours) */
    int8_t *act[2];          /* ping-pong activations, max_batch samples + XNN_EXTRA_BYTES */
    const int8_t *trunk_out; /* last run's trunk output (one of act[] or act[0] with no ops) */
    int8_t *patches, *pad;   /* im2col buffers of the convs run as 1x1 (see use_patches) */
    void *workspace_raw, *workspace; /* workspace: workspace_raw aligned as the operators ask */
    size_t workspace_size;
    float *head_work;
};

int hs_xnn_available(void) {
    return xnn_initialize(NULL) == xnn_status_success;
}

/* XNNPACK's igemm (a conv through an indirection buffer) pays per tap and output row for pointer loads and
 * a short inner loop (9 taps x 16-32 channels here), and pads a single-channel conv's channel dimension
 * to 8-16. Gathering the kh x kw x C patches first (im2col, padding = the input zero point) turns a conv
 * into a 1x1 conv = one plain GEMM over K = kh*kw*C contiguous bytes: measured in WASM (cnn-v2, batches of
 * 8) 0.22 -> 0.18-0.19 ms per window, the copy included. The integer sums are the same, so the outputs stay
 * bit-identical. A conv that already is 1x1, stride 1, unpadded needs no patches. */
static int use_patches(const hs_qop *op) {
    return op->kind == HS_QOP_CONV2D &&
           !(op->kh == 1 && op->kw == 1 && op->sh == 1 && op->sw == 1 && op->ph == 0 && op->pw == 0);
}

static size_t patch_bytes(const hs_qop *op) {
    return (size_t)op->out_h * op->out_w * op->kh * op->kw * op->in_c;
}

static size_t padded_bytes(const hs_qop *op) {
    return (size_t)(op->in_h + 2 * op->ph) * (op->in_w + 2 * op->pw) * op->in_c;
}

/* One sample's patches from its padded image: per output pixel, kh rows of `row` (= kw*C) contiguous bytes.
 * Each row is copied as `cw` >= row bytes, a constant after inlining (plain loads and stores, no memcpy
 * call): the cw - row bytes too many land where the next row or pixel is written next (hence the pixel-major
 * order) or in the slack after the buffers (pad and patches carry HS_XNN_SLACK extra bytes). */
static inline void gather_image(const hs_qop *op, const int8_t *pad, int row, int cw, int8_t *out) {
    const int C = op->in_c;
    const size_t pitch = (size_t)(op->in_w + 2 * op->pw) * C;
    for (int oy = 0; oy < op->out_h; oy++) {
        const int8_t *src = pad + (size_t)oy * op->sh * pitch;
        for (int ox = 0; ox < op->out_w; ox++, src += (size_t)op->sw * C)
            for (int dy = 0; dy < op->kh; dy++, out += row) memcpy(out, src + dy * pitch, (size_t)cw);
    }
}

/* n bytes in 16-byte pieces of constant size (inlined loads and stores: in WASM a memcpy call per short row
 * of the first layer cost more than the copy), then the rest. */
static inline void copy_row(int8_t *dst, const int8_t *src, size_t n) {
    size_t j = 0;
    for (; j + 16 <= n; j += 16) memcpy(dst + j, src + j, 16);
    for (; j < n; j++) dst[j] = src[j];
}

/* Patches of N samples -- sample n at img[n], or at batch + n * (its input size) when img is NULL, or, with
 * a pool, that pool applied to sample n of batch. Each is first written into a zero-point-filled padded
 * image (pad: its border is never overwritten), so the gather itself is branch-free. */
static void gather_patches(const hs_qop *op, const hs_qop *pool, const int8_t *const *img, const int8_t *batch,
                           int N, int8_t *pad, int8_t *out) {
    const int C = op->in_c, row = op->kw * C;
    const size_t pitch = (size_t)(op->in_w + 2 * op->pw) * C;
    const size_t in_sz = pool ? (size_t)pool->in_h * pool->in_w * pool->in_c : (size_t)op->in_h * op->in_w * C;
    int8_t *interior = pad + op->ph * pitch + (size_t)op->pw * C;
    memset(pad, op->in.zero_point, padded_bytes(op));
    for (int n = 0; n < N; n++, out += patch_bytes(op)) {
        const int8_t *src = img ? img[n] : batch + n * in_sz;
        if (pool)
            hs_q8_maxpool_run(pool, src, interior, pitch);
        else
            for (int y = 0; y < op->in_h; y++)
                copy_row(interior + y * pitch, src + (size_t)y * op->in_w * C, (size_t)op->in_w * C);
        switch (row) { /* the CNN's rows: 3x3 kernels over 1 (first layer), 8, 16 and 32 channels */
        case 3: gather_image(op, pad, 3, 4, out); break;
        case 5: gather_image(op, pad, 5, 8, out); break;
        case 24: gather_image(op, pad, 24, 24, out); break;
        case 48: gather_image(op, pad, 48, 48, out); break;
        case 96: gather_image(op, pad, 96, 96, out); break;
        default: gather_image(op, pad, row, row, out); break;
        }
    }
}

static xnn_operator_t create_op(const hs_qop *op, enum xnn_status *xs) {
    xnn_operator_t o = NULL;
    if (use_patches(op)) {
        /* weights (K,KH,KW,C) are already laid out as (K,1,1,KH*KW*C) */
        const size_t kk = (size_t)op->kh * op->kw * op->in_c;
        *xs = xnn_create_convolution2d_nhwc_qs8_qc8w(
            0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, kk, op->out_c, kk, op->out_c,
            (int8_t)op->in.zero_point, op->in.scale, op->w_scale, op->w, op->b,
            (int8_t)op->out.zero_point, op->out.scale, (int8_t)(op->relu ? op->out.zero_point : -128), 127,
            0, NULL, NULL, &o);
    } else if (op->kind == HS_QOP_CONV2D) {
        *xs = xnn_create_convolution2d_nhwc_qs8_qc8w(
            op->ph, op->pw, op->ph, op->pw, op->kh, op->kw, op->sh, op->sw, 1, 1,
            1, op->in_c, op->out_c, op->in_c, op->out_c,
            (int8_t)op->in.zero_point, op->in.scale, op->w_scale, op->w, op->b,
            (int8_t)op->out.zero_point, op->out.scale, (int8_t)(op->relu ? op->out.zero_point : -128), 127,
            0, NULL, NULL, &o);
    } else {
        *xs = xnn_status_invalid_parameter; /* max-pools run in q8_maxpool.c */
    }
    return *xs == xnn_status_success ? o : NULL;
}

/* Reshape every operator for N samples; grows the shared workspace if an operator needs more. */
static hs_status reshape(hs_xnn_runtime *rt, int N) {
    if (rt->batch == N) return HS_OK;
    size_t need = 0;
    for (int i = 0; i < rt->q->n_ops; i++) {
        const hs_qop *op = &rt->q->ops[i];
        size_t oh = 0, ow = 0, ws = 0, wa = 0;
        enum xnn_status xs;
        if (!rt->ops[i]) continue; /* our own loop: nothing to reshape */
        if (use_patches(op))
            xs = xnn_reshape_convolution2d_nhwc_qs8_qc8w(rt->ops[i], N, op->out_h, op->out_w, &ws, &wa, &oh, &ow, NULL);
        else if (op->kind == HS_QOP_CONV2D)
            xs = xnn_reshape_convolution2d_nhwc_qs8_qc8w(rt->ops[i], N, op->in_h, op->in_w, &ws, &wa, &oh, &ow, NULL);
        else
            xs = xnn_status_invalid_parameter;
        if (xs != xnn_status_success || (int)oh != op->out_h || (int)ow != op->out_w) return HS_ERR_BACKEND;
        if (wa > HS_XNN_ALIGN) return HS_ERR_BACKEND;
        if (ws > need) need = ws;
    }
    if (need > rt->workspace_size) {
        free(rt->workspace_raw);
        rt->workspace_raw = malloc(need + HS_XNN_ALIGN);
        rt->workspace_size = rt->workspace_raw ? need : 0;
        if (!rt->workspace_raw) return HS_ERR_NOMEM;
        uintptr_t a = (uintptr_t)rt->workspace_raw + HS_XNN_ALIGN - 1;
        rt->workspace = (void *)(a - a % HS_XNN_ALIGN);
    }
    rt->batch = N;
    return HS_OK;
}

hs_xnn_runtime *hs_xnn_runtime_create(const hs_qnet *q, int max_batch, hs_status *st) {
    hs_status s = HS_OK;
    hs_xnn_runtime *rt = NULL;
    if (!q || max_batch < 1 || max_batch > 4096) { s = HS_ERR_ARG; goto done; }
    if (xnn_initialize(NULL) != xnn_status_success) { s = HS_ERR_BACKEND; goto done; }
    rt = calloc(1, sizeof *rt);
    if (!rt) { s = HS_ERR_NOMEM; goto done; }
    rt->q = q;
    rt->max_batch = max_batch;
    const size_t act = (size_t)max_batch * hs_qnet_max_activation(q) + XNN_EXTRA_BYTES;
    rt->act[0] = malloc(act);
    rt->act[1] = malloc(act);
    rt->head_work = malloc(hs_qnet_head_work_floats(q, max_batch) * sizeof(float));
    rt->ops = calloc(q->n_ops > 0 ? (size_t)q->n_ops : 1, sizeof *rt->ops);
    size_t patches = 0, pad = 0;
    for (int i = 0; i < q->n_ops; i++)
        if (use_patches(&q->ops[i])) {
            if (patch_bytes(&q->ops[i]) > patches) patches = patch_bytes(&q->ops[i]);
            if (padded_bytes(&q->ops[i]) > pad) pad = padded_bytes(&q->ops[i]);
        }
    rt->patches = malloc((size_t)max_batch * patches + XNN_EXTRA_BYTES + HS_XNN_SLACK);
    rt->pad = malloc(pad + HS_XNN_SLACK);
    if (!rt->act[0] || !rt->act[1] || !rt->head_work || !rt->ops || !rt->patches || !rt->pad) {
        s = HS_ERR_NOMEM;
        goto done;
    }
    for (int i = 0; i < q->n_ops; i++) {
        enum xnn_status xs;
        if (q->ops[i].kind == HS_QOP_MAXPOOL) continue;
        rt->ops[i] = create_op(&q->ops[i], &xs);
        if (!rt->ops[i]) { s = xs == xnn_status_out_of_memory ? HS_ERR_NOMEM : HS_ERR_BACKEND; goto done; }
    }
    /* size the workspace for the largest batch now, so runs do not allocate */
    s = reshape(rt, max_batch);
done:
    if (s != HS_OK) { hs_xnn_runtime_destroy(rt); rt = NULL; }
    if (st) *st = s;
    return rt;
}

void hs_xnn_runtime_destroy(hs_xnn_runtime *rt) {
    if (!rt) return;
    for (int i = 0; rt->ops && i < rt->q->n_ops; i++)
        if (rt->ops[i]) xnn_delete_operator(rt->ops[i]);
    free(rt->ops);
    free(rt->act[0]); free(rt->act[1]); free(rt->patches); free(rt->pad);
    free(rt->workspace_raw);
    free(rt->head_work);
    free(rt);
}

int hs_xnn_runtime_max_batch(const hs_xnn_runtime *rt) { return rt ? rt->max_batch : 0; }

/* The trunk and head on N int8 inputs img[n], or on the batch already in act[0] when img is NULL. */
static hs_status run_trunk(hs_xnn_runtime *rt, const int8_t *const *img, int N, float *p) {
    const hs_qnet *q = rt->q;
    hs_status s = reshape(rt, N);
    if (s != HS_OK) return s;
    const size_t in_sz = (size_t)q->in_h * q->in_w * q->in_c;
    int8_t *cur = rt->act[0], *next = rt->act[1];
    /* a first conv on patches gathers straight from the inputs; anything else needs them contiguous */
    if (img && !(q->n_ops > 0 && use_patches(&q->ops[0])))
        for (int n = 0; n < N; n++) memcpy(cur + n * in_sz, img[n], in_sz);
    const hs_qop *pool = NULL; /* a max-pool left for the next conv's gather */
    for (int i = 0; i < q->n_ops; i++) {
        const hs_qop *op = &q->ops[i];
        if (op->kind == HS_QOP_MAXPOOL) {
            if (i + 1 < q->n_ops && use_patches(&q->ops[i + 1])) { pool = op; continue; } /* cur stays its input */
            const size_t op_in = (size_t)op->in_h * op->in_w * op->in_c;
            const size_t op_out = (size_t)op->out_h * op->out_w * op->out_c;
            for (int n = 0; n < N; n++) hs_q8_maxpool_run(op, cur + n * op_in, next + n * op_out, 0);
        } else {
            enum xnn_status xs;
            if (use_patches(op)) {
                gather_patches(op, pool, i == 0 ? img : NULL, cur, N, rt->pad, rt->patches);
                xs = xnn_setup_convolution2d_nhwc_qs8_qc8w(rt->ops[i], rt->workspace, rt->patches, next);
            } else {
                xs = xnn_setup_convolution2d_nhwc_qs8_qc8w(rt->ops[i], rt->workspace, cur, next);
            }
            if (xs == xnn_status_success) xs = xnn_run_operator(rt->ops[i], NULL);
            if (xs != xnn_status_success) return HS_ERR_BACKEND;
            pool = NULL;
        }
        int8_t *t = cur; cur = next; next = t;
    }
    rt->trunk_out = cur;
    hs_qnet_head_forward(q, cur, N, p, rt->head_work);
    return HS_OK;
}

hs_status hs_xnn_runtime_run(hs_xnn_runtime *rt, const float *x, int N, float *p) {
    if (!rt || !x || !p || N < 1 || N > rt->max_batch) return HS_ERR_ARG;
    const hs_qnet *q = rt->q;
    hs_quantize_f32(&q->input, x, (size_t)N * q->in_h * q->in_w * q->in_c, rt->act[0]);
    return run_trunk(rt, NULL, N, p);
}

hs_status hs_xnn_runtime_run_q8(hs_xnn_runtime *rt, const int8_t *const *x, int N, float *p) {
    if (!rt || !x || !p || N < 1 || N > rt->max_batch) return HS_ERR_ARG;
    for (int n = 0; n < N; n++)
        if (!x[n]) return HS_ERR_ARG;
    return run_trunk(rt, x, N, p);
}

const int8_t *hs_xnn_runtime_trunk_output(const hs_xnn_runtime *rt) { return rt ? rt->trunk_out : NULL; }

#else /* built without XNNPACK */

int hs_xnn_available(void) { return 0; }
hs_xnn_runtime *hs_xnn_runtime_create(const hs_qnet *q, int max_batch, hs_status *st) {
    (void)q; (void)max_batch;
    if (st) *st = HS_ERR_UNSUPPORTED;
    return NULL;
}
void hs_xnn_runtime_destroy(hs_xnn_runtime *rt) { (void)rt; }
int hs_xnn_runtime_max_batch(const hs_xnn_runtime *rt) { (void)rt; return 0; }
hs_status hs_xnn_runtime_run(hs_xnn_runtime *rt, const float *x, int N, float *p) {
    (void)rt; (void)x; (void)N; (void)p;
    return HS_ERR_UNSUPPORTED;
}
hs_status hs_xnn_runtime_run_q8(hs_xnn_runtime *rt, const int8_t *const *x, int N, float *p) {
    (void)rt; (void)x; (void)N; (void)p;
    return HS_ERR_UNSUPPORTED;
}
const int8_t *hs_xnn_runtime_trunk_output(const hs_xnn_runtime *rt) { (void)rt; return NULL; }

#endif
