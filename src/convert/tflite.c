/* TFLite schema field numbers used here (tensorflow/lite/schema/schema.fbs):
 *   Model: 1 operator_codes, 2 subgraphs, 4 buffers      OperatorCode: 0 deprecated_builtin_code, 3 builtin_code
 *   SubGraph: 0 tensors, 1 inputs, 2 outputs, 3 operators
 *   Tensor: 0 shape, 1 type, 2 buffer, 3 name, 4 quantization   Buffer: 0 data
 *   QuantizationParameters: 2 scale, 3 zero_point, 6 quantized_dimension
 *   Operator: 0 opcode_index, 1 inputs, 2 outputs, 4 builtin_options
 *   Conv2DOptions: 0 padding, 1 stride_w, 2 stride_h, 3 act, 4 dilation_w, 5 dilation_h
 *   DepthwiseConv2DOptions: 0 padding, 1 stride_w, 2 stride_h, 3 depth_multiplier, 4 act, 5/6 dilation
 *   FullyConnectedOptions: 0 act */
#include "convert/tflite.h"
#include <stdlib.h>
#include <string.h>
#include "convert/flatbuf.h"

#define MAX_TENSORS 100000
#define MAX_OPS 100000

size_t tfl_numel(const tfl_tensor *t) {
    size_t n = 1;
    for (int i = 0; i < t->rank; i++) {
        if (t->shape[i] <= 0 || n > SIZE_MAX / (size_t)t->shape[i]) return 0;
        n *= (size_t)t->shape[i];
    }
    return n;
}

static size_t type_size(int type) {
    switch (type) {
    case TFL_FLOAT32: case TFL_INT32: return 4;
    case TFL_INT64: return 8;
    case TFL_UINT8: case TFL_INT8: return 1;
    default: return 0;
    }
}

static void read_options(fb_buf *b, fb_table opts, tfl_op *op) {
    op->padding = TFL_PAD_SAME; op->stride_w = op->stride_h = 1;
    op->dilation_w = op->dilation_h = 1; op->act = TFL_ACT_NONE; op->depth_multiplier = 1;
    if (!opts.ok) return;
    if (op->code == TFL_OP_CONV_2D) {
        op->padding = fb_u8(b, opts, 0, 0); op->stride_w = fb_i32(b, opts, 1, 1); op->stride_h = fb_i32(b, opts, 2, 1);
        op->act = fb_u8(b, opts, 3, 0); op->dilation_w = fb_i32(b, opts, 4, 1); op->dilation_h = fb_i32(b, opts, 5, 1);
    } else if (op->code == TFL_OP_DEPTHWISE_CONV_2D) {
        op->padding = fb_u8(b, opts, 0, 0); op->stride_w = fb_i32(b, opts, 1, 1); op->stride_h = fb_i32(b, opts, 2, 1);
        op->depth_multiplier = fb_i32(b, opts, 3, 1); op->act = fb_u8(b, opts, 4, 0);
        op->dilation_w = fb_i32(b, opts, 5, 1); op->dilation_h = fb_i32(b, opts, 6, 1);
    } else if (op->code == TFL_OP_FULLY_CONNECTED) {
        op->act = fb_u8(b, opts, 0, 0);
    } else if (op->code == TFL_OP_AVERAGE_POOL_2D) {
        op->padding = fb_u8(b, opts, 0, 0); op->stride_w = fb_i32(b, opts, 1, 1); op->stride_h = fb_i32(b, opts, 2, 1);
        op->act = fb_u8(b, opts, 5, 0);
    }
}

