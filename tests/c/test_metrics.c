/* Metrics on small hand-computed cases (expected values derived in the comments). */
#include <math.h>
#include <string.h>
#include "metrics.h"
#include "testutil.h"

#define NEAR(a, b) (fabs((double)(a) - (double)(b)) < 1e-6)

/* Case A, 8 records:
 *   score  0.9 0.8 0.4 0.7 0.3 0.2 0.1 0.6
 *   label   1   1   1   0   0   0   0   1
 * threshold 0.35: abnormal = {0.9,0.8,0.4,0.7,0.6}
 *   tp = 4 (0.9,0.8,0.4,0.6), fp = 1 (0.7), tn = 3, fn = 0
 *   se = 4/4 = 1, sp = 3/4, macc = 0.875, precision = 4/5, f1 = 2*4/(2*4+1+0) = 8/9, acc = 7/8
 * AUC: pos {0.9,0.8,0.6,0.4} vs neg {0.7,0.3,0.2,0.1}: wins 4+4+3+3 = 14 of 16 pairs -> 0.875
 * threshold 0.5: tp = 3 (0.4 missed), fn = 1, fp = 1, tn = 3 -> se = sp = 0.75 */
static const int la[] = {1, 1, 1, 0, 0, 0, 0, 1};
static const float sa[] = {0.9f, 0.8f, 0.4f, 0.7f, 0.3f, 0.2f, 0.1f, 0.6f};

static void test_basic(void) {
    hs_metrics m = hs_metrics_compute(la, sa, 8, 0.35f);
    CHECK(m.n == 8);
    CHECK(m.confusion.tp == 4 && m.confusion.fp == 1 && m.confusion.tn == 3 && m.confusion.fn == 0);
    CHECK(NEAR(m.se, 1.0));
    CHECK(NEAR(m.sp, 0.75));
    CHECK(NEAR(m.macc, 0.875));
    CHECK(NEAR(m.precision, 0.8));
    CHECK(NEAR(m.f1_abnormal, 8.0 / 9.0));
    CHECK(NEAR(m.acc, 0.875));
    CHECK(NEAR(m.auc, 0.875));
    CHECK(NEAR(m.threshold, 0.35f));
    m = hs_metrics_compute(la, sa, 8, 0.5f);
    CHECK(m.confusion.tp == 3 && m.confusion.fn == 1 && m.confusion.fp == 1 && m.confusion.tn == 3);
    CHECK(NEAR(m.se, 0.75) && NEAR(m.sp, 0.75));
    /* score == threshold counts as abnormal: at 0.4 the 0.4 record is a tp */
    m = hs_metrics_compute(la, sa, 8, 0.4f);
    CHECK(m.confusion.tp == 4);
}

static void test_auc(void) {
    /* pos {0.5,0.5} vs neg {0.5,0.2}: each positive ties one negative (0.5) and beats one (1)
     * -> (1.5 + 1.5) / 4 = 0.75 */
    const int l1[] = {1, 0, 1, 0};
    const float s1[] = {0.5f, 0.5f, 0.5f, 0.2f};
    CHECK(NEAR(hs_auc(l1, s1, 4), 0.75));
    /* all scores equal: every pair is a tie -> 0.5 */
    const float s2[] = {0.3f, 0.3f, 0.3f, 0.3f};
    CHECK(NEAR(hs_auc(l1, s2, 4), 0.5));
    /* perfectly reversed: every negative above every positive -> 0 */
    const int l3[] = {1, 1, 0, 0};
    const float s3[] = {0.1f, 0.2f, 0.8f, 0.9f};
    CHECK(NEAR(hs_auc(l3, s3, 4), 0.0));
    /* perfectly separated -> 1 */
    const float s4[] = {0.9f, 0.8f, 0.2f, 0.1f};
    CHECK(NEAR(hs_auc(l3, s4, 4), 1.0));
    /* NaN ranks lowest: positive NaN below the negative 0.5 -> 0 */
    const int l5[] = {1, 0};
    const float s5[] = {NAN, 0.5f};
    CHECK(NEAR(hs_auc(l5, s5, 2), 0.0));
    /* one class only / empty: undefined */
    const int l6[] = {1, 1};
    CHECK(isnan(hs_auc(l6, s4, 2)));
    CHECK(isnan(hs_auc(NULL, NULL, 0)));
}

