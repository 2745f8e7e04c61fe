/* A small TFLite model reader (on top of flatbuf.h): the tensors, buffers, quantisation and operators
 * of subgraph 0 -- enough to convert YAMNet's convolution stack into our own format. */
#ifndef HS_TFLITE_H
#define HS_TFLITE_H
#include <stddef.h>
#include <stdint.h>
#include "heartsound.h"

enum { TFL_FLOAT32 = 0, TFL_INT32 = 2, TFL_UINT8 = 3, TFL_INT64 = 4, TFL_INT8 = 9 };
enum { TFL_OP_AVERAGE_POOL_2D = 1, TFL_OP_CONV_2D = 3, TFL_OP_DEPTHWISE_CONV_2D = 4, TFL_OP_DEQUANTIZE = 6,
       TFL_OP_FULLY_CONNECTED = 9, TFL_OP_LOGISTIC = 14, TFL_OP_RESHAPE = 22, TFL_OP_MEAN = 40 };
enum { TFL_PAD_SAME = 0, TFL_PAD_VALID = 1 };
enum { TFL_ACT_NONE = 0, TFL_ACT_RELU = 1, TFL_ACT_RELU6 = 3 };

typedef struct tfl_tensor {
    char name[96];
    int type;
    int rank, shape[6];
    const uint8_t *data;  /* borrowed from the file bytes; NULL if the buffer is empty */
    size_t data_len;
    int n_scale;          /* quantisation: per-tensor (1) or per-channel scales */
    float *scale;         /* owned */
    int64_t zero_point0;
    int quant_dim;
} tfl_tensor;

typedef struct tfl_op {
    int code;             /* builtin operator code */
    int n_in, n_out;
    int in[8], out[4];
    int padding, stride_w, stride_h, dilation_w, dilation_h, act, depth_multiplier;
} tfl_op;

typedef struct tfl_model {
    int n_tensors, n_ops;
    tfl_tensor *tensors;
    tfl_op *ops;
    int n_inputs, n_outputs;
    int inputs[4], outputs[4];
} tfl_model;

/* Parse bytes (borrowed: must outlive the model). Foreign/corrupt -> HS_ERR_MODEL_FORMAT. */
hs_status tfl_parse(const uint8_t *bytes, size_t len, tfl_model *out);
void tfl_free(tfl_model *m);
/* Number of elements of a tensor (0 if shape invalid). */
size_t tfl_numel(const tfl_tensor *t);
#endif
