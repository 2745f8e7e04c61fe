/* Late fusion (train/fuse.c): CSV joining, bad files, and the fused decision rule on a case worked by hand. */
#define _POSIX_C_SOURCE 200809L /* getpid */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include "fuse.h"
#include "testutil.h"

static const char *write_tmp(int slot, const char *text) {
    static char path[4][256];
    snprintf(path[slot], sizeof path[slot], "%s/hs_fuse_%d_%d.csv", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
             (int)getpid(), slot);
    FILE *f = fopen(path[slot], "w");
    if (f) { fputs(text, f); fclose(f); }
    return path[slot];
}

int main(void) {
    /* Model A errs on r2 (missed) and r3 (false alarm), B on r1 and r4; the mean of the two fixes all four:
     *   r1 abn: A 0.60/0.5 yes, B 0.25/0.3 no  -> fused 0.425 vs 0.40 yes
     *   r2 abn: A 0.40/0.5 no,  B 0.50/0.3 yes -> 0.450 vs 0.40 yes
     *   r3 nor: A 0.55/0.5 yes, B 0.10/0.3 no  -> 0.325 vs 0.40 no
     *   r4 nor: A 0.20/0.5 no,  B 0.35/0.3 yes -> 0.275 vs 0.40 no */
    const char *a = write_tmp(0, "subset,record,label,p,threshold,fold\n"
                                 "s1,r1,1,0.60,0.5,0\ns1,r2,1,0.40,0.5,1\ns2,r3,-1,0.55,0.5,0\ns2,r4,-1,0.20,0.5,1\n");
    /* other column order, other row order, label 0 for normal */
    const char *b = write_tmp(1, "record,p,label,threshold,subset\n"
                                 "r4,0.35,0,0.3,s2\nr3,0.10,0,0.3,s2\nr2,0.50,1,0.3,s1\nr1,0.25,1,0.3,s1\n");
    hs_fuse_rec *r = NULL;
    int n = 0;
    char err[256];
    CHECK(hs_fuse_read(a, 0, &r, &n, err, sizeof err) == 0 && n == 4);
    CHECK(hs_fuse_read(b, 1, &r, &n, err, sizeof err) == 0);
    hs_metrics m[3];
    hs_fuse_score(r, n, 0.5f, NULL, m);
    CHECK(m[0].n == 4 && m[0].confusion.tp == 1 && m[0].confusion.fn == 1 && m[0].confusion.fp == 1);
    CHECK(m[1].confusion.tp == 1 && m[1].confusion.fp == 1 && fabs(m[1].macc - 0.5) < 1e-9);
    CHECK(m[2].confusion.tp == 2 && m[2].confusion.tn == 2 && fabs(m[2].macc - 1.0) < 1e-9);
    CHECK(fabs(m[0].auc - 0.75) < 1e-9); /* raw pA: 0.6>0.55, 0.6>0.2, 0.4<0.55, 0.4>0.2 */
    CHECK(fabs(m[2].auc - 1.0) < 1e-9);
    /* weight 1 = model A alone */
    hs_fuse_score(r, n, 1.0f, NULL, m);
    CHECK(m[2].confusion.tp == 1 && m[2].confusion.fp == 1);
    /* one subset: s1 has only abnormal records -> Sp and MAcc undefined */
    hs_fuse_score(r, n, 0.5f, "s1", m);
    CHECK(m[2].n == 2 && m[2].confusion.tp == 2 && isnan(m[2].macc));
    free(r);

    /* bad inputs: a clear error each */
    const char *bad[] = {
        "record,label,p,threshold\nr1,1,0.5,0.5\n",           /* no subset column */
        "subset,record,label,p,threshold\ns1,r1,2,0.5,0.5\n", /* label */
        "subset,record,label,p,threshold\ns1,r1,1,1.5,0.5\n", /* p out of range */
        "subset,record,label,p,threshold\ns1,r1,1,0.5\n",     /* short line */
        "",                                                   /* empty */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        r = NULL, n = 0, err[0] = 0;
        CHECK_MSG(hs_fuse_read(write_tmp(2, bad[i]), 0, &r, &n, err, sizeof err) == -1 && err[0], "case %zu", i);
        free(r);
    }
    /* second file misses a record / disagrees on a label */
    r = NULL, n = 0;
    CHECK(hs_fuse_read(a, 0, &r, &n, err, sizeof err) == 0);
    CHECK(hs_fuse_read(write_tmp(3, "subset,record,label,p,threshold\ns1,r1,1,0.5,0.5\n"), 1, &r, &n, err, sizeof err) == -1);
    CHECK(hs_fuse_read(write_tmp(3, "subset,record,label,p,threshold\ns1,r1,0,0.5,0.5\n"), 1, &r, &n, err, sizeof err) == -1);
    free(r);
    CHECK(hs_fuse_read("/nonexistent/x.csv", 0, &r, &n, err, sizeof err) == -1);
    for (int s = 0; s < 4; s++) remove(write_tmp(s, ""));
    return hs_test_finish("fuse");
}
