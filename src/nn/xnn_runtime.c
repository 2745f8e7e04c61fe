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
    xnn_operator_t shared;   /* the first conv again, for hop-spaced windows (see shared_plan); or NULL */
    size_t shared_rows;      /* output rows it is reshaped for (0 = none) */
    int8_t *upad;            /* padded input rows of the windows' union, grown as needed */
    size_t upad_cap;
    const int8_t **winptr;   /* max_batch window pointers: the strided run's fallback */
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
static inline void gather_image(const hs_qop *op, const int8_t *pad, int rows, int row, int cw, int8_t *out) {
    const int C = op->in_c;
    const size_t pitch = (size_t)(op->in_w + 2 * op->pw) * C;
    for (int oy = 0; oy < rows; oy++) {
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

/* Patches of `rows` output rows from a padded image (whose pitch is that of op's padded input). */
static void gather_rows(const hs_qop *op, const int8_t *pad, int rows, int8_t *out) {
    switch (op->kw * op->in_c) { /* the CNN's rows: 3x3 kernels over 1 (first layer), 8, 16 and 32 channels */
    case 3: gather_image(op, pad, rows, 3, 4, out); break;
    case 5: gather_image(op, pad, rows, 5, 8, out); break;
    case 24: gather_image(op, pad, rows, 24, 24, out); break;
    case 48: gather_image(op, pad, rows, 48, 48, out); break;
    case 96: gather_image(op, pad, rows, 96, 96, out); break;
    default: gather_image(op, pad, rows, op->kw * op->in_c, op->kw * op->in_c, out); break;
    }
}

/* Patches of N samples -- sample n at img[n], or at batch + n * (its input size) when img is NULL, or, with
 * a pool, that pool applied to sample n of batch. Each is first written into a zero-point-filled padded
 * image (pad: its border is never overwritten), so the gather itself is branch-free. */
static void gather_patches(const hs_qop *op, const hs_qop *pool, const int8_t *const *img, const int8_t *batch,
                           int N, int8_t *pad, int8_t *out) {
    const int C = op->in_c;
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
        gather_rows(op, pad, op->out_h, out);
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

/* The shared workspace holds at least need bytes (the operators are set up with it at every run). */
static hs_status grow_workspace(hs_xnn_runtime *rt, size_t need) {
    if (need <= rt->workspace_size) return HS_OK;
    free(rt->workspace_raw);
    rt->workspace_raw = malloc(need + HS_XNN_ALIGN);
    rt->workspace_size = rt->workspace_raw ? need : 0;
    if (!rt->workspace_raw) return HS_ERR_NOMEM;
    uintptr_t a = (uintptr_t)rt->workspace_raw + HS_XNN_ALIGN - 1;
    rt->workspace = (void *)(a - a % HS_XNN_ALIGN);
    return HS_OK;
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
    hs_status s = grow_workspace(rt, need);
    if (s == HS_OK) rt->batch = N;
    return s;
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
    rt->winptr = malloc((size_t)max_batch * sizeof *rt->winptr);
    if (!rt->act[0] || !rt->act[1] || !rt->head_work || !rt->ops || !rt->patches || !rt->pad || !rt->winptr) {
        s = HS_ERR_NOMEM;
        goto done;
    }
    for (int i = 0; i < q->n_ops; i++) {
        enum xnn_status xs;
        if (q->ops[i].kind == HS_QOP_MAXPOOL) continue;
        rt->ops[i] = create_op(&q->ops[i], &xs);
        if (!rt->ops[i]) { s = xs == xnn_status_out_of_memory ? HS_ERR_NOMEM : HS_ERR_BACKEND; goto done; }
    }
    if (q->n_ops > 0 && use_patches(&q->ops[0])) {
        enum xnn_status xs;
        rt->shared = create_op(&q->ops[0], &xs);
        if (!rt->shared) { s = xs == xnn_status_out_of_memory ? HS_ERR_NOMEM : HS_ERR_BACKEND; goto done; }
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
    if (rt->shared) xnn_delete_operator(rt->shared);
    free(rt->ops); free(rt->upad); free(rt->winptr);
    free(rt->act[0]); free(rt->act[1]); free(rt->patches); free(rt->pad);
    free(rt->workspace_raw);
    free(rt->head_work);
    free(rt);
}

int hs_xnn_runtime_max_batch(const hs_xnn_runtime *rt) { return rt ? rt->max_batch : 0; }

/* Hop-spaced windows (window n = rows [n*hop, n*hop + in_h) of one buffer) share the first conv: with hop a
 * multiple of its row stride sh, window n's output row r is output row n*hop/sh + r of the whole buffer, unless
 * its taps reach into the window's padding (rows outside [lo, hi]). So the first conv runs once over the
 * union of the windows' interior rows, plus each window's few edge rows gathered from that window alone, as
 * one GEMM. Each output is the same integer sum as per window, so the results stay bit-identical. cnn-v3 (hop
 * 50 frames, sh 2, pad 1), 8 windows: 274 union + 8 edge rows instead of 800. */
typedef struct { int lo, hi, step, n_union, n_edge, rows; } shared_plan;

static int plan_shared(const hs_qop *op, int hop, int N, shared_plan *sp) {
    if (N < 2 || hop <= 0 || hop % op->sh) return 0;
    const int last = op->in_h - op->kh + op->ph; /* hi = largest r with r*sh - ph + kh - 1 <= in_h - 1 */
    if (last < 0) return 0;
    sp->lo = (op->ph + op->sh - 1) / op->sh;   /* smallest r with r*sh - ph >= 0 */
    sp->hi = last / op->sh < op->out_h - 1 ? last / op->sh : op->out_h - 1;
    sp->step = hop / op->sh;
    if (sp->lo > sp->hi || sp->step > sp->hi - sp->lo) return 0; /* windows must overlap for any gain */
    sp->n_edge = op->out_h - (sp->hi - sp->lo + 1);
    sp->n_union = (N - 1) * sp->step + sp->hi - sp->lo + 1;
    sp->rows = sp->n_union + N * sp->n_edge;
    return sp->rows < N * op->out_h; /* less work, and the patches and activation buffers suffice */
}

/* The first conv (op 0) of N hop-spaced windows at base, per sp: one GEMM into gemm_out, then each window's
 * rows are copied to out as (N, out_h, out_w, out_c), exactly what the per-window conv writes. */
static hs_status shared_first_conv(hs_xnn_runtime *rt, const int8_t *base, int hop, int N, const shared_plan *sp,
                                   int8_t *gemm_out, int8_t *out) {
    const hs_qop *op = &rt->q->ops[0];
    const int C = op->in_c;
    const int8_t zp = (int8_t)op->in.zero_point;
    const size_t in_row = (size_t)op->in_w * C, pitch = (size_t)(op->in_w + 2 * op->pw) * C;
    const size_t patch_row = (size_t)op->out_w * op->kh * op->kw * C, out_row = (size_t)op->out_w * op->out_c;
    /* the union's input rows (window 0's row lo*sh - ph on; all inside the buffer), padded left and right */
    const size_t first = (size_t)(sp->lo * op->sh - op->ph), frames = (size_t)(sp->n_union - 1) * op->sh + op->kh;
    if (frames * pitch + HS_XNN_SLACK > rt->upad_cap) {
        int8_t *u = realloc(rt->upad, frames * pitch + HS_XNN_SLACK);
        if (!u) return HS_ERR_NOMEM;
        rt->upad = u; rt->upad_cap = frames * pitch + HS_XNN_SLACK;
    }
    memset(rt->upad, zp, frames * pitch);
    for (size_t y = 0; y < frames; y++)
        copy_row(rt->upad + y * pitch + (size_t)op->pw * C, base + (first + y) * in_row, in_row);
    gather_rows(op, rt->upad, sp->n_union, rt->patches);
    /* each window's edge rows from a kh-row strip padded as that window alone */
    int8_t *pt = rt->patches + (size_t)sp->n_union * patch_row;
    for (int n = 0; n < N; n++)
        for (int r = 0; r < op->out_h; r++) {
            if (r >= sp->lo && r <= sp->hi) continue;
            memset(rt->pad, zp, (size_t)op->kh * pitch);
            for (int dy = 0; dy < op->kh; dy++) {
                const int y = r * op->sh - op->ph + dy;
                if (y >= 0 && y < op->in_h)
                    copy_row(rt->pad + dy * pitch + (size_t)op->pw * C, base + ((size_t)n * hop + y) * in_row, in_row);
            }
            gather_rows(op, rt->pad, 1, pt);
            pt += patch_row;
        }
    enum xnn_status xs = xnn_status_success;
    if (rt->shared_rows != (size_t)sp->rows) { /* a 1x1 conv: any (rows, out_w) image of patches */
        size_t oh = 0, ow = 0, ws = 0, wa = 0;
        rt->shared_rows = 0;
        xs = xnn_reshape_convolution2d_nhwc_qs8_qc8w(rt->shared, 1, sp->rows, op->out_w, &ws, &wa, &oh, &ow, NULL);
        if (xs != xnn_status_success || (int)oh != sp->rows || (int)ow != op->out_w || wa > HS_XNN_ALIGN)
            return HS_ERR_BACKEND;
        hs_status s = grow_workspace(rt, ws);
        if (s != HS_OK) return s;
        rt->shared_rows = (size_t)sp->rows;
    }
    xs = xnn_setup_convolution2d_nhwc_qs8_qc8w(rt->shared, rt->workspace, rt->patches, gemm_out);
    if (xs == xnn_status_success) xs = xnn_run_operator(rt->shared, NULL);
    if (xs != xnn_status_success) return HS_ERR_BACKEND;
    for (int n = 0; n < N; n++)
        for (int r = 0; r < op->out_h; r++) {
            const int src = r >= sp->lo && r <= sp->hi ? n * sp->step + r - sp->lo
                            : sp->n_union + n * sp->n_edge + (r < sp->lo ? r : sp->lo + r - sp->hi - 1);
            memcpy(out + ((size_t)n * op->out_h + r) * out_row, gemm_out + (size_t)src * out_row, out_row);
        }
    return HS_OK;
}

/* The trunk and head on N int8 inputs img[n], or on the batch already in act[0] when img is NULL, or, with
 * sp, on the N hop-spaced windows at base (shared_first_conv). */
static hs_status run_trunk(hs_xnn_runtime *rt, const int8_t *const *img, int N, float *p, const int8_t *base,
                           int hop, const shared_plan *sp) {
    const hs_qnet *q = rt->q;
    hs_status s = reshape(rt, N);
    if (s != HS_OK) return s;
    const size_t in_sz = (size_t)q->in_h * q->in_w * q->in_c;
    int8_t *cur = rt->act[0], *next = rt->act[1];
    /* a first conv on patches gathers straight from the inputs; anything else needs them contiguous */
    if (img && !(q->n_ops > 0 && use_patches(&q->ops[0])))
        for (int n = 0; n < N; n++) memcpy(cur + n * in_sz, img[n], in_sz);
    int i0 = 0;
    if (sp) {
        if ((s = shared_first_conv(rt, base, hop, N, sp, cur, next)) != HS_OK) return s;
        int8_t *t = cur; cur = next; next = t;
        i0 = 1;
    }
    const hs_qop *pool = NULL; /* a max-pool left for the next conv's gather */
    for (int i = i0; i < q->n_ops; i++) {
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
    return run_trunk(rt, NULL, N, p, NULL, 0, NULL);
}

hs_status hs_xnn_runtime_run_q8(hs_xnn_runtime *rt, const int8_t *const *x, int N, float *p) {
    if (!rt || !x || !p || N < 1 || N > rt->max_batch) return HS_ERR_ARG;
    for (int n = 0; n < N; n++)
        if (!x[n]) return HS_ERR_ARG;
    return run_trunk(rt, x, N, p, NULL, 0, NULL);
}

hs_status hs_xnn_runtime_run_q8_strided(hs_xnn_runtime *rt, const int8_t *base, int hop_frames, int N, float *p) {
    if (!rt || !base || !p || N < 1 || N > rt->max_batch || hop_frames < 0) return HS_ERR_ARG;
    const hs_qnet *q = rt->q;
    shared_plan sp;
    if (rt->shared && plan_shared(&q->ops[0], hop_frames, N, &sp)) return run_trunk(rt, NULL, N, p, base, hop_frames, &sp);
    const size_t hop_sz = (size_t)hop_frames * q->in_w * q->in_c;
    for (int n = 0; n < N; n++) rt->winptr[n] = base + n * hop_sz;
    return run_trunk(rt, rt->winptr, N, p, NULL, 0, NULL);
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
hs_status hs_xnn_runtime_run_q8_strided(hs_xnn_runtime *rt, const int8_t *base, int hop_frames, int N, float *p) {
    (void)rt; (void)base; (void)hop_frames; (void)N; (void)p;
    return HS_ERR_UNSUPPORTED;
}
const int8_t *hs_xnn_runtime_trunk_output(const hs_xnn_runtime *rt) { (void)rt; return NULL; }

#endif
