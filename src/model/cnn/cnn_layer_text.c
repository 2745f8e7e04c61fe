#include "model/cnn/cnn_layer_text.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Which fields each kind uses (bit per field, in the order of field_names). */
enum { F_KH = 1, F_KW = 2, F_SH = 4, F_SW = 8, F_PH = 16, F_PW = 32, F_UNITS = 64, F_RATE = 128, F_EPS = 256 };
static const char *const field_names[] = {"kh", "kw", "sh", "sw", "ph", "pw", "units", "rate", "eps"};
#define N_FIELDS 9

static const struct { hs_layer_kind kind; const char *name; unsigned fields; } kinds[] = {
    {HS_LAYER_CONV2D, "conv2d", F_KH | F_KW | F_SH | F_SW | F_PH | F_PW | F_UNITS},
    {HS_LAYER_BATCHNORM, "batchnorm", F_EPS},
    {HS_LAYER_RELU, "relu", 0},
    {HS_LAYER_MAXPOOL, "maxpool", F_KH | F_KW | F_SH | F_SW},
    {HS_LAYER_AVGPOOL, "avgpool", F_KH | F_KW | F_SH | F_SW},
    {HS_LAYER_GLOBAL_AVGPOOL, "global_avgpool", 0},
    {HS_LAYER_DENSE, "dense", F_UNITS},
    {HS_LAYER_DROPOUT, "dropout", F_RATE},
    {HS_LAYER_SIGMOID, "sigmoid", 0},
};
#define N_KINDS (int)(sizeof kinds / sizeof kinds[0])

static int *int_field(hs_layer *L, int f) {
    int *p[] = {&L->kh, &L->kw, &L->sh, &L->sw, &L->ph, &L->pw, &L->units};
    return f < 7 ? p[f] : NULL;
}
static float *float_field(hs_layer *L, int f) { return f == 7 ? &L->rate : f == 8 ? &L->eps : NULL; }

int hs_layer_to_text(const hs_layer *L, char *buf, size_t cap) {
    int k = 0;
    while (k < N_KINDS && kinds[k].kind != L->kind) k++;
    if (k == N_KINDS || cap == 0) return -1;
    hs_layer tmp = *L; /* int_field/float_field take a mutable layer */
    size_t n = (size_t)snprintf(buf, cap, "%s", kinds[k].name);
    for (int f = 0; f < N_FIELDS && n < cap; f++) {
        if (!(kinds[k].fields & (1u << f))) continue;
        if (int_field(&tmp, f)) n += (size_t)snprintf(buf + n, cap - n, " %s=%d", field_names[f], *int_field(&tmp, f));
        else n += (size_t)snprintf(buf + n, cap - n, " %s=%.9g", field_names[f], (double)*float_field(&tmp, f));
    }
    return n < cap ? 0 : -1;
}

/* Parse one "name=value" token of length len. */
static int parse_field(const char *tok, size_t len, unsigned allowed, unsigned *seen, hs_layer *L) {
    const char *eq = memchr(tok, '=', len);
    if (!eq) return -1;
    size_t nl = (size_t)(eq - tok);
    char val[48];
    size_t vl = len - nl - 1;
    if (vl == 0 || vl >= sizeof val) return -1;
    memcpy(val, eq + 1, vl);
    val[vl] = 0;
    for (int f = 0; f < N_FIELDS; f++) {
        if (strlen(field_names[f]) != nl || memcmp(field_names[f], tok, nl) != 0) continue;
        if (!(allowed & (1u << f)) || (*seen & (1u << f))) return -1;
        *seen |= 1u << f;
        char *end;
        errno = 0;
        if (int_field(L, f)) {
            long long v = strtoll(val, &end, 10);
            if (*end || errno || v < -1000000000LL || v > 1000000000LL) return -1;
            *int_field(L, f) = (int)v;
        } else {
            float v = strtof(val, &end);
            if (*end || !isfinite(v)) return -1;
            *float_field(L, f) = v;
        }
        return 0;
    }
    return -1;
}

int hs_layer_from_text(const char *s, hs_layer *L) {
    memset(L, 0, sizeof *L);
    size_t kl = strcspn(s, " ");
    int k = 0;
    while (k < N_KINDS && !(strlen(kinds[k].name) == kl && memcmp(kinds[k].name, s, kl) == 0)) k++;
    if (k == N_KINDS) return -1;
    L->kind = kinds[k].kind;
    unsigned seen = 0;
    for (const char *p = s + kl; *p;) {
        if (*p == ' ') { p++; continue; }
        size_t tl = strcspn(p, " ");
        if (parse_field(p, tl, kinds[k].fields, &seen, L) != 0) return -1;
        p += tl;
    }
    return seen == kinds[k].fields ? 0 : -1; /* every field of the kind is required */
}
