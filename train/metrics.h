/* Binary classification metrics with abnormal as the positive class (PhysioNet 2016 scoring). */
#ifndef HS_METRICS_H
#define HS_METRICS_H
#include <stddef.h>

typedef struct hs_confusion { int tp, fp, tn, fn; } hs_confusion;

/* Undefined ratios are NaN (written as JSON null):
 *   n = 0            -> every ratio NaN, auc NaN
 *   no positives     -> se NaN, macc NaN, auc NaN; f1 NaN if also no predicted positives
 *   no negatives     -> sp NaN, macc NaN, auc NaN
 *   no predicted pos -> precision NaN (f1 = 0 if there are positives: they were all missed) */
typedef struct hs_metrics {
    int n;
    double se, sp, macc, f1_abnormal, acc, auc, precision, threshold;
    hs_confusion confusion;
} hs_metrics;

/* labels 1 (abnormal) / 0 (normal); a record is predicted abnormal when score >= threshold. */
hs_metrics hs_metrics_compute(const int *labels, const float *scores, int n, float threshold);

/* ROC AUC = P(score of a random positive > score of a random negative), ties count 0.5
 * (Mann-Whitney U). NaN without positives or negatives. */
double hs_auc(const int *labels, const float *scores, int n);

/* Threshold maximising MAcc = (Se+Sp)/2 for the rule score >= threshold. Each cut between two
 * consecutive distinct scores is a candidate; consecutive best cuts form an interval of thresholds
 * (unbounded ends clipped to the lowest / highest score). Ties -> the widest such interval (first if
 * equal), and the threshold returned is its middle. 0.5 if undefined (n = 0, one class only). */
float hs_threshold_best_macc(const int *labels, const float *scores, int n);

/* Writes {"n","se","sp","macc","f1_abnormal","acc","auc","precision","threshold",
 * "confusion":{"tp","fp","tn","fn"}} (NaN -> null) into buf, NUL-terminated, truncated to cap.
 * Returns the length needed (like snprintf). */
int hs_metrics_json(const hs_metrics *m, char *buf, size_t cap);
#endif
