/* libFuzzer target: the TFLite reader + YAMNet converter on arbitrary bytes. */
#include <stdint.h>
#include <stdlib.h>
#include "model/hsm.h"
#include "convert/tflite.h"
#include "convert/yamnet_convert.h"
#include "model/yamnet/yamnet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    tfl_model m;
    if (tfl_parse(data, size, &m) != HS_OK) return 0;
    hs_hsm_writer *w = hs_hsm_writer_create();
    char why[128];
    if (w) hs_yamnet_convert(&m, w, why, sizeof why);
    hs_hsm_writer_destroy(w);
    tfl_free(&m);
    return 0;
}
