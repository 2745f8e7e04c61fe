/* train-yamnet driver: dataset -> embedding cache -> heads under CV / LOSO -> final head file. */
#include "yamnet_train.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "dataset.h"
#include "yamnet_cache.h"
#include "yamnet_head_fit.h"

hs_yamnet_train_opts hs_yamnet_train_defaults(void) {
    hs_yamnet_train_opts o;
    memset(&o, 0, sizeof o);
    o.cache = "build/cache/yamnet-emb.hsm";
    o.head = "best";
    o.stride = 2;
    o.max_patches = 16;
    o.folds = 10;
    o.epochs = 30;
    o.hidden = 64;
    o.lr = 1e-3f;
    o.dropout = 0.3f;
    o.wd = 1e-3f;
    o.seed = 1;
    return o;
}

int hs_yamnet_train_run(const hs_yamnet_train_opts *o) {
    hs_dataset d;
    hs_status st = hs_dataset_scan(o->dirs, o->ndirs, &d);
    if (st != HS_OK) { fprintf(stderr, "heartsound: train-yamnet: %s\n", hs_dataset_error()); return 2; }
    hs_yamnet_cache c;
    st = hs_yamnet_cache_get(&d, o->backbone, o->backbone_len, o->stride, o->max_patches, o->whiten, o->cache, &c);
    int rc = st == HS_OK ? 0 : 2;
    if (rc == 0 && !o->cache_only) rc = hs_yamnet_heads_run(o, &d, &c);
    hs_yamnet_cache_free(&c);
    hs_dataset_free(&d);
    return rc;
}
