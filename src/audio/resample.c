/* Arbitrary-ratio resampler: Kaiser-windowed sinc evaluated in polyphase form.
 *
 * Conventions (see docs/FEATURES.md):
 * - output sample k sits at time k / out_rate, input sample j at j / in_rate: the kernel is symmetric and
 *   centred, so there is no delay;
 * - n_out = ceil(n * out_rate / in_rate);
 * - the signal is taken as zero outside [0, n).
 *
 * Design: the anti-alias / anti-image low-pass works at the LOWER of the two rates. Its passband ends at
 * 0.90 and its stopband starts at 1.00 of that rate's Nyquist frequency, with >= 80 dB attenuation (Kaiser
 * design for 90 dB: the formula is approximate and the margin is cheap). When the exact table of
 * L phases x T taps would be too big (odd rates such as 44101 -> 2000 have L = 2000 phases), the kernel is
 * instead interpolated linearly per output from a finely sampled copy, which bounds memory.
 *
 * Speed: that sharp filter spans ~116 output samples, i.e. ~2800 taps per output at 48 kHz -> 2 kHz. For
 * large reductions a cheap first stage therefore decimates by an integer D to >= 4x the output rate; it only
 * has to keep what would alias into the final band out of it (stopband from rate/D - out/2), so its filter
 * is ~50 taps. The sharp second stage then runs at the lower rate: ~4x less work, same response.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "heartsound.h"

#define RS_PASS_EDGE 0.90      /* of the lower Nyquist frequency */
#define RS_STOP_EDGE 1.00
#define RS_DESIGN_DB 90.0      /* Kaiser design target; the test measures >= 80 dB */
#define RS_TABLE_MAX (1u << 20) /* floats in an exact polyphase table (4 MB) */
#define RS_FINE_STEPS 1024     /* fine-table samples per lower-rate sample (interpolated mode) */
#define RS_TAP_ALIGN 16        /* taps padded to a multiple of 16 so the dot product vectorises */
#define RS_PI 3.14159265358979323846
#define RS_STAGE_FACTOR 4      /* two stages when in_rate / (4 * out_rate) >= 2 */

/* Windowed-sinc low-pass in "kernel units" of `scale` input samples (the lower-rate sample period for the
 * sharp filter, one input sample for the first decimation stage). */
typedef struct kernel {
    double fc;     /* cutoff, cycles per kernel unit */
    double half;   /* half-width, kernel units */
    double beta;   /* Kaiser beta */
    double i0beta; /* I0(beta) */
    double scale;  /* input samples per kernel unit (>= 1) */
} kernel;

/* Modified Bessel function of the first kind, order 0 (power series; converges fast for beta < 20). */
static double bessel_i0(double x) {
    double sum = 1.0, term = 1.0, q = x * x / 4.0;
    for (int k = 1; k < 200; k++) {
        term *= q / ((double)k * k);
        sum += term;
        if (term < sum * 1e-17) break;
    }
    return sum;
}

/* Kaiser design: passband to `pass`, stopband from `stop` (cycles per kernel unit). */
static kernel kernel_design(double pass, double stop, double scale) {
    kernel k;
    double taps = (RS_DESIGN_DB - 7.95) / (14.36 * (stop - pass)); /* Kaiser's length estimate */
    k.fc = 0.5 * (pass + stop);
    k.half = ceil(taps * 0.5);
    k.beta = 0.1102 * (RS_DESIGN_DB - 8.7);
    k.i0beta = bessel_i0(k.beta);
    k.scale = scale;
    return k;
}

/* The sharp filter for in_rate -> out_rate, in lower-rate sample units. */
static kernel kernel_sharp(double in_rate, double out_rate) {
    return kernel_design(RS_PASS_EDGE * 0.5, RS_STOP_EDGE * 0.5, in_rate > out_rate ? in_rate / out_rate : 1.0);
}

/* Kernel value u kernel units from the centre (unit DC gain when summed at unit spacing). */
static double kernel_at(const kernel *k, double u) {
    double r = u / k->half;
    if (r <= -1.0 || r >= 1.0) return 0.0;
    double x = 2.0 * k->fc * u;
    double sinc = fabs(x) < 1e-12 ? 1.0 : sin(RS_PI * x) / (RS_PI * x);
    return 2.0 * k->fc * sinc * bessel_i0(k->beta * sqrt(1.0 - r * r)) / k->i0beta;
}

