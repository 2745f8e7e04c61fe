#include "testutil.h"
#include <stdlib.h>
#include <sys/stat.h>

int hs_test_passed, hs_test_failed;

int hs_test_finish(const char *name) {
    printf("%s: %d passed, %d failed\n", name, hs_test_passed, hs_test_failed);
    return hs_test_failed ? 1 : 0;
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
    if (stat(buf, &st) != 0) return NULL;
    return d;
}

const char *hs_test_yamnet_tflite(void) {
    static char buf[4096];
    const char *d = getenv("HEARTSOUND_WEIGHTS");
    snprintf(buf, sizeof buf, "%s/yamnet/yamnet-int8-fixed15600.tflite", d && *d ? d : "../shared/weights");
    return buf;
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
