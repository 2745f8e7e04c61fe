/* SVG plots: well-formed XML (python's parser when available, and a tag-balance check here),
 * SVG 1.1 root, and the plotted values present in the file. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "svg.h"
#include "testutil.h"

static char dir[256];

static char *slurp(const char *name) {
    char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    size_t n;
    unsigned char *b = hs_test_read_file(p, &n);
    if (!b) return NULL;
    char *s = realloc(b, n + 1);
    if (!s) { free(b); return NULL; }
    s[n] = '\0';
    return s;
}

/* Every <tag> closed by a matching </tag>, in order; attribute quotes balanced; no raw '&'
 * outside an entity. Returns 1 if well-formed by these rules. */
static int tags_balanced(const char *s) {
    char stack[64][32];
    int depth = 0;
    for (const char *p = s; *p; p++) {
        if (*p == '&') {
            const char *e = strchr(p, ';');
            if (!e || e - p > 6) return 0;
            continue;
        }
        if (*p != '<') continue;
        if (p[1] == '?') { p = strstr(p, "?>"); if (!p) return 0; p++; continue; }
        const char *end = p + 1;
        int quote = 0;
        for (; *end && (quote || *end != '>'); end++)
            if (*end == '"') quote = !quote;
        if (!*end) return 0;
        if (p[1] == '/') {
            size_t n = (size_t)(end - p - 2);
            if (depth == 0 || strlen(stack[depth - 1]) != n || strncmp(stack[depth - 1], p + 2, n)) return 0;
            depth--;
        } else if (end[-1] != '/') {
            size_t n = strcspn(p + 1, " \t\n>");
            if (depth == 64 || n >= 32) return 0;
            memcpy(stack[depth], p + 1, n);
            stack[depth++][n] = '\0';
        }
        p = end;
    }
    return depth == 0;
}

static int python_parses(const char *name) {
    if (access("/usr/bin/python3", X_OK) != 0) return -1;
    char cmd[700];
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c \"import sys,xml.etree.ElementTree as E; r=E.parse(sys.argv[1]).getroot(); "
             "sys.exit(0 if r.tag=='{http://www.w3.org/2000/svg}svg' and r.get('version')=='1.1' else 3)\" '%s/%.*s'",
             dir, (int)strcspn(name, " "), name); /* name may carry a note after a space */
    return system(cmd) == 0;
}

static void check_xml(const char *name, const char *s) {
    CHECK_MSG(s && tags_balanced(s), "%s: tags not balanced", name);
    CHECK_MSG(s && !strncmp(s, "<?xml", 5) && strstr(s, "xmlns=\"http://www.w3.org/2000/svg\""), "%s: no SVG root", name);
    int py = python_parses(name);
    if (py >= 0) CHECK_MSG(py == 1, "%s: python xml.etree rejects it", name);
}

static int count(const char *s, const char *needle) {
    int n = 0;
    for (const char *p = s; (p = strstr(p, needle)); p += strlen(needle)) n++;
    return n;
}

static void test_confusion(void) {
    char p[512];
    snprintf(p, sizeof p, "%s/confusion.svg", dir);
    /* tp 123, fn 41 -> abnormal row 75.0% / 25.0%; tn 300, fp 100 -> normal row 75.0% / 25.0%...
     * use tn 297, fp 3 -> 99.0% / 1.0% to tell the rows apart */
    hs_confusion c = {.tp = 123, .fp = 3, .tn = 297, .fn = 41};
    CHECK(hs_svg_confusion(p, "Fold <1> & \"all\"", c) == 0);
    char *s = slurp("confusion.svg");
    check_xml("confusion.svg", s);
    if (!s) return;
    CHECK(strstr(s, ">123<") && strstr(s, ">3<") && strstr(s, ">297<") && strstr(s, ">41<"));
    CHECK(strstr(s, ">75.0%<") && strstr(s, ">25.0%<") && strstr(s, ">99.0%<") && strstr(s, ">1.0%<"));
    CHECK(strstr(s, "Fold &lt;1&gt; &amp; &quot;all&quot;") != NULL); /* title escaped */
    free(s);
    /* empty confusion: no division by zero, row % shown as n/a */
    hs_confusion z = {0};
    CHECK(hs_svg_confusion(p, "empty", z) == 0);
    s = slurp("confusion.svg");
    check_xml("confusion.svg (empty)", s);
    CHECK(s && count(s, ">n/a<") == 4 && !strstr(s, "nan"));
    free(s);
    CHECK(hs_svg_confusion("/nonexistent-dir/x.svg", "t", c) == -1);
    hs_confusion neg = {.tp = -1};
    CHECK(hs_svg_confusion(p, "t", neg) == -1);
}