static void test_threshold(void) {
    /* Case A sorted: 0.1(0) 0.2(0) 0.3(0) 0.4(1) 0.6(1) 0.7(0) 0.8(1) 0.9(1), P = N = 4.
     * MAcc of "score >= cut": 0.1 -> .5, 0.2 -> .625, 0.3 -> .75, 0.4 -> .875, 0.6 -> .75,
     * 0.7 -> .625, 0.8 -> .75, 0.9 -> .625, above all -> .5. Unique best: thresholds in (0.3, 0.4]
     * -> middle 0.35. */
    CHECK(NEAR(hs_threshold_best_macc(la, sa, 8), 0.35f));
    /* Two separate best cuts: 0.125(0) 0.25(1) 0.375(0) 0.75(1): cut at 0.25 -> (1 + .5)/2 = .75,
     * cut at 0.75 -> (.5 + 1)/2 = .75, others .5. Intervals (0.125, 0.25] (width .125) and
     * (0.375, 0.75] (width .375): the wider wins -> 0.5625. */
    const int l2[] = {0, 1, 0, 1};
    const float s2[] = {0.125f, 0.25f, 0.375f, 0.75f};
    CHECK(NEAR(hs_threshold_best_macc(l2, s2, 4), 0.5625f));
    /* A run of two best cuts: 0.25(0) 0.5(1) 0.5(0) 0.75(1): cut 0.25 -> .5, cut 0.5 -> (1+.5)/2
     * = .75, cut 0.75 -> (.5+1)/2 = .75, above -> .5. Best interval (0.25, 0.75] -> 0.5. */
    const float s3[] = {0.25f, 0.5f, 0.5f, 0.75f};
    const int l3[] = {0, 1, 0, 1};
    CHECK(NEAR(hs_threshold_best_macc(l3, s3, 4), 0.5f));
    /* Perfect separation 0.25(0) 0.5(0) 0.75(1) 1.0(1): best (0.5, 0.75] -> 0.625, MAcc 1 there */
    const int l4[] = {0, 0, 1, 1};
    const float s4[] = {0.25f, 0.5f, 0.75f, 1.0f};
    float t = hs_threshold_best_macc(l4, s4, 4);
    CHECK(NEAR(t, 0.625f));
    CHECK(NEAR(hs_metrics_compute(l4, s4, 4, t).macc, 1.0));
    /* Reversed separation 0.25(1) 0.5(1) 0.75(0) 1.0(0): cuts give MAcc .5, .25, 0, .25, .5 ->
     * best at both ends, each a zero-width clipped interval; the first (all abnormal, threshold =
     * the lowest score 0.25) is kept. */
    const int l5[] = {1, 1, 0, 0};
    t = hs_threshold_best_macc(l5, s4, 4);
    CHECK(NEAR(t, 0.25f));
    /* Adjacent floats: cut must lie strictly above the lower score. 0.5(0), next float(1) */
    const int l6[] = {0, 1};
    const float s6[] = {0.5f, nextafterf(0.5f, 1.0f)};
    t = hs_threshold_best_macc(l6, s6, 2);
    CHECK(t > s6[0] && t <= s6[1]);
    /* Undefined -> 0.5 */
    CHECK(hs_threshold_best_macc(l6, s6, 0) == 0.5f);
    const int l7[] = {1, 1};
    CHECK(hs_threshold_best_macc(l7, s6, 2) == 0.5f);
}

