/* Trainer speed: ms per training window (forward + backward + AdamW, batch 32, one thread) of the CNN
 * for a few channel / stride settings. Random inputs: speed does not depend on the data.
 * Usage: bench_train_step [STEPS] */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include "arch.h"
#include "bench_util.h"
#include "net_train.h"

typedef struct { const char *name; int ch[4]; int stride, stride_w; } bench_cfg;

int main(int argc, char **argv) {
    const int steps = argc > 1 ? atoi(argv[1]) : 20, N = 32, frames = 200, mels = 32;
    const bench_cfg cfgs[] = {{"8/16/16/16 stride 2x1", {8, 16, 16, 16}, 2, 1},
                              {"16/32/32/32 stride 2x1", {16, 32, 32, 32}, 2, 1},
                              {"16/32/32/32 stride 2x2", {16, 32, 32, 32}, 2, 2},
                              {"16/32/64/64 stride 2x2", {16, 32, 64, 64}, 2, 2},
                              {"24/48/48/48 stride 2x2", {24, 48, 48, 48}, 2, 2}};
    float *x = malloc((size_t)N * frames * mels * sizeof *x), y[32];
    if (!x || steps < 1) return 1;
    hs_rng rng;
    hs_rng_seed(&rng, 1);
    for (int i = 0; i < N * frames * mels; i++) x[i] = hs_rng_normal(&rng);
    for (int i = 0; i < N; i++) y[i] = (float)(i & 1);
    for (size_t c = 0; c < sizeof cfgs / sizeof cfgs[0]; c++) {
        hs_net net;
        hs_trainer_net t;
        if (hs_arch_build(&net, frames, mels, cfgs[c].ch, 4, cfgs[c].stride, cfgs[c].stride_w, 0.3f) != 0 ||
            hs_trainer_net_init(&t, &net, N) != 0) return 1;
        hs_net_init_he(&net, &rng);
        hs_trainer_net_step(&t, x, y, NULL, N, 0.1f, &rng); /* warm-up */
        double t0 = now_ms();
        for (int s = 0; s < steps; s++) {
            hs_trainer_net_step(&t, x, y, NULL, N, 0.1f, &rng);
            hs_trainer_net_adamw(&t, 1e-3f, 1e-3f);
        }
        double ms = (now_ms() - t0) / ((double)steps * N);
        printf("train step %-22s %.2f M MACs/window  %.3f ms/window  (%d steps x %d)\n", cfgs[c].name,
               hs_net_macs(&net) / 1e6, ms, steps, N);
        hs_trainer_net_free(&t);
        hs_net_free(&net);
    }
    free(x);
    return 0;
}