static void test_roc(void) {
    char p[512];
    snprintf(p, sizeof p, "%s/roc.svg", dir);
    /* pos {0.9,0.8,0.6,0.4} vs neg {0.7,0.3,0.2,0.1}: 14 of 16 pairs won -> AUC 0.875.
     * 8 distinct scores -> the curve has 8 + 1 vertices (starting at 0,0). */
    const int l[] = {1, 1, 1, 0, 0, 0, 0, 1};
    const float sc[] = {0.9f, 0.8f, 0.4f, 0.7f, 0.3f, 0.2f, 0.1f, 0.6f};
    CHECK(hs_svg_roc(p, "ROC", l, sc, 8) == 0);
    char *s = slurp("roc.svg");
    check_xml("roc.svg", s);
    if (!s) return;
    CHECK(strstr(s, "AUC = 0.875") != NULL);
    CHECK(strstr(s, "stroke-dasharray") != NULL); /* the chance diagonal */
    const char *pts = strstr(s, "<polyline");
    pts = pts ? strstr(pts, "points=\"") : NULL;
    if (pts) {
        pts += 8;
        int commas = 0;
        for (const char *q = pts; *q && *q != '"'; q++) commas += *q == ',';
        CHECK_MSG(commas == 9, "%d ROC vertices", commas);
        /* frame: x 70..450, y 50..420 -> (0,0) at 70.0,420.0 and the last vertex (1,1) at 450.0,50.0 */
        CHECK(!strncmp(pts, "70.0,420.0", 10));
        CHECK(strstr(pts, "450.0,50.0\"") != NULL);
    } else {
        CHECK(!"no ROC polyline");
    }
    free(s);
    /* one class only: no curve, AUC undefined but still a valid file */
    const int ones[] = {1, 1};
    CHECK(hs_svg_roc(p, "ROC", ones, sc, 2) == 0);
    s = slurp("roc.svg");
    check_xml("roc.svg (one class)", s);
    CHECK(s && strstr(s, "AUC undefined") && !strstr(s, "<polyline"));
    free(s);
}

static void test_curves(void) {
    char p[512];
    snprintf(p, sizeof p, "%s/curves.svg", dir);
    const float train[] = {0.69f, 0.52f, 0.41f, 0.35f, 0.31f, 0.29f};
    const float val[] = {0.70f, 0.58f, NAN, 0.49f, 0.50f, 0.52f};
    const float one[] = {0.45f};
    hs_series s3[] = {{"train loss", train, 6}, {"val <loss>", val, 6}, {"baseline", one, 1}};
    CHECK(hs_svg_curves(p, "Learning curves", "epoch", "loss", s3, 3) == 0);
    char *s = slurp("curves.svg");
    check_xml("curves.svg", s);
    if (!s) return;
    CHECK(strstr(s, ">train loss<") && strstr(s, ">val &lt;loss&gt;<") && strstr(s, ">baseline<"));
    CHECK(strstr(s, ">epoch<") && strstr(s, ">loss<"));
    /* y range 0.29..0.70 -> step 0.1 ticks 0.2..0.7; x 1..6 -> integer ticks 1..6 */
    CHECK(strstr(s, ">0.3<") && strstr(s, ">0.7<") && strstr(s, ">1<") && strstr(s, ">6<"));
    /* the NaN at epoch 3 splits the validation line into two pieces: 2 "M" moves in its path */
    const char *vp = strstr(s, "#d62728\" fill=\"none\"");
    const char *d = vp ? strstr(vp, "d=\"") : NULL;
    if (d) {
        int moves = 0;
        for (const char *q = d + 3; *q && *q != '"'; q++) moves += *q == 'M';
        CHECK(moves == 2);
    } else {
        CHECK(!"no validation path");
    }
    CHECK(count(s, "<circle") == 6 + 5 + 1); /* markers on finite points */
    CHECK(!strstr(s, "nan") && !strstr(s, "inf"));
    free(s);
    /* nothing to plot / constant series: still valid */
    CHECK(hs_svg_curves(p, "empty", "x", "y", NULL, 0) == 0);
    s = slurp("curves.svg");
    check_xml("curves.svg (empty)", s);
    free(s);
    const float flat[] = {2, 2, 2};
    hs_series f1 = {"flat", flat, 3};
    CHECK(hs_svg_curves(p, "flat", "x", "y", &f1, 1) == 0);
    s = slurp("curves.svg");
    check_xml("curves.svg (flat)", s);
    CHECK(s && !strstr(s, "nan") && !strstr(s, "inf"));
    free(s);
    hs_series bad = {"bad", NULL, 3};
    CHECK(hs_svg_curves(p, "t", "x", "y", &bad, 1) == -1);
}

int main(void) {
    snprintf(dir, sizeof dir, "%s/hs_test_svg_XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }
    test_confusion();
    test_roc();
    test_curves();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    return hs_test_finish("test_svg");
}
