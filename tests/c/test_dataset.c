/* Dataset scan on the real PhysioNet folders and on generated folders with awkward or broken CSVs. */
#define _POSIX_C_SOURCE 200809L
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "dataset.h"
#include "testutil.h"

static char root[256];

static void write_file(const char *rel, const char *text) {
    char p[512];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    FILE *f = fopen(p, "wb");
    if (!f) { fprintf(stderr, "cannot write %s\n", p); exit(1); }
    fputs(text, f);
    fclose(f);
}

static void mkdir_rel(const char *rel) {
    char p[512];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    mkdir(p, 0755);
}

static hs_status scan1(const char *rel, hs_dataset *d) {
    char p[512];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    const char *dirs[] = {p};
    return hs_dataset_scan(dirs, 1, d);
}

static void test_real(void) {
    const char *dir = hs_test_wav_dir();
    if (!dir) return; /* hs_test_wav_dir() recorded the skip */
    hs_dataset d;
    CHECK(hs_dataset_scan(&dir, 1, &d) == HS_OK);
    CHECK_MSG(d.n == 2656, "n = %d", d.n);
    /* PhysioNet 2016 training set composition (normal / abnormal per subset) */
    const char *sub[5] = {"training-a", "training-b", "training-c", "training-d", "training-e"};
    const int normal[5] = {99, 328, 6, 23, 1664}, abnormal[5] = {248, 88, 20, 24, 156};
    for (int s = 0; s < 5; s++) {
        int nn = 0, na = 0;
        for (int i = 0; i < d.n; i++)
            if (!strcmp(d.rec[i].subset, sub[s])) { if (d.rec[i].label) na++; else nn++; }
        CHECK_MSG(nn == normal[s] && na == abnormal[s], "%s: %d normal, %d abnormal", sub[s], nn, na);
    }
    int sorted = 1, named = 1, labels = 1;
    for (int i = 0; i < d.n; i++) {
        if (i && strcmp(d.rec[i - 1].path, d.rec[i].path) >= 0) sorted = 0;
        size_t lp = strlen(d.rec[i].path), ln = strlen(d.rec[i].name);
        /* path = DIR/SUBSET/NAME.wav */
        if (lp < ln + 5 || strcmp(d.rec[i].path + lp - 4, ".wav") ||
            strncmp(d.rec[i].path + lp - 4 - ln, d.rec[i].name, ln) || d.rec[i].path[lp - 5 - ln] != '/' ||
            !strstr(d.rec[i].path, d.rec[i].subset))
            named = 0;
        if (d.rec[i].label != 0 && d.rec[i].label != 1) labels = 0;
    }
    CHECK(sorted && named && labels);
    CHECK(!strcmp(d.rec[0].name, "a0001") && d.rec[0].label == 1); /* REFERENCE.csv line 1: a0001,1 */
    hs_dataset_free(&d);
    CHECK(d.n == 0 && d.rec == NULL);
    /* one subset folder directly, and two folders at once (with a trailing slash) */
    char c[512], a[512], b[512];
    snprintf(c, sizeof c, "%s/training-c", dir);
    snprintf(a, sizeof a, "%s/training-a/", dir);
    snprintf(b, sizeof b, "%s/training-b", dir);
    const char *one[] = {c}, *two[] = {b, a};
    CHECK(hs_dataset_scan(one, 1, &d) == HS_OK && d.n == 26 && !strcmp(d.rec[0].subset, "training-c"));
    hs_dataset_free(&d);
    CHECK(hs_dataset_scan(two, 2, &d) == HS_OK && d.n == 347 + 416);
    CHECK(d.n > 0 && !strcmp(d.rec[0].subset, "training-a") && !strcmp(d.rec[d.n - 1].subset, "training-b"));
    hs_dataset_free(&d);
    /* the same folder twice: every record would be counted twice */
    const char *twice[] = {c, c};
    CHECK(hs_dataset_scan(twice, 2, &d) == HS_ERR_ARG && d.n == 0);
    CHECK(strstr(hs_dataset_error(), "listed twice") != NULL);
}

