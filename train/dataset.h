/* Labelled PhysioNet-style datasets: folders of WAVs described by a REFERENCE.csv. */
#ifndef HS_DATASET_H
#define HS_DATASET_H
#include "heartsound.h"

/* One labelled recording. path is malloc'd (freed by hs_dataset_free). */
typedef struct hs_record {
    char *path;        /* DIR/NAME.wav */
    char name[64];     /* record name as listed in REFERENCE.csv, e.g. "a0001" */
    char subset[64];   /* name of the folder holding the REFERENCE.csv, e.g. "training-a" */
    int label;         /* 1 abnormal, 0 normal */
} hs_record;

typedef struct hs_dataset { hs_record *rec; int n; } hs_dataset;

/* Each dir holds WAVs + REFERENCE.csv (record,label with 1 abnormal / -1 normal), or holds such
 * subdirectories (one level). subset = name of the folder holding the REFERENCE.csv.
 * Records are sorted by path (deterministic).
 * CSV: a UTF-8 BOM, CRLF line ends, blank lines and extra columns are tolerated; any other label,
 * an empty or over-long record name, or a listed record whose WAV is missing is an error
 * (HS_ERR_IO for missing files/dirs, HS_ERR_ARG for malformed lines): a silently shrunken test set
 * would give misleading scores. The reason (file and line) is available from hs_dataset_error().
 * On error *out is left empty. Caller frees with hs_dataset_free. */
hs_status hs_dataset_scan(const char *const *dirs, int ndirs, hs_dataset *out);
void hs_dataset_free(hs_dataset *d);

/* Human-readable reason of the last failed hs_dataset_scan in this thread, naming the file
 * (e.g. "data/REFERENCE.csv:12: label must be 1 or -1"). "" if none. */
const char *hs_dataset_error(void);
#endif