hs_status tfl_parse(const uint8_t *bytes, size_t len, tfl_model *out) {
    if (!bytes || !out) return HS_ERR_ARG;
    memset(out, 0, sizeof *out);
    /* "TFL3" file identifier at offset 4. */
    if (len < 8 || memcmp(bytes + 4, "TFL3", 4) != 0) return HS_ERR_MODEL_FORMAT;
    fb_buf b = {bytes, len, 0};
    fb_table model = fb_root(&b);
    fb_vec codes = fb_vec_field(&b, model, 1, 4);
    fb_vec subgraphs = fb_vec_field(&b, model, 2, 4);
    fb_vec buffers = fb_vec_field(&b, model, 4, 4);
    if (!model.ok || !codes.ok || !subgraphs.ok || subgraphs.len < 1 || !buffers.ok) return HS_ERR_MODEL_FORMAT;
    fb_table sg = fb_vec_table(&b, subgraphs, 0);
    fb_vec tensors = fb_vec_field(&b, sg, 0, 4);
    fb_vec ops = fb_vec_field(&b, sg, 3, 4);
    fb_vec ins = fb_vec_field(&b, sg, 1, 4), outs = fb_vec_field(&b, sg, 2, 4);
    if (!sg.ok || !tensors.ok || !ops.ok || tensors.len > MAX_TENSORS || ops.len > MAX_OPS) return HS_ERR_MODEL_FORMAT;

    out->tensors = calloc(tensors.len ? tensors.len : 1, sizeof *out->tensors);
    out->ops = calloc(ops.len ? ops.len : 1, sizeof *out->ops);
    if (!out->tensors || !out->ops) { tfl_free(out); return HS_ERR_NOMEM; }
    out->n_tensors = (int)tensors.len;
    out->n_ops = (int)ops.len;
    for (uint32_t i = 0; i < ins.len && i < 4; i++) out->inputs[out->n_inputs++] = fb_vec_i32(&b, ins, i);
    for (uint32_t i = 0; i < outs.len && i < 4; i++) out->outputs[out->n_outputs++] = fb_vec_i32(&b, outs, i);

    for (uint32_t i = 0; i < tensors.len; i++) {
        tfl_tensor *t = &out->tensors[i];
        fb_table tt = fb_vec_table(&b, tensors, i);
        if (!tt.ok) goto bad;
        fb_vec shape = fb_vec_field(&b, tt, 0, 4);
        if (shape.len > 6) goto bad;
        t->rank = (int)shape.len;
        for (uint32_t k = 0; k < shape.len; k++) t->shape[k] = fb_vec_i32(&b, shape, k);
        t->type = fb_u8(&b, tt, 1, 0);
        fb_string(&b, tt, 3, t->name, sizeof t->name);
        uint32_t bi = fb_u32(&b, tt, 2, 0);
        if (bi >= buffers.len) goto bad;
        fb_vec data = fb_vec_field(&b, fb_vec_table(&b, buffers, bi), 0, 1);
        if (data.ok && data.len) {
            size_t need = tfl_numel(t) * type_size(t->type);
            if (need != data.len) goto bad; /* data must match the declared shape exactly */
            t->data = bytes + data.pos;
            t->data_len = data.len;
        }
        fb_table q = fb_table_field(&b, tt, 4);
        fb_vec sc = fb_vec_field(&b, q, 2, 4);
        if (sc.ok && sc.len) {
            if (sc.len > 65536) goto bad;
            t->scale = malloc(sc.len * sizeof(float));
            if (!t->scale) { tfl_free(out); return HS_ERR_NOMEM; }
            t->n_scale = (int)sc.len;
            for (uint32_t k = 0; k < sc.len; k++) t->scale[k] = fb_vec_f32(&b, sc, k);
            fb_vec zp = fb_vec_field(&b, q, 3, 8);
            t->zero_point0 = zp.ok && zp.len ? fb_vec_i64(&b, zp, 0) : 0;
            t->quant_dim = fb_i32(&b, q, 6, 0);
        }
    }
    for (uint32_t i = 0; i < ops.len; i++) {
        tfl_op *op = &out->ops[i];
        fb_table ot = fb_vec_table(&b, ops, i);
        if (!ot.ok) goto bad;
        uint32_t ci = fb_u32(&b, ot, 0, 0);
        if (ci >= codes.len) goto bad;
        fb_table code = fb_vec_table(&b, codes, ci);
        int32_t c = fb_i32(&b, code, 3, 0);
        int32_t dep = fb_u8(&b, code, 0, 0);
        op->code = c > dep ? c : dep; /* newer files store codes > 127 only in builtin_code */
        fb_vec oi = fb_vec_field(&b, ot, 1, 4), oo = fb_vec_field(&b, ot, 2, 4);
        if (oi.len > 8 || oo.len > 4) goto bad;
        op->n_in = (int)oi.len; op->n_out = (int)oo.len;
        for (uint32_t k = 0; k < oi.len; k++) {
            op->in[k] = fb_vec_i32(&b, oi, k);
            if (op->in[k] < -1 || op->in[k] >= out->n_tensors) goto bad;
        }
        for (uint32_t k = 0; k < oo.len; k++) {
            op->out[k] = fb_vec_i32(&b, oo, k);
            if (op->out[k] < 0 || op->out[k] >= out->n_tensors) goto bad;
        }
        read_options(&b, fb_table_field(&b, ot, 4), op);
    }
    if (b.bad) goto bad;
    return HS_OK;
bad:
    tfl_free(out);
    return HS_ERR_MODEL_FORMAT;
}

void tfl_free(tfl_model *m) {
    if (!m) return;
    if (m->tensors)
        for (int i = 0; i < m->n_tensors; i++) free(m->tensors[i].scale);
    free(m->tensors);
    free(m->ops);
    memset(m, 0, sizeof *m);
}
