/* Post-training quantisation of the float CNN into the int8 network of src/nn/qnet.h.
 *
 * The trunk (conv [+ batch norm] [+ ReLU] and max-pool layers, dropout ignored) becomes int8: batch norm is
 * folded into the conv, weights get one symmetric int8 scale per output channel (max |w| / 127), and every
 * activation an asymmetric per-tensor scale / zero point from its range over calibration windows (training
 * windows, the float net in inference mode). The trunk ends at the first layer it cannot express (global
 * average pooling, dense, ...): from there the float layers are copied as the head.
 */
#ifndef HS_TRAIN_QUANTIZE_H
#define HS_TRAIN_QUANTIZE_H

#include "heartsound.h"
#include "nn/net.h"
#include "nn/qnet.h"
#include "model/cnn/cnn_q8_io.h"
#include "dataset.h"
#include "feature_cache.h"

/* net: shapes filled (hs_net_shapes), last layer a single sigmoid unit. calib: n_calib >= 1 windows
 * (n_calib, in_h, in_w, in_c). On success *out owns everything (free with hs_qnet_free). */
hs_status hs_quantize_net(const hs_net *net, const float *calib, int n_calib, hs_qnet *out);

/* Calibration windows from labelled recordings, through the model's own front end, normalisation and
 * window placement: records spread evenly over ds (sorted by path, so deterministic), up to 4 windows each
 * (evenly spaced), max_windows in all. *windows malloc'd (n, in_h, in_w, in_c); caller frees. Unreadable
 * or silent records are skipped. */
hs_status hs_calibration_windows(const hs_cnn_model *m, const hs_dataset *ds, int max_windows,
                                 float **windows, int *n);

/* Quantise a whole float model: out->base is a deep copy of m (front end, windows, threshold, float net;
 * name gets an "-int8" suffix), out->q its int8 network. Free with hs_cnn_q8_model_free. */
hs_status hs_quantize_model(const hs_cnn_model *m, const float *calib, int n_calib, hs_cnn_q8_model *out);

/* The int8 twin of hs_score_records (fit.h) for the CV protocol: quantise net with calibration windows from
 * the fold's own training records calib[0..ncalib) of fc (up to 4 windows each, evenly spread, at most 512),
 * then score the records idx[0..n) with the int8 network (XNNPACK when built in, else the C reference):
 * p[i] = mean window probability, the same windows as hs_score_records. */
hs_status hs_quantize_score_records(const hs_net *net, const hs_feature_cache *fc, const int *calib, int ncalib,
                                    const int *idx, int n, int window, int hop, float *p);

#endif