static void test_degenerate(void) {
    hs_metrics m = hs_metrics_compute(NULL, NULL, 0, 0.5f);
    CHECK(m.n == 0 && isnan(m.se) && isnan(m.sp) && isnan(m.macc) && isnan(m.acc) && isnan(m.auc));
    CHECK(isnan(m.precision) && isnan(m.f1_abnormal));
    /* no positives: labels 0 0, scores .2 .7 at .5 -> tn 1, fp 1; se undefined, sp .5,
     * precision 0/1 = 0, f1 = 0/(0+1+0) = 0, acc .5 */
    const int l1[] = {0, 0};
    const float s1[] = {0.2f, 0.7f};
    m = hs_metrics_compute(l1, s1, 2, 0.5f);
    CHECK(isnan(m.se) && NEAR(m.sp, 0.5) && isnan(m.macc) && isnan(m.auc));
    CHECK(NEAR(m.precision, 0) && NEAR(m.f1_abnormal, 0) && NEAR(m.acc, 0.5));
    /* no negatives: labels 1 1 -> tp 1 (0.7), fn 1: se .5, sp undefined, precision 1,
     * f1 = 2/(2+0+1) = 2/3 */
    const int l2[] = {1, 1};
    m = hs_metrics_compute(l2, s1, 2, 0.5f);
    CHECK(NEAR(m.se, 0.5) && isnan(m.sp) && isnan(m.macc));
    CHECK(NEAR(m.precision, 1) && NEAR(m.f1_abnormal, 2.0 / 3.0));
    /* nothing predicted abnormal: precision undefined, f1 0 (positives all missed) */
    m = hs_metrics_compute(l2, s1, 2, 0.9f);
    CHECK(isnan(m.precision) && NEAR(m.f1_abnormal, 0) && NEAR(m.se, 0));
    /* one true negative only: f1 = 0/0 undefined */
    m = hs_metrics_compute(l1, s1, 1, 0.5f);
    CHECK(isnan(m.f1_abnormal) && NEAR(m.sp, 1) && NEAR(m.acc, 1));
}

static void test_json(void) {
    hs_metrics m = hs_metrics_compute(la, sa, 8, 0.35f);
    char buf[1024];
    int n = hs_metrics_json(&m, buf, sizeof buf);
    CHECK(n > 0 && (size_t)n == strlen(buf));
    CHECK(strstr(buf, "\"n\":8,") != NULL);
    CHECK(strstr(buf, "\"se\":1,") != NULL);
    CHECK(strstr(buf, "\"sp\":0.75,") != NULL);
    CHECK(strstr(buf, "\"macc\":0.875,") != NULL);
    CHECK(strstr(buf, "\"precision\":0.8,") != NULL);
    CHECK(strstr(buf, "\"threshold\":0.35,") != NULL);
    CHECK(strstr(buf, "\"confusion\":{\"tp\":4,\"fp\":1,\"tn\":3,\"fn\":0}}") != NULL);
    CHECK(buf[0] == '{' && buf[n - 1] == '}');
    /* truncation: returns the needed length, output NUL-terminated */
    char small[10];
    int need = hs_metrics_json(&m, small, sizeof small);
    CHECK(need == n && strlen(small) == sizeof small - 1 && !strncmp(small, buf, sizeof small - 1));
    CHECK(hs_metrics_json(&m, NULL, 0) == n);
    /* NaN -> null */
    m = hs_metrics_compute(NULL, NULL, 0, 0.5f);
    hs_metrics_json(&m, buf, sizeof buf);
    CHECK(strstr(buf, "\"se\":null,") && strstr(buf, "\"auc\":null,") && strstr(buf, "\"n\":0,"));
    CHECK(!strstr(buf, "nan"));
}

int main(void) {
    test_basic();
    test_auc();
    test_threshold();
    test_degenerate();
    test_json();
    return hs_test_finish("test_metrics");
}
