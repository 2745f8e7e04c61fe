/* Standalone SVG 1.1 plots drawn without any dependency (reports of train / eval).
 * Each function writes one file and returns 0, or -1 if the file cannot be written or an argument
 * is invalid. Text is XML-escaped. */
#ifndef HS_SVG_H
#define HS_SVG_H
#include "metrics.h"

/* 2x2 confusion matrix (rows = true label, columns = predicted), counts and row percentages. */
int hs_svg_confusion(const char *path, const char *title, hs_confusion c);

/* ROC curve (positive = label 1) with the chance diagonal; the AUC is appended to the title. */
int hs_svg_roc(const char *path, const char *title, const int *labels, const float *scores, int n);

/* Learning curves: series i is drawn at x = 1..n (e.g. epochs); axes with ticks, labels, legend.
 * Non-finite values are skipped. */
typedef struct hs_series { const char *name; const float *y; int n; } hs_series;
int hs_svg_curves(const char *path, const char *title, const char *xlabel, const char *ylabel,
                  const hs_series *s, int ns);
#endif