/* Everything one resampling run needs. Output k lies at input time t = k*M/L; its window starts at input
 * sample floor(t) + first, and tap i is weighted by the kernel at (floor(t) + first + i) - t. */
typedef struct plan {
    kernel k;
    uint64_t L, M;   /* out/in reduced: output k is at input time k*M/L */
    size_t taps;     /* T, multiple of RS_TAP_ALIGN */
    long first;      /* offset of tap 0 relative to floor(time) */
    float *table;    /* exact mode: L x T weights; NULL in interpolated mode */
    float *fine;     /* interpolated mode: kernel at u = i / RS_FINE_STEPS, i = 0..n_fine */
    size_t n_fine;
    float *scratch;  /* interpolated mode: T weights of the current output */
} plan;

static uint64_t gcd_u64(uint64_t a, uint64_t b) {
    while (b) { uint64_t t = a % b; a = b; b = t; }
    return a;
}

static void weights_exact(const plan *p, double frac, float *w) {
    for (size_t i = 0; i < p->taps; i++) {
        double t = (double)((long)i + p->first) - frac; /* input samples from the output time */
        w[i] = (float)(kernel_at(&p->k, t / p->k.scale) / p->k.scale);
    }
}

static void weights_interp(const plan *p, double frac, float *w) {
    double step = RS_FINE_STEPS / p->k.scale;
    for (size_t i = 0; i < p->taps; i++) {
        double t = fabs((double)((long)i + p->first) - frac);
        double pos = t * step;
        size_t j = (size_t)pos;
        if (j >= p->n_fine) { w[i] = 0.0f; continue; }
        double a = pos - (double)j;
        w[i] = (float)(((1.0 - a) * p->fine[j] + a * p->fine[j + 1]) / p->k.scale);
    }
}

/* Output k at input time k * M / L (M / L need not be reduced). */
static hs_status plan_init(plan *p, kernel k, uint64_t L, uint64_t M) {
    memset(p, 0, sizeof *p);
    p->k = k;
    uint64_t g = gcd_u64(L, M);
    p->L = L / g;
    p->M = M / g;
    long reach = (long)ceil(p->k.half * p->k.scale) + 1; /* input samples either side */
    size_t taps = (size_t)(2 * reach);
    p->taps = (taps + RS_TAP_ALIGN - 1) / RS_TAP_ALIGN * RS_TAP_ALIGN;
    p->first = -(long)(p->taps / 2) + 1;
    if (p->L * p->taps <= RS_TABLE_MAX) {
        p->table = malloc(p->L * p->taps * sizeof(float));
        if (!p->table) return HS_ERR_NOMEM;
        for (uint64_t ph = 0; ph < p->L; ph++)
            weights_exact(p, (double)ph / (double)p->L, p->table + ph * p->taps);
        return HS_OK;
    }
    p->n_fine = (size_t)(p->k.half * RS_FINE_STEPS);
    p->fine = malloc((p->n_fine + 2) * sizeof(float));
    p->scratch = malloc(p->taps * sizeof(float));
    if (!p->fine || !p->scratch) return HS_ERR_NOMEM;
    for (size_t i = 0; i <= p->n_fine + 1; i++)
        p->fine[i] = (float)kernel_at(&p->k, (double)i / RS_FINE_STEPS);
    return HS_OK;
}

static void plan_free(plan *p) {
    free(p->table);
    free(p->fine);
    free(p->scratch);
}

/* n is a multiple of 16; sixteen independent sums let the compiler vectorise without reassociating and
 * keep several vector additions in flight. */
static float dot16(const float *a, const float *b, size_t n) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    float s8 = 0, s9 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0, s14 = 0, s15 = 0;
    for (size_t i = 0; i < n; i += 16) {
        s0 += a[i + 0] * b[i + 0];
        s1 += a[i + 1] * b[i + 1];
        s2 += a[i + 2] * b[i + 2];
        s3 += a[i + 3] * b[i + 3];
        s4 += a[i + 4] * b[i + 4];
        s5 += a[i + 5] * b[i + 5];
        s6 += a[i + 6] * b[i + 6];
        s7 += a[i + 7] * b[i + 7];
        s8 += a[i + 8] * b[i + 8];
        s9 += a[i + 9] * b[i + 9];
        s10 += a[i + 10] * b[i + 10];
        s11 += a[i + 11] * b[i + 11];
        s12 += a[i + 12] * b[i + 12];
        s13 += a[i + 13] * b[i + 13];
        s14 += a[i + 14] * b[i + 14];
        s15 += a[i + 15] * b[i + 15];
    }
    return (((s0 + s8) + (s4 + s12)) + ((s1 + s9) + (s5 + s13))) +
           (((s2 + s10) + (s6 + s14)) + ((s3 + s11) + (s7 + s15)));
}

