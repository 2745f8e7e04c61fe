/* heartsound convert-yamnet IN.tflite OUT.hsm: Google's YAMNet TFLite file -> our model container. */
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "model/file_bytes.h"
#include "model/hsm.h"
#include "model/tflite.h"
#include "model/yamnet.h"

static void usage(FILE *f) {
    fprintf(f, "usage: heartsound convert-yamnet IN.tflite OUT.hsm\n"
               "Converts Google's YAMNet TFLite file (int8 weights, e.g. ../shared/weights/yamnet/"
               "yamnet-int8-fixed15600.tflite)\ninto heartsound's .hsm backbone (int8 weights + scales kept as "
               "they are; the front end is computed in C).\n");
}

int cmd_convert_yamnet(int argc, char **argv) {
    if (cli_wants_help(argc, argv)) { usage(stdout); return 0; }
    if (argc != 3) { usage(stderr); return HS_EXIT_USAGE; }
    const char *in = argv[1], *out = argv[2];
    uint8_t *bytes = NULL;
    size_t len = 0;
    hs_status st = hs_read_file_bytes(in, &bytes, &len);
    if (st != HS_OK) return cli_fail(in, "%s", hs_status_string(st));
    tfl_model m;
    st = tfl_parse(bytes, len, &m);
    if (st != HS_OK) { free(bytes); return cli_fail(in, "not a TFLite model or corrupt (%s)", hs_status_string(st)); }
    hs_hsm_writer *w = hs_hsm_writer_create();
    char why[160] = "";
    st = w ? hs_yamnet_convert(&m, w, why, sizeof why) : HS_ERR_NOMEM;
    if (st == HS_OK) st = hs_hsm_add_meta(w, "model.name", "yamnet");
    if (st == HS_OK) st = hs_hsm_writer_save(w, out);
    tfl_free(&m);
    free(bytes);
    hs_hsm_writer_destroy(w);
    if (st != HS_OK) return cli_fail(in, "cannot convert: %s%s%s", hs_status_string(st), *why ? ": " : "", why);
    printf("{\"file\":");
    cli_json_string(stdout, in);
    printf(",\"out\":");
    cli_json_string(stdout, out);
    printf(",\"model\":\"yamnet\",\"layers\":%d}\n", HS_YAMNET_LAYERS + 1);
    return 0;
}
