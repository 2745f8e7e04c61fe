/* Minimal test helpers: CHECK records a failure and continues; each test binary ends with
 * "N passed, N failed" and exits non-zero on any failure. */
#ifndef HS_TESTUTIL_H
#define HS_TESTUTIL_H
#include <stdio.h>
#include <stddef.h>
#include "heartsound.h"

extern int hs_test_passed, hs_test_failed;

#define CHECK(cond) do { if (cond) hs_test_passed++; else { hs_test_failed++; \
    fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); } } while (0)
#define CHECK_MSG(cond, ...) do { if (cond) hs_test_passed++; else { hs_test_failed++; \
    fprintf(stderr, "%s:%d: CHECK failed: %s: ", __FILE__, __LINE__, #cond); \
    fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); } } while (0)

/* Prints the summary line; returns the process exit code. */
int hs_test_finish(const char *name);

/* Path of the shared data directory holding physionet2016/ (HEARTSOUND_DATA or ../shared/data). */
const char *hs_test_data_dir(void);
/* Directory of decoded WAVs (HEARTSOUND_WAV_DIR, default build/data-wav; filled by scripts/data.sh).
 * Returns NULL if it has no training-a folder. */
const char *hs_test_wav_dir(void);

/* Path of Google's YAMNet file yamnet/yamnet-int8-fixed15600.tflite under HEARTSOUND_WEIGHTS
 * (default ../shared/weights); the file may be absent (callers skip their checks then). */
const char *hs_test_yamnet_tflite(void);

/* Decode the recording dir/rel (e.g. "training-a/a0007.wav") into *a; on failure records a failed check
 * naming the file and returns 0. */
int hs_test_read_wav(const char *dir, const char *rel, hs_audio *a);

/* Read a whole file; caller frees. NULL on error. */
unsigned char *hs_test_read_file(const char *path, size_t *len);
#endif