/* Near the ends part of the window falls outside [0, n): those samples are zero. */
static float dot_clipped(const float *x, size_t n, long start, const float *w, size_t taps) {
    double s = 0.0;
    for (size_t i = 0; i < taps; i++) {
        long j = start + (long)i;
        if (j >= 0 && (size_t)j < n) s += (double)x[j] * w[i];
    }
    return (float)s;
}

static void run(const plan *p, const float *x, size_t n, float *out, size_t n_out) {
    for (size_t k = 0; k < n_out; k++) {
        uint64_t pos = (uint64_t)k * p->M;
        uint64_t phase = pos % p->L;
        long start = (long)(pos / p->L) + p->first;
        const float *w;
        if (p->table) {
            w = p->table + phase * p->taps;
        } else {
            weights_interp(p, (double)phase / (double)p->L, p->scratch);
            w = p->scratch;
        }
        if (start >= 0 && (size_t)start + p->taps <= n) out[k] = dot16(x + start, w, p->taps);
        else out[k] = dot_clipped(x, n, start, w, p->taps);
    }
}

/* One stage: x (n samples) -> out (n_out samples, output k at input time k * M / L). */
static hs_status stage(kernel k, uint64_t L, uint64_t M, const float *x, size_t n, float *out, size_t n_out) {
    plan p;
    hs_status st = plan_init(&p, k, L, M);
    if (st == HS_OK) run(&p, x, n, out, n_out);
    plan_free(&p);
    return st;
}

hs_status hs_resample(const float *x, size_t n, int in_rate, int out_rate, float **y, size_t *ny) {
    if (!y || !ny) return HS_ERR_ARG;
    *y = NULL;
    *ny = 0;
    if ((!x && n) || in_rate < HS_MIN_RATE || in_rate > HS_MAX_RATE || out_rate < HS_MIN_RATE ||
        out_rate > HS_MAX_RATE)
        return HS_ERR_ARG;
    if (n == 0) return HS_ERR_EMPTY;
    if ((double)n > HS_MAX_SECONDS * in_rate) return HS_ERR_WAV_TOO_LONG;
    size_t n_out = in_rate == out_rate ? n : (size_t)(((uint64_t)n * (uint64_t)out_rate + (uint64_t)in_rate - 1) /
                                                      (uint64_t)in_rate);
    float *out = malloc(n_out * sizeof(float));
    if (!out) return HS_ERR_NOMEM;
    hs_status st = HS_OK;
    int d = in_rate / (RS_STAGE_FACTOR * out_rate); /* first stage: in/d >= 4x the output rate */
    if (in_rate == out_rate) {
        memcpy(out, x, n * sizeof(float));
    } else if (d >= 2) {
        /* stage 1: keep 0..0.45 out, reject from in/d - out/2 (what would fold into 0..out/2 at in/d) */
        double r = (double)in_rate;
        kernel k1 = kernel_design(RS_PASS_EDGE * 0.5 * out_rate / r, (r / d - 0.5 * out_rate) / r, 1.0);
        size_t n1 = (n + (size_t)d - 1) / (size_t)d;
        float *mid = malloc(n1 * sizeof(float));
        if (!mid) st = HS_ERR_NOMEM;
        if (st == HS_OK) st = stage(k1, 1, (uint64_t)d, x, n, mid, n1);
        /* stage 2: the sharp filter from in/d to out; output k sits at mid-sample k * in / (d * out) */
        if (st == HS_OK)
            st = stage(kernel_sharp(r / d, out_rate), (uint64_t)out_rate * (uint64_t)d, (uint64_t)in_rate, mid, n1,
                       out, n_out);
        free(mid);
    } else {
        st = stage(kernel_sharp(in_rate, out_rate), (uint64_t)out_rate, (uint64_t)in_rate, x, n, out, n_out);
    }
    if (st != HS_OK) { free(out); return st; }
    *y = out;
    *ny = n_out;
    return HS_OK;
}
