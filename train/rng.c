/* xoshiro256** by Blackman & Vigna (public-domain algorithm), seeded with splitmix64. */
#include <math.h>
#include "rng.h"

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

void hs_rng_seed(hs_rng *r, uint64_t seed) {
    for (int i = 0; i < 4; i++) {
        uint64_t z = (seed += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        r->s[i] = z ^ (z >> 31);
    }
}

uint64_t hs_rng_next(hs_rng *r) {
    uint64_t *s = r->s;
    uint64_t out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3];
    s[2] ^= t; s[3] = rotl(s[3], 45);
    return out;
}

/* uniform in (0, 1]: safe under log() and pow(u, 1/k) */
static double unit_open0(hs_rng *r) { return ((double)(hs_rng_next(r) >> 11) + 1.0) * (1.0 / 9007199254740993.0); }

float hs_rng_uniform(hs_rng *r) { return (float)(hs_rng_next(r) >> 40) * (1.0f / 16777216.0f); }

float hs_rng_normal(hs_rng *r) {
    double u1 = unit_open0(r);
    double u2 = (double)(hs_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
    return (float)(sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2));
}

int hs_rng_int(hs_rng *r, int n) { return (int)((hs_rng_next(r) >> 33) % (uint64_t)n); }

/* Gamma(k, 1) by Marsaglia & Tsang (2000); k < 1 through Gamma(k + 1) * U^(1/k). */
static double rng_gamma(hs_rng *r, double k) {
    if (k < 1.0) {
        const double u = unit_open0(r); /* drawn first: operand order in C is unspecified */
        return rng_gamma(r, k + 1.0) * pow(u, 1.0 / k);
    }
    const double d = k - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
    for (;;) {
        double x = hs_rng_normal(r), v = 1.0 + c * x;
        if (v <= 0.0) continue;
        v = v * v * v;
        if (log(unit_open0(r)) < 0.5 * x * x + d - d * v + d * log(v)) return d * v;
    }
}

float hs_rng_beta(hs_rng *r, float a) {
    double x = rng_gamma(r, a), y = rng_gamma(r, a);
    return x + y > 0.0 ? (float)(x / (x + y)) : 0.5f;
}
