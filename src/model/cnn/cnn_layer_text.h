/* One hs_layer's kind and geometry as a metadata value, e.g. "conv2d kh=3 kw=3 sh=1 sw=1 ph=1 pw=1 units=16"
 * (key "cnn.layer.NN"). Text rather than a binary struct: readable in `heartsound info`, and new fields can
 * be added without breaking the layout. Parameters are tensors, not text. */
#ifndef HS_MODEL_CNN_LAYER_TEXT_H
#define HS_MODEL_CNN_LAYER_TEXT_H

#include <stddef.h>
#include "nn/net.h"

/* Writes the description into buf (NUL-terminated). Returns 0, or -1 for an unknown kind / short buffer. */
int hs_layer_to_text(const hs_layer *L, char *buf, size_t cap);
/* Parses kind and the fields that kind uses into L (other fields zeroed, parameters NULL).
 * Returns 0, or -1 for an unknown kind, unknown or repeated field, or a malformed number. */
int hs_layer_from_text(const char *s, hs_layer *L);

#endif
