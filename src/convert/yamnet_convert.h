/* Google's YAMNet TFLite file -> heartsound's .hsm (tensors "yamnet.lNN.w/.w_scale/.b", the mel matrix, the
 * analysis window; int8 per-channel weights and float biases as in the original file). Authoring code: the
 * CLI (`heartsound convert-yamnet`), the trainer, tests and benchmarks; the page loads converted files. */
#ifndef HS_CONVERT_YAMNET_CONVERT_H
#define HS_CONVERT_YAMNET_CONVERT_H
#include "heartsound.h"

struct tfl_model;
struct hs_hsm_writer;

/* Convert a parsed TFLite YAMNet (either of Google's int8 files) into writer tensors + metadata.
 * Validates the layer sequence and shapes: anything else -> HS_ERR_MODEL_FORMAT with a reason in why. */
hs_status hs_yamnet_convert(const struct tfl_model *m, struct hs_hsm_writer *w, char *why, size_t why_cap);
/* The same without "model.kind": for a combined file (backbone + head, kind "yamnet-head"). */
hs_status hs_yamnet_convert_backbone(const struct tfl_model *m, struct hs_hsm_writer *w, char *why, size_t why_cap);

/* Bytes of either a TFLite YAMNet (converted in memory) or an already converted .hsm -> .hsm bytes in *out
 * (malloc'd, caller frees). Lets the CLI, tests, benchmarks and the cache take Google's file directly. */
hs_status hs_yamnet_load_any(const uint8_t *bytes, size_t len, uint8_t **out, size_t *out_len);

#endif
