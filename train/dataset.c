/* Dataset scan: REFERENCE.csv files -> a sorted list of labelled WAV paths.
 * Missing WAVs are errors rather than skipped: a silently smaller test set gives misleading scores. */
#define _POSIX_C_SOURCE 200809L
#include "dataset.h"
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_CSV_BYTES (64L << 20) /* far above PhysioNet's ~40 kB; bounds memory on a wrong file */

static _Thread_local char last_error[1024];

const char *hs_dataset_error(void) { return last_error; }

static hs_status fail(hs_status st, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    return st;
}

static int is_dir(const char *p) { struct stat s; return stat(p, &s) == 0 && S_ISDIR(s.st_mode); }
static int is_file(const char *p) { struct stat s; return stat(p, &s) == 0 && S_ISREG(s.st_mode); }

static char *join(const char *a, const char *b, const char *suffix) {
    size_t la = strlen(a);
    while (la > 1 && a[la - 1] == '/') la--; /* "dir/" and "dir" give the same paths */
    size_t n = la + 1 + strlen(b) + strlen(suffix) + 1;
    char *p = malloc(n);
    if (p) snprintf(p, n, "%.*s/%s%s", (int)la, a, b, suffix);
    return p;
}

/* Last path component without trailing slashes (the subset name). */
static void base_name(const char *dir, char out[64]) {
    size_t e = strlen(dir);
    while (e > 1 && dir[e - 1] == '/') e--;
    size_t b = e;
    while (b > 0 && dir[b - 1] != '/') b--;
    size_t len = e - b < 63 ? e - b : 63;
    memcpy(out, dir + b, len);
    out[len] = '\0';
}

typedef struct { hs_record *rec; int n, cap; } rec_list;

static hs_status push(rec_list *l, const hs_record *r) {
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 256;
        hs_record *p = realloc(l->rec, (size_t)cap * sizeof *p);
        if (!p) return HS_ERR_NOMEM;
        l->rec = p;
        l->cap = cap;
    }
    l->rec[l->n++] = *r;
    return HS_OK;
}

static char *trim(char *s) {
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) s[--n] = '\0';
    return s;
}

/* A record name becomes part of a path: refuse separators, control bytes and "..". */
static int valid_name(const char *s) {
    size_t n = strlen(s);
    if (n == 0 || n > 63 || !strcmp(s, "..") || !strcmp(s, ".")) return 0;
    for (; *s; s++)
        if (*s == '/' || *s == '\\' || (unsigned char)*s < 0x20) return 0;
    return 1;
}

static char *read_text(const char *path, hs_status *st) {
    FILE *f = fopen(path, "rb");
    if (!f) { *st = fail(HS_ERR_IO, "%s: cannot open", path); return NULL; }
    char *buf = NULL;
    long n = -1;
    if (fseek(f, 0, SEEK_END) == 0) n = ftell(f);
    if (n < 0 || n > MAX_CSV_BYTES || fseek(f, 0, SEEK_SET) != 0) {
        *st = fail(n > MAX_CSV_BYTES ? HS_ERR_ARG : HS_ERR_IO, "%s: %s", path,
                   n > MAX_CSV_BYTES ? "too large for a REFERENCE.csv" : "cannot read");
    } else if (!(buf = malloc((size_t)n + 1))) {
        *st = fail(HS_ERR_NOMEM, "%s: out of memory", path);
    } else if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
        *st = fail(HS_ERR_IO, "%s: read error", path);
    } else {
        buf[n] = '\0';
        if (memchr(buf, '\0', (size_t)n)) { free(buf); buf = NULL; *st = fail(HS_ERR_ARG, "%s: binary data, not a CSV", path); }
    }
    fclose(f);
    return buf;
}

