/* heartsound convert-yamnet IN.tflite OUT.hsm: Google's YAMNet TFLite file -> our model container. */
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "model/file_bytes.h"
#include "model/hsm.h"
#include "convert/tflite.h"
#include "convert/yamnet_convert.h"
#include "model/yamnet/yamnet.h"
#include "model/yamnet/yamnet_head.h"

static void usage(FILE *f) {
    fprintf(f, "usage: heartsound convert-yamnet IN.tflite OUT.hsm [--head HEAD.hsm]\n"
               "Converts Google's YAMNet TFLite file (int8 weights, e.g. ../shared/weights/yamnet/"
               "yamnet-int8-fixed15600.tflite)\ninto heartsound's .hsm backbone (int8 weights + scales kept as "
               "they are; the front end is computed in C).\n"
               "--head HEAD.hsm: write one combined classifier file (backbone + the head trained by train-yamnet,\n"
               "e.g. models/yamnet-head.hsm): what the web page loads for createClassifier({model: 'yamnet'}).\n");
}

int cmd_convert_yamnet(int argc, char **argv) {
    if (cli_wants_help(argc, argv)) { usage(stdout); return 0; }
    const char *head_path = NULL;
    if (argc == 5 && !strcmp(argv[3], "--head")) head_path = argv[4];
    else if (argc != 3) { usage(stderr); return HS_EXIT_USAGE; }
    const char *in = argv[1], *out = argv[2];
    hs_yamnet_head head;
    memset(&head, 0, sizeof head);
    if (head_path) { /* read + validate the head first: a bad head fails before any work */
        uint8_t *hb;
        size_t hl;
        hs_hsm hh;
        hs_status hst = hs_read_file_bytes(head_path, &hb, &hl);
        if (hst == HS_OK) {
            if ((hst = hs_hsm_parse(hb, hl, 0, &hh)) == HS_OK) { hst = hs_yamnet_head_read(&hh, &head); hs_hsm_free(&hh); }
            free(hb);
        }
        if (hst != HS_OK) return cli_fail(head_path, "not a YAMNet head model (%s)", hs_status_string(hst));
    }
    uint8_t *bytes = NULL;
    size_t len = 0;
    hs_status st = hs_read_file_bytes(in, &bytes, &len);
    if (st != HS_OK) return cli_fail(in, "%s", hs_status_string(st));
    tfl_model m;
    st = tfl_parse(bytes, len, &m);
    if (st != HS_OK) {
        free(bytes);
        hs_yamnet_head_free(&head);
        return cli_fail(in, "not a TFLite model or corrupt (%s)", hs_status_string(st));
    }
    hs_hsm_writer *w = hs_hsm_writer_create();
    char why[160] = "";
    if (head_path) {
        st = w ? hs_yamnet_convert_backbone(&m, w, why, sizeof why) : HS_ERR_NOMEM;
        if (st == HS_OK) st = hs_yamnet_head_write(&head, w);
    } else {
        st = w ? hs_yamnet_convert(&m, w, why, sizeof why) : HS_ERR_NOMEM;
        if (st == HS_OK) st = hs_hsm_add_meta(w, "model.name", "yamnet");
    }
    hs_yamnet_head_free(&head);
    if (st == HS_OK) st = hs_hsm_writer_save(w, out);
    tfl_free(&m);
    free(bytes);
    hs_hsm_writer_destroy(w);
    if (st != HS_OK) return cli_fail(in, "cannot convert: %s%s%s", hs_status_string(st), *why ? ": " : "", why);
    printf("{\"file\":");
    cli_json_string(stdout, in);
    printf(",\"out\":");
    cli_json_string(stdout, out);
    printf(",\"model\":\"%s\",\"layers\":%d}\n", head_path ? "yamnet-head" : "yamnet", HS_YAMNET_LAYERS + 1);
    return 0;
}
