/* Small seeded PRNG (xoshiro256**, seeded by splitmix64): every random choice of the trainer
 * (init, sampling, augmentation, dropout) comes from one of these, so a run is reproducible. */
#ifndef HS_TRAIN_RNG_H
#define HS_TRAIN_RNG_H
#include <stdint.h>

typedef struct hs_rng { uint64_t s[4]; } hs_rng;

void hs_rng_seed(hs_rng *r, uint64_t seed);
uint64_t hs_rng_next(hs_rng *r);
float hs_rng_uniform(hs_rng *r);          /* [0, 1) */
float hs_rng_normal(hs_rng *r);           /* standard normal (Box-Muller) */
int hs_rng_int(hs_rng *r, int n);         /* [0, n), n >= 1 */
float hs_rng_beta(hs_rng *r, float a);    /* Beta(a, a), a > 0 (mixup weights) */
#endif