/* A CSV as spreadsheet tools write it: BOM, CRLF, header, blank lines, spaces, extra columns. */
static void test_tolerant(void) {
    mkdir_rel("ok");
    mkdir_rel("ok/set1");
    mkdir_rel("ok/set2");
    mkdir_rel("ok/notes"); /* a subfolder without REFERENCE.csv is ignored */
    write_file("ok/set1/REFERENCE.csv", "\xEF\xBB\xBFrecord,label\r\nr2,-1\r\n\r\n r1 , 1 ,extra,cols\r\n\n");
    write_file("ok/set1/r1.wav", "");
    write_file("ok/set1/r2.wav", "");
    write_file("ok/set1/unlisted.wav", ""); /* not in the CSV: not part of the dataset */
    write_file("ok/set2/REFERENCE.csv", "q9,+1"); /* no final newline */
    write_file("ok/set2/q9.wav", "");
    hs_dataset d;
    CHECK(scan1("ok", &d) == HS_OK);
    CHECK_MSG(d.n == 3, "n = %d (%s)", d.n, hs_dataset_error());
    if (d.n == 3) {
        CHECK(!strcmp(d.rec[0].name, "r1") && d.rec[0].label == 1 && !strcmp(d.rec[0].subset, "set1"));
        CHECK(!strcmp(d.rec[1].name, "r2") && d.rec[1].label == 0);
        CHECK(!strcmp(d.rec[2].name, "q9") && d.rec[2].label == 1 && !strcmp(d.rec[2].subset, "set2"));
        char want[512];
        snprintf(want, sizeof want, "%s/ok/set1/r1.wav", root);
        CHECK(!strcmp(d.rec[0].path, want));
    }
    hs_dataset_free(&d);
}

/* Each broken case: expected status and a piece of the error message (which must name the file). */
static void expect_error(const char *rel, hs_status want, const char *msg_part, const char *file_part) {
    hs_dataset d = {(hs_record *)1, 99}; /* garbage in: must come back empty */
    hs_status st = scan1(rel, &d);
    const char *e = hs_dataset_error();
    CHECK_MSG(st == want, "%s: status %d, want %d (%s)", rel, st, want, e);
    CHECK_MSG(d.n == 0 && d.rec == NULL, "%s: dataset not empty on error", rel);
    CHECK_MSG(strstr(e, msg_part) != NULL, "%s: message '%s' lacks '%s'", rel, e, msg_part);
    CHECK_MSG(strstr(e, file_part) != NULL, "%s: message '%s' does not name '%s'", rel, e, file_part);
}

