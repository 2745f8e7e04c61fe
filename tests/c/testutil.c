#include "testutil.h"
#include "model/cnn/cnn_q8_io.h"
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int hs_test_passed, hs_test_failed, hs_test_skipped;

int hs_test_finish(const char *name) {
    printf("%s: %d passed, %d failed", name, hs_test_passed, hs_test_failed);
    if (hs_test_skipped) printf(", %d part(s) skipped for missing inputs", hs_test_skipped);
    printf("\n");
    if (hs_test_failed) return 1;
    if (hs_test_passed == 0) {
        if (hs_test_skipped) return HS_TEST_SKIP;
        printf("%s: FAILED: no check ran\n", name);
        return 1;
    }
    return 0;
}

static int require_inputs(void) {
    const char *e = getenv("HS_REQUIRE_INPUTS");
    return e && *e && strcmp(e, "0") != 0;
}

void hs_test_missing(const char *what) {
    if (require_inputs()) {
        hs_test_failed++;
        fprintf(stderr, "FAILED: missing input (HS_REQUIRE_INPUTS is set): %s\n", what);
    } else {
        hs_test_skipped++;
        printf("SKIPPED part: missing input: %s\n", what);
    }
}

const char *hs_test_data_dir(void) {
    const char *d = getenv("HEARTSOUND_DATA");
    return d && *d ? d : "../shared/data";
}

const char *hs_test_wav_dir(void) {
    static char buf[4096];
    const char *d = getenv("HEARTSOUND_WAV_DIR");
    if (!d || !*d) d = "build/data-wav";
    snprintf(buf, sizeof buf, "%s/training-a", d);
    struct stat st;
    if (stat(buf, &st) != 0) {
        snprintf(buf, sizeof buf, "decoded recordings in %s (scripts/data.sh)", d);
        hs_test_missing(buf);
        return NULL;
    }
    return d;
}

const char *hs_test_yamnet_tflite(void) {
    static char buf[4096];
    const char *d = getenv("HEARTSOUND_WEIGHTS");
    snprintf(buf, sizeof buf, "%s/yamnet/yamnet-int8-fixed15600.tflite", d && *d ? d : "../shared/weights");
    struct stat st;
    if (stat(buf, &st) != 0) {
        char what[4200];
        snprintf(what, sizeof what, "Google's YAMNet file %s (HEARTSOUND_WEIGHTS)", buf);
        hs_test_missing(what);
        return NULL;
    }
    return buf;
}

int hs_test_have_xnnpack(void) {
#ifdef HS_HAVE_XNNPACK
    return 1;
#else
    hs_test_missing("XNNPACK in this build (scripts/deps.sh xnnpack, HS_XNNPACK=ON)");
    return 0;
#endif
}

int hs_test_load_shipped_q8(hs_cnn_q8_model *m) {
    const char *path = HS_SOURCE_DIR "/models/cnn.hsm";
    size_t len;
    unsigned char *bytes = hs_test_read_file(path, &len);
    CHECK_MSG(bytes != NULL, "cannot read the committed %s", path);
    hs_status st = bytes ? hs_cnn_q8_model_load_memory(bytes, len, m) : HS_ERR_IO;
    free(bytes);
    CHECK_MSG(st == HS_OK, "%s does not load as an int8 CNN: %s", path, hs_status_string(st));
    return st == HS_OK;
}

unsigned char *hs_test_read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    if (fseek(f, 0, SEEK_END) != 0) { fclose(f); return NULL; }
    long n = ftell(f);
    if (n < 0) { fclose(f); return NULL; }
    rewind(f);
    unsigned char *b = malloc(n ? (size_t)n : 1);
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) { free(b); b = NULL; }
    fclose(f);
    if (b && len) *len = (size_t)n;
    return b;
}

int hs_test_read_wav(const char *dir, const char *rel, hs_audio *a) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    if (hs_wav_read_file(path, a, NULL) == HS_OK) return 1;
    CHECK_MSG(0, "cannot read %s", path);
    return 0;
}