/* Parses dir/REFERENCE.csv ("record,label[,more...]"; label 1 abnormal / -1 normal) into l. */
static hs_status parse_reference(const char *dir, rec_list *l) {
    char *csv = join(dir, "REFERENCE.csv", "");
    if (!csv) return fail(HS_ERR_NOMEM, "out of memory");
    hs_status st = HS_OK;
    char *text = read_text(csv, &st);
    if (!text) { free(csv); return st; }
    char subset[64];
    base_name(dir, subset);
    char *s = text;
    if (!strncmp(s, "\xEF\xBB\xBF", 3)) s += 3; /* UTF-8 BOM written by spreadsheet tools */
    int line_no = 0, count = 0;
    for (char *line = s; line && st == HS_OK;) {
        char *next = strchr(line, '\n');
        if (next) *next++ = '\0';
        line_no++;
        char *t = trim(line);
        line = next;
        if (!*t) continue;
        char *comma = strchr(t, ',');
        if (!comma) { st = fail(HS_ERR_ARG, "%s:%d: expected 'record,label'", csv, line_no); break; }
        *comma = '\0';
        char *label = comma + 1, *rest = strchr(label, ',');
        if (rest) *rest = '\0'; /* extra columns are ignored */
        char *name = trim(t);
        label = trim(label);
        int y;
        if (!strcmp(label, "1") || !strcmp(label, "+1")) y = 1;
        else if (!strcmp(label, "-1")) y = 0;
        else if (count == 0 && !strcmp(name, "record")) continue; /* optional header line */
        else { st = fail(HS_ERR_ARG, "%s:%d: label '%.20s' must be 1 (abnormal) or -1 (normal)", csv, line_no, label); break; }
        if (!valid_name(name)) { st = fail(HS_ERR_ARG, "%s:%d: invalid record name '%.64s'", csv, line_no, name); break; }
        hs_record r = {.label = y};
        snprintf(r.name, sizeof r.name, "%s", name);
        memcpy(r.subset, subset, sizeof r.subset);
        if (!(r.path = join(dir, name, ".wav"))) { st = fail(HS_ERR_NOMEM, "out of memory"); break; }
        if (!is_file(r.path)) {
            st = fail(HS_ERR_IO, "%s: missing WAV for record '%s' listed in %s:%d", r.path, name, csv, line_no);
            free(r.path);
            break;
        }
        if ((st = push(l, &r)) != HS_OK) { free(r.path); fail(st, "out of memory"); break; }
        count++;
    }
    if (st == HS_OK && count == 0) st = fail(HS_ERR_ARG, "%s: no records listed", csv);
    free(text);
    free(csv);
    return st;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* dir holds a REFERENCE.csv, or subdirectories holding one (visited in name order). */
static hs_status scan_dir(const char *dir, rec_list *l) {
    if (!is_dir(dir)) return fail(HS_ERR_IO, "%s: not a directory", dir);
    char *csv = join(dir, "REFERENCE.csv", "");
    if (!csv) return fail(HS_ERR_NOMEM, "out of memory");
    int has = is_file(csv);
    free(csv);
    if (has) return parse_reference(dir, l);
    DIR *d = opendir(dir);
    if (!d) return fail(HS_ERR_IO, "%s: cannot list the directory", dir);
    char **subs = NULL;
    int ns = 0, cap = 0;
    hs_status st = HS_OK;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.') continue;
        char *sub = join(dir, e->d_name, "");
        char *sub_csv = sub ? join(sub, "REFERENCE.csv", "") : NULL;
        if (!sub || !sub_csv) { free(sub); st = fail(HS_ERR_NOMEM, "out of memory"); break; }
        int ok = is_file(sub_csv);
        free(sub_csv);
        if (!ok) { free(sub); continue; }
        if (ns == cap) {
            cap = cap ? cap * 2 : 16;
            char **p = realloc(subs, (size_t)cap * sizeof *p);
            if (!p) { free(sub); st = fail(HS_ERR_NOMEM, "out of memory"); break; }
            subs = p;
        }
        subs[ns++] = sub;
    }
    closedir(d);
    if (st == HS_OK && ns == 0)
        st = fail(HS_ERR_IO, "%s: no REFERENCE.csv in it or in its subdirectories", dir);
    if (ns) qsort(subs, (size_t)ns, sizeof *subs, cmp_str);
    for (int i = 0; i < ns && st == HS_OK; i++) st = parse_reference(subs[i], l);
    for (int i = 0; i < ns; i++) free(subs[i]);
    free(subs);
    return st;
}

static int cmp_rec(const void *a, const void *b) {
    return strcmp(((const hs_record *)a)->path, ((const hs_record *)b)->path);
}

hs_status hs_dataset_scan(const char *const *dirs, int ndirs, hs_dataset *out) {
    last_error[0] = '\0';
    if (!out) return fail(HS_ERR_ARG, "no output dataset");
    out->rec = NULL;
    out->n = 0;
    if (!dirs || ndirs <= 0) return fail(HS_ERR_ARG, "no directory given");
    rec_list l = {0};
    hs_status st = HS_OK;
    for (int i = 0; i < ndirs && st == HS_OK; i++)
        st = dirs[i] ? scan_dir(dirs[i], &l) : fail(HS_ERR_ARG, "NULL directory");
    if (st == HS_OK && l.n) {
        qsort(l.rec, (size_t)l.n, sizeof *l.rec, cmp_rec);
        for (int i = 1; i < l.n; i++)
            if (!strcmp(l.rec[i].path, l.rec[i - 1].path)) {
                st = fail(HS_ERR_ARG, "%s: record listed twice", l.rec[i].path);
                break;
            }
    }
    hs_dataset d = {l.rec, l.n};
    if (st != HS_OK) { hs_dataset_free(&d); return st; }
    *out = d;
    return HS_OK;
}

void hs_dataset_free(hs_dataset *d) {
    if (!d) return;
    for (int i = 0; i < d->n; i++) free(d->rec[i].path);
    free(d->rec);
    d->rec = NULL;
    d->n = 0;
}
