/* Minimal test helpers: CHECK records a failure and continues; each test binary ends with
 * "N passed, N failed" and exits non-zero on any failure.
 * Optional inputs (decoded recordings, Google's YAMNet file, XNNPACK in the build) may be missing on a
 * developer's machine: the part of a test that needs one is skipped and says so, and a test that could run
 * nothing exits 77 (ctest's SKIP_RETURN_CODE) -- never a pass. Under HS_REQUIRE_INPUTS=1 (set by .ci/run) a
 * missing input is a failed check instead. A test that ran zero checks fails. */
#ifndef HS_TESTUTIL_H
#define HS_TESTUTIL_H
#include <stdio.h>
#include <stddef.h>
#include "heartsound.h"

extern int hs_test_passed, hs_test_failed, hs_test_skipped;

/* Exit code of a test that had nothing to run (ctest shows it as skipped). */
#define HS_TEST_SKIP 77

#define CHECK(cond) do { if (cond) hs_test_passed++; else { hs_test_failed++; \
    fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); } } while (0)
#define CHECK_MSG(cond, ...) do { if (cond) hs_test_passed++; else { hs_test_failed++; \
    fprintf(stderr, "%s:%d: CHECK failed: %s: ", __FILE__, __LINE__, #cond); \
    fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); } } while (0)

/* Prints the summary line; returns the process exit code: 1 on a failure or when no check ran at all,
 * HS_TEST_SKIP when nothing ran because inputs were missing, else 0. */
int hs_test_finish(const char *name);

/* Records that an input the test needs is missing (what: e.g. "decoded recordings (scripts/data.sh)"):
 * a skipped part, or a failed check under HS_REQUIRE_INPUTS=1. */
void hs_test_missing(const char *what);

/* Path of the shared data directory holding physionet2016/ (HEARTSOUND_DATA or ../shared/data). */
const char *hs_test_data_dir(void);
/* Directory of decoded WAVs (HEARTSOUND_WAV_DIR, default build/data-wav; filled by scripts/data.sh).
 * Returns NULL (and records hs_test_missing) if it has no training-a folder. */
const char *hs_test_wav_dir(void);

/* Path of Google's YAMNet file yamnet/yamnet-int8-fixed15600.tflite under HEARTSOUND_WEIGHTS
 * (default ../shared/weights); NULL (and hs_test_missing recorded) when the file is absent. */
const char *hs_test_yamnet_tflite(void);

/* Decode the recording dir/rel (e.g. "training-a/a0007.wav") into *a; on failure records a failed check
 * naming the file and returns 0. */
int hs_test_read_wav(const char *dir, const char *rel, hs_audio *a);

/* 1 if this build runs the int8 CNN and YAMNet on XNNPACK; else records hs_test_missing and returns 0. */
int hs_test_have_xnnpack(void);

/* The committed int8 model (models/cnn.hsm) into *m (free with hs_cnn_q8_model_free). It is part of the
 * repository: a missing or unloadable file is a failed check (returns 0), never a skip. */
struct hs_cnn_q8_model;
int hs_test_load_shipped_q8(struct hs_cnn_q8_model *m);

/* Read a whole file; caller frees. NULL on error. */
unsigned char *hs_test_read_file(const char *path, size_t *len);
#endif