static void test_broken(void) {
    mkdir_rel("badlabel");
    write_file("badlabel/REFERENCE.csv", "a1,1\na2,2\n");
    write_file("badlabel/a1.wav", "");
    write_file("badlabel/a2.wav", "");
    expect_error("badlabel", HS_ERR_ARG, "must be 1", "badlabel/REFERENCE.csv:2");

    mkdir_rel("missing");
    write_file("missing/REFERENCE.csv", "m1,-1\nm2,1\n");
    write_file("missing/m1.wav", "");
    expect_error("missing", HS_ERR_IO, "missing WAV", "missing/m2.wav");

    mkdir_rel("nocomma");
    write_file("nocomma/REFERENCE.csv", "n1 1\n");
    expect_error("nocomma", HS_ERR_ARG, "record,label", "nocomma/REFERENCE.csv:1");

    mkdir_rel("empty");
    write_file("empty/REFERENCE.csv", "\r\n\n");
    expect_error("empty", HS_ERR_ARG, "no records", "empty/REFERENCE.csv");

    mkdir_rel("escape");
    write_file("escape/REFERENCE.csv", "../escape/x,1\n");
    expect_error("escape", HS_ERR_ARG, "invalid record name", "escape/REFERENCE.csv:1");

    mkdir_rel("longname");
    char line[200];
    memset(line, 'z', 100);
    strcpy(line + 100, ",1\n");
    write_file("longname/REFERENCE.csv", line);
    expect_error("longname", HS_ERR_ARG, "invalid record name", "longname/REFERENCE.csv:1");

    mkdir_rel("dup");
    write_file("dup/REFERENCE.csv", "d1,1\nd1,1\n");
    write_file("dup/d1.wav", "");
    expect_error("dup", HS_ERR_ARG, "listed twice", "dup/d1.wav");

    mkdir_rel("binary");
    FILE *f;
    char p[512];
    snprintf(p, sizeof p, "%s/binary/REFERENCE.csv", root);
    if ((f = fopen(p, "wb"))) { fwrite("b1,1\n\0\0\x01", 1, 8, f); fclose(f); }
    expect_error("binary", HS_ERR_ARG, "not a CSV", "binary/REFERENCE.csv");

    mkdir_rel("nocsv");
    mkdir_rel("nocsv/sub");
    expect_error("nocsv", HS_ERR_IO, "no REFERENCE.csv", "nocsv");
    expect_error("does-not-exist", HS_ERR_IO, "not a directory", "does-not-exist");

    /* a broken subset inside a parent folder fails the whole scan (no silent partial dataset) */
    mkdir_rel("parent");
    mkdir_rel("parent/good");
    mkdir_rel("parent/bad");
    write_file("parent/good/REFERENCE.csv", "g1,1\n");
    write_file("parent/good/g1.wav", "");
    write_file("parent/bad/REFERENCE.csv", "b1,-1\n");
    expect_error("parent", HS_ERR_IO, "missing WAV", "parent/bad/b1.wav");

    hs_dataset d;
    CHECK(hs_dataset_scan(NULL, 1, &d) == HS_ERR_ARG);
    CHECK(hs_dataset_scan(NULL, 0, NULL) == HS_ERR_ARG);
}

/* Random CSVs built from the bytes that matter to the parser: never a crash (the _asan build checks
 * memory), always OK or a clean error, and on OK only well-formed records. WAVs a.wav, b.wav exist. */
static void test_random_csv(void) {
    mkdir_rel("rnd");
    write_file("rnd/a.wav", "");
    write_file("rnd/b.wav", "");
    /* whole valid lines (often) and fragments that break them (sometimes) */
    static const char *const parts[] = {"a,1\n", "b,-1\r\n", "\r\n", " a , +1 ,x\n", "\n", "a,1\n", "b,-1\n",
                                        "a", "b", ",", "1", "-1", "0", "\r", " ", "\xEF\xBB\xBF", "record,label\n",
                                        "\t", "/", "..", "\x01", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"};
    unsigned state = 99;
    int ok = 0, clean = 1;
    for (int iter = 0; iter < 300; iter++) {
        char csv[400] = "";
        int nparts = (int)((state = state * 1103515245u + 12345u) >> 16) % 6;
        for (int j = 0; j < nparts; j++) {
            state = state * 1103515245u + 12345u;
            strcat(csv, parts[(state >> 16) % (sizeof parts / sizeof parts[0])]);
        }
        write_file("rnd/REFERENCE.csv", csv);
        hs_dataset d;
        hs_status st = scan1("rnd", &d);
        if (st == HS_OK) {
            ok++;
            for (int i = 0; i < d.n; i++)
                if ((d.rec[i].label != 0 && d.rec[i].label != 1) ||
                    (strcmp(d.rec[i].name, "a") && strcmp(d.rec[i].name, "b")))
                    clean = 0;
        } else if (st != HS_ERR_ARG && st != HS_ERR_IO) {
            clean = 0;
        } else if (!hs_dataset_error()[0]) {
            clean = 0; /* an error always says why */
        }
        hs_dataset_free(&d);
    }
    CHECK(clean);
    printf("test_dataset: %d of 300 random CSVs accepted, the rest refused cleanly\n", ok);
    CHECK_MSG(ok > 0 && ok < 300, "%d of 300 random CSVs accepted", ok);
}

int main(void) {
    test_real();
    snprintf(root, sizeof root, "%s/hs_test_dataset_XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(root)) { perror("mkdtemp"); return 1; }
    test_tolerant();
    test_broken();
    test_random_csv();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", root);
    return hs_test_finish("test_dataset");
}
