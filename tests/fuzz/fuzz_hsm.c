/* libFuzzer target for model files: the .hsm parser and the CNN mapping behind it.
 * A random input almost never has a valid CRC-32, so each input is tried three ways:
 *   1. the container parser with the checksum check off (HS_HSM_NO_CRC) + every accessor on what it found,
 *      and the CNN reader (hs_cnn_model_read) on that container;
 *   2. the full loaders as users call them (checksum on: mostly early rejections);
 *   3. the full classifier loader on a copy whose checksum was recomputed, so malformed-but-sealed files
 *      reach the backends (model check, mel plan creation).
 * Any crash, leak, out-of-bounds access or UB is a bug: loading must only ever return a status. */
#include "heartsound.h"
#include "model/cnn/cnn_io.h"
#include "model/crc32.h"
#include "model/hsm.h"

#include <stdlib.h>
#include <string.h>

static void touch_container(const hs_hsm *h) {
    volatile unsigned sink = 0;
    for (size_t i = 0; i < h->n_meta; i++) {
        int iv;
        float fv;
        sink += (unsigned)strlen(h->meta[i].key) + (unsigned)strlen(h->meta[i].value);
        if (hs_hsm_meta_int(h, h->meta[i].key, &iv) == HS_OK) sink += (unsigned)iv;
        if (hs_hsm_meta_float(h, h->meta[i].key, &fv) == HS_OK) sink += fv > 0;
        sink += hs_hsm_meta_get(h, h->meta[i].key) == h->meta[i].value;
    }
    for (size_t i = 0; i < h->n_tensors; i++) {
        const hs_hsm_tensor *t = &h->tensors[i];
        sink += hs_hsm_find(h, t->name) == t;
        if (t->nbytes) sink += t->data[0] + t->data[t->nbytes - 1]; /* first and last byte are in bounds */
    }
    (void)sink;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    hs_hsm h;
    if (hs_hsm_parse(data, size, HS_HSM_NO_CRC, &h) == HS_OK) {
        touch_container(&h);
        hs_cnn_model m;
        if (hs_cnn_model_read(&h, &m) == HS_OK) hs_cnn_model_free(&m);
        hs_hsm_free(&h);
    }

    hs_cnn_model m;
    if (hs_cnn_model_load_memory(data, size, &m) == HS_OK) hs_cnn_model_free(&m);
    hs_classifier *c = NULL;
    if (hs_classifier_load_memory(data, size, &c) == HS_OK) hs_classifier_destroy(c);

    if (size >= 64) { /* reseal: CRC-32 of bytes [0, 60) and [64, end) into bytes 60..63 (docs/MODEL_FORMAT.md) */
        uint8_t *b = malloc(size);
        if (!b) return 0;
        memcpy(b, data, size);
        uint32_t crc = hs_crc32(hs_crc32(0, b, 60), b + 64, size - 64);
        for (int k = 0; k < 4; k++) b[60 + k] = (uint8_t)(crc >> (8 * k));
        /* the header's file_size must match for the loader to go on: make it so */
        for (int k = 0; k < 8; k++) b[16 + k] = (uint8_t)((uint64_t)size >> (8 * k));
        crc = hs_crc32(hs_crc32(0, b, 60), b + 64, size - 64);
        for (int k = 0; k < 4; k++) b[60 + k] = (uint8_t)(crc >> (8 * k));
        if (hs_classifier_load_memory(b, size, &c) == HS_OK) {
            /* a loadable model: classify a short fixed signal (2.5 s of a 50 Hz tone at 2 kHz) */
            static float tone[5000];
            if (tone[1] == 0.0f)
                for (int i = 0; i < 5000; i++) tone[i] = (float)((i % 40) < 20 ? 0.5 : -0.5);
            hs_audio a = {tone, 5000, 2000};
            hs_result r;
            if (hs_classify(c, &a, &r) == HS_OK) hs_result_free(&r);
            hs_classifier_destroy(c);
        }
        free(b);
    }
    return 0;
}
