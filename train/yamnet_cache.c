#include "yamnet_cache.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "model/crc32.h"
#include "model/hsm.h"
#include "progress.h"

/* The key hashes the backbone's conv + classifier tensors (not the whole file: metadata or the front end's
 * mel matrix, which the float embeddings do not use, may change without invalidating the cache). */
static void make_key(const uint8_t *backbone, size_t len, int stride, int max_patches, int whiten, char *key, size_t cap) {
    uint32_t crc = 0;
    hs_hsm h;
    if (hs_hsm_parse(backbone, len, 0, &h) == HS_OK) {
        for (size_t i = 0; i < h.n_tensors; i++)
            if (!strncmp(h.tensors[i].name, "yamnet.l", 8) || !strncmp(h.tensors[i].name, "yamnet.dense", 12))
                crc = hs_crc32(crc, h.tensors[i].data, h.tensors[i].nbytes);
        hs_hsm_free(&h);
    }
    snprintf(key, cap, "yamnet-embed v1 backbone-crc=%08x stride=%d max=%d level=%g rate=%d%s", crc, stride, max_patches,
             (double)HS_YAMNET_LEVEL_RMS, HS_YAMNET_RATE, whiten ? " whiten" : "");
}

static void tensor_name(const hs_record *r, char *buf, size_t cap) { snprintf(buf, cap, "emb.%s/%s", r->subset, r->name); }

static hs_status load(const hs_dataset *d, const char *path, const char *key, hs_yamnet_cache *c) {
    FILE *f = fopen(path, "rb");
    if (!f) return HS_ERR_IO;
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *bytes = len > 0 ? malloc((size_t)len) : NULL;
    hs_status st = bytes && fread(bytes, 1, (size_t)len, f) == (size_t)len ? HS_OK : HS_ERR_IO;
    fclose(f);
    hs_hsm h;
    if (st == HS_OK) st = hs_hsm_parse(bytes, (size_t)len, 0, &h);
    if (st != HS_OK) { free(bytes); return st; }
    const char *k = hs_hsm_meta_get(&h, "cache.key");
    if (!k || strcmp(k, key) != 0) st = HS_ERR_MODEL_VERSION;
    for (int i = 0; i < d->n && st == HS_OK; i++) {
        char name[160];
        tensor_name(&d->rec[i], name, sizeof name);
        const hs_hsm_tensor *t = hs_hsm_find(&h, name);
        if (!t || t->dtype != HS_DT_F32 || t->rank != 2 || t->dims[1] != HS_YAMNET_EMBED || !t->dims[0]) { st = HS_ERR_MODEL_FORMAT; break; }
        c->count[i] = t->dims[0];
        if (!(c->emb[i] = malloc(t->nbytes))) st = HS_ERR_NOMEM;
        else memcpy(c->emb[i], t->data, t->nbytes);
    }
    hs_hsm_free(&h);
    free(bytes);
    return st;
}

static hs_status save(const hs_dataset *d, const hs_yamnet_cache *c, const char *path) {
    hs_hsm_writer *w = hs_hsm_writer_create();
    hs_status st = w ? hs_hsm_add_meta(w, "cache.key", c->key) : HS_ERR_NOMEM;
    for (int i = 0; i < d->n && st == HS_OK; i++) {
        char name[160];
        tensor_name(&d->rec[i], name, sizeof name);
        size_t dims[2] = {c->count[i], HS_YAMNET_EMBED};
        st = hs_hsm_add_tensor(w, name, HS_DT_F32, 2, dims, c->emb[i]);
    }
    if (st == HS_OK) st = hs_hsm_writer_save(w, path);
    hs_hsm_writer_destroy(w);
    return st;
}

static hs_status one_record(hs_yamnet_embedder *e, const hs_record *r, int stride, int max_patches, float **emb,
                            size_t *count) {
    hs_audio a = {0};
    hs_status st = hs_wav_read_file(r->path, &a, NULL);
    if (st == HS_OK) st = hs_yamnet_embed_audio(e, &a, stride, max_patches, emb, NULL, count);
    hs_audio_free(&a);
    return st;
}

static hs_status build(const hs_dataset *d, const uint8_t *backbone, size_t len, int stride, int max_patches,
                       int whiten, hs_yamnet_cache *c) {
    hs_status first_err = HS_OK;
    int first_bad = -1;
    long done = 0, patches = 0;
    hs_progress *prog = hs_progress_start("yamnet embeddings", d->n);
    #pragma omp parallel
    {
        hs_hsm h;
        hs_yamnet *y = NULL;
        hs_yamnet_embedder *e = NULL;
        hs_status pst = hs_hsm_parse(backbone, len, 0, &h);
        if (pst == HS_OK) { pst = hs_yamnet_create(&h, NULL, &y); hs_hsm_free(&h); }
        if (pst == HS_OK) e = hs_yamnet_embedder_create(y, &pst);
        hs_yamnet_embedder_set_whiten(e, whiten);
        #pragma omp for schedule(dynamic, 4)
        for (int i = 0; i < d->n; i++) {
            hs_status st = e ? one_record(e, &d->rec[i], stride, max_patches, &c->emb[i], &c->count[i]) : pst;
            #pragma omp critical
            {
                if (st != HS_OK && (first_bad < 0 || i < first_bad)) { first_bad = i; first_err = st; }
                patches += (long)c->count[i];
                hs_progress_update(prog, ++done, "%ld patches", patches);
            }
        }
        hs_yamnet_embedder_destroy(e);
        hs_yamnet_destroy(y);
    }
    if (first_err != HS_OK) {
        hs_progress_end(prog, "failed");
        fprintf(stderr, "heartsound: %s: %s\n", first_bad >= 0 ? d->rec[first_bad].path : "backbone",
                hs_status_string(first_err));
        return first_err;
    }
    hs_progress_end(prog, "%d records, %ld patches", d->n, patches);
    return HS_OK;
}

void hs_yamnet_cache_free(hs_yamnet_cache *c) {
    if (!c) return;
    for (int i = 0; c->emb && i < c->n; i++) free(c->emb[i]);
    free(c->emb);
    free(c->count);
    memset(c, 0, sizeof *c);
}

hs_status hs_yamnet_cache_get(const hs_dataset *d, const uint8_t *backbone, size_t len, int stride,
                              int max_patches, int whiten, const char *path, hs_yamnet_cache *out) {
    if (!d || !backbone || !out) return HS_ERR_ARG;
    memset(out, 0, sizeof *out);
    out->n = d->n;
    make_key(backbone, len, stride, max_patches, whiten, out->key, sizeof out->key);
    out->count = calloc((size_t)d->n + 1, sizeof *out->count);
    out->emb = calloc((size_t)d->n + 1, sizeof *out->emb);
    if (!out->count || !out->emb) { hs_yamnet_cache_free(out); return HS_ERR_NOMEM; }
    if (path && load(d, path, out->key, out) == HS_OK) {
        fprintf(stderr, "yamnet embeddings: loaded %s\n", path);
        return HS_OK;
    }
    for (int i = 0; i < d->n; i++) { free(out->emb[i]); out->emb[i] = NULL; out->count[i] = 0; }
    hs_status st = build(d, backbone, len, stride, max_patches, whiten, out);
    if (st == HS_OK && path && (st = save(d, out, path)) != HS_OK)
        fprintf(stderr, "heartsound: %s: cannot write the cache (%s)\n", path, hs_status_string(st));
    if (st != HS_OK) hs_yamnet_cache_free(out);
    return st;
}
