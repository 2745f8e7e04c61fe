/* The int8 CNN model <-> the .hsm container: "model.kind" = "cnn-int8".
 * It holds everything the float model file holds (front end, windows, normalisation, threshold and the
 * float network, kept for comparison: hs_cnn_model_read reads it as a float model) plus the int8 trunk:
 *   meta  q8.n_ops, q8.head_layers (the head = the float net's last head_layers layers)
 *   i32   q8.ops (n_ops, 9): kind, kh, kw, sh, sw, ph, pw, relu, out_c
 *   f32   q8.act_scale (n_ops + 1), i32 q8.act_zp (n_ops + 1): input, then each op's output
 *   conv op NN: i8 q8.NN.w (K,KH,KW,C), i32 q8.NN.b (K), f32 q8.NN.w_scale (K)
 */
#ifndef HS_MODEL_CNN_Q8_IO_H
#define HS_MODEL_CNN_Q8_IO_H

#include "model/cnn/cnn_io.h"
#include "nn/qnet.h"

typedef struct hs_cnn_q8_model {
    hs_cnn_model base; /* front end, windows, threshold, name, float net */
    hs_qnet q;         /* int8 trunk + float head (a copy of base.net's last layers) */
} hs_cnn_q8_model;

hs_status hs_cnn_q8_model_write(const hs_cnn_q8_model *m, struct hs_hsm_writer *w);
hs_status hs_cnn_q8_model_save(const hs_cnn_q8_model *m, const char *path);
hs_status hs_cnn_q8_model_save_memory(const hs_cnn_q8_model *m, uint8_t **bytes, size_t *len);
/* Parse (every shape checked against the geometry before anything is allocated); out owns copies.
 * Errors: HS_ERR_MODEL_FORMAT and those of hs_hsm_parse. On error out is zeroed. */
hs_status hs_cnn_q8_model_read(const struct hs_hsm *h, hs_cnn_q8_model *out);
hs_status hs_cnn_q8_model_load_memory(const uint8_t *bytes, size_t len, hs_cnn_q8_model *out);
void hs_cnn_q8_model_free(hs_cnn_q8_model *m); /* NULL-safe; zeroes the struct */

#endif
