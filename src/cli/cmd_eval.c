/* heartsound eval [--model M] [--per-subset] [--records] [--jobs N] DIR...: scores a model on labelled
 * folders (REFERENCE.csv). Recordings are classified in parallel (one classifier per thread: a
 * classifier is not thread-safe), then PhysioNet 2016 metrics are printed as JSON lines, the overall
 * object last. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli.h"
#include "dataset.h"
#include "folds.h"
#include "metrics.h"
#include "progress.h"
#include "svg.h"

#define MAX_JOBS 64
#define MAX_SUBSETS 256

static void usage(FILE *f) {
    fprintf(f,
            "usage: heartsound eval [options] DIR [DIR ...]\n\n"
            "Each DIR holds WAVs + REFERENCE.csv (record,label; 1 abnormal, -1 normal) or subfolders that do\n"
            "(e.g. training-a .. training-e). Classifies every listed recording with the model's own threshold\n"
            "and prints JSON lines on stdout; the LAST line is the overall result:\n"
            "  {\"n\",\"se\",\"sp\",\"macc\",\"f1_abnormal\",\"acc\",\"auc\",\"precision\",\"threshold\",\n"
            "   \"confusion\":{\"tp\",\"fp\",\"tn\",\"fn\"},\"errors\",\"threshold_best_macc\",\"model\",\"seconds\"}\n"
            "Progress goes to stderr. Recordings that fail are named on stderr, counted in \"errors\", left\n"
            "out of the metrics, and make the exit status 2.\n\n"
            "options:\n"
            "  --model M       model file (.hsm); 'cnn' or no option = the shipped CNN\n"
            "  --per-subset    first one line per subset: {\"subset\", same metric fields}\n"
            "  --records       first one line per recording: {\"record\",\"subset\",\"file\",\"truth\",\n"
            "                  \"p_abnormal\",\"predicted\"} (or {\"record\",\"subset\",\"file\",\"error\"})\n"
            "  --jobs N        worker threads (default 2, at most %d)\n"
            "  --threshold T   score with this threshold (0..1) instead of the model's\n"
            "  --plots DIR     also write DIR/confusion.svg and DIR/roc.svg\n", MAX_JOBS);
}

/* Work shared by the threads: record i is taken by whoever increments `next` to i. */
typedef struct {
    const hs_dataset *d;
    float *p, *thr;
    hs_status *st;
    int *err_no;
    atomic_int next, done;
} work;

typedef struct { work *w; hs_classifier *c; } worker_arg;

static void *worker(void *arg) {
    worker_arg *a = arg;
    work *w = a->w;
    for (int i; (i = atomic_fetch_add(&w->next, 1)) < w->d->n;) {
        hs_result r;
        double dur;
        errno = 0;
        w->st[i] = cli_classify_file(a->c, w->d->rec[i].path, &r, &dur);
        w->err_no[i] = errno;
        if (w->st[i] == HS_OK) {
            w->p[i] = r.p_abnormal;
            w->thr[i] = r.threshold;
            hs_result_free(&r);
        }
        atomic_fetch_add(&w->done, 1);
    }
    return NULL;
}

static void sleep_ms(int ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Prints metrics as {"subset":...,<metric fields>} (subset NULL: plain metrics) without the closing
 * brace when `open` is set, so the caller can append fields. */
static void print_metrics(const char *subset, const hs_metrics *m, int open) {
    char buf[1024];
    int n = hs_metrics_json(m, buf, sizeof buf);
    if (n <= 1 || n >= (int)sizeof buf) return; /* cannot happen: the object is ~250 bytes */
    putchar('{');
    if (subset) {
        printf("\"subset\":");
        cli_json_string(stdout, subset);
        putchar(',');
    }
    buf[n - 1] = '\0'; /* drop the final '}' */
    fputs(buf + 1, stdout);
    if (!open) puts("}");
}

typedef struct {
    const char *model_arg, *plots;
    float threshold;
    int jobs, per_subset, records;
    char **dirs;
    int ndirs;
} eval_opts;

static int parse(int argc, char **argv, eval_opts *o) {
    memset(o, 0, sizeof *o);
    o->threshold = NAN;
    o->jobs = 2;
    o->dirs = malloc((size_t)argc * sizeof *o->dirs);
    if (!o->dirs) return cli_fail("eval", "out of memory");
    int opts = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (opts && !strcmp(a, "--")) { opts = 0; continue; }
        if (opts && !strcmp(a, "--per-subset")) { o->per_subset = 1; continue; }
        if (opts && !strcmp(a, "--records")) { o->records = 1; continue; }
        int takes = opts && (!strcmp(a, "--model") || !strcmp(a, "--jobs") || !strcmp(a, "--threshold") ||
                             !strcmp(a, "--plots"));
        if (takes && i + 1 >= argc) {
            fprintf(stderr, "heartsound: eval: %s needs a value\n", a);
            return HS_EXIT_USAGE;
        }
        if (takes) {
            const char *v = argv[++i];
            char *end;
            errno = 0;
            if (!strcmp(a, "--model")) o->model_arg = v;
            else if (!strcmp(a, "--plots")) o->plots = v;
            else if (!strcmp(a, "--jobs")) {
                long j = strtol(v, &end, 10);
                if (end == v || *end || errno || j < 1 || j > MAX_JOBS) {
                    fprintf(stderr, "heartsound: eval: --jobs must be an integer in 1..%d, not '%s'\n", MAX_JOBS, v);
                    return HS_EXIT_USAGE;
                }
                o->jobs = (int)j;
            } else {
                double t = strtod(v, &end);
                if (end == v || *end || errno || !(t >= 0 && t <= 1)) {
                    fprintf(stderr, "heartsound: eval: --threshold must be a number in [0, 1], not '%s'\n", v);
                    return HS_EXIT_USAGE;
                }
                o->threshold = (float)t;
            }
            continue;
        }
        if (opts && a[0] == '-' && a[1]) {
            fprintf(stderr, "heartsound: eval: unknown option '%s'\n", a);
            usage(stderr);
            return HS_EXIT_USAGE;
        }
        o->dirs[o->ndirs++] = argv[i];
    }
    if (!o->ndirs) {
        fprintf(stderr, "heartsound: eval: no data directory\n");
        usage(stderr);
        return HS_EXIT_USAGE;
    }
    return 0;
}

/* Classifies every record of d with `jobs` threads, showing progress. Returns 0 or an exit status. */
static int run_all(const hs_dataset *d, const char *model_path, int jobs, work *w, char *model_name, size_t cap) {
    if (jobs > d->n) jobs = d->n > 0 ? d->n : 1;
    hs_classifier *c[MAX_JOBS] = {0};
    int rc = 0;
    for (int j = 0; j < jobs && !rc; j++) rc = cli_load_model(model_path, &c[j]);
    if (rc) {
        for (int j = 0; j < jobs; j++) hs_classifier_destroy(c[j]);
        return rc;
    }
    snprintf(model_name, cap, "%s", hs_classifier_name(c[0]));
    pthread_t tid[MAX_JOBS];
    worker_arg args[MAX_JOBS];
    int started = 0;
    for (int j = 0; j < jobs; j++) {
        args[j] = (worker_arg){w, c[j]};
        if (pthread_create(&tid[j], NULL, worker, &args[j]) != 0) break;
        started++;
    }
    if (!started) worker(&args[0]); /* no threads available: do it here */
    hs_progress *pr = hs_progress_start("eval", d->n);
    for (int done; (done = atomic_load(&w->done)) < d->n;) {
        hs_progress_update(pr, done, "%d threads", started ? started : 1);
        sleep_ms(100);
    }
    for (int j = 0; j < started; j++) pthread_join(tid[j], NULL);
    hs_progress_end(pr, "%s", model_name);
    for (int j = 0; j < jobs; j++) hs_classifier_destroy(c[j]);
    return 0;
}

static void print_records(const hs_dataset *d, const work *w, float threshold) {
    for (int i = 0; i < d->n; i++) {
        const hs_record *r = &d->rec[i];
        printf("{\"record\":");
        cli_json_string(stdout, r->name);
        printf(",\"subset\":");
        cli_json_string(stdout, r->subset);
        printf(",\"file\":");
        cli_json_string(stdout, r->path);
        if (w->st[i] != HS_OK) {
            printf(",\"error\":");
            cli_json_string(stdout, hs_status_string(w->st[i]));
            puts("}");
            continue;
        }
        printf(",\"truth\":\"%s\",\"p_abnormal\":%.6g,\"predicted\":\"%s\"}\n", r->label ? "abnormal" : "normal",
               w->p[i], w->p[i] >= threshold ? "abnormal" : "normal");
    }
}

/* Metrics over the successfully classified records of subset `only` (NULL = all). */
static hs_metrics metrics_of(const hs_dataset *d, const work *w, const int *fold, int only, float threshold,
                             int *labels, float *scores) {
    int n = 0;
    for (int i = 0; i < d->n; i++)
        if (w->st[i] == HS_OK && (only < 0 || fold[i] == only)) {
            labels[n] = d->rec[i].label;
            scores[n++] = w->p[i];
        }
    return hs_metrics_compute(labels, scores, n, threshold);
}

static int write_plots(const char *dir, const hs_metrics *m, const int *labels, const float *scores, int n,
                       const char *model) {
    char path[4096], title[256];
    snprintf(title, sizeof title, "%s", model);
    snprintf(path, sizeof path, "%s/confusion.svg", dir);
    if (hs_svg_confusion(path, title, m->confusion) != 0) return cli_fail(path, "cannot write the plot");
    snprintf(path, sizeof path, "%s/roc.svg", dir);
    if (hs_svg_roc(path, title, labels, scores, n) != 0) return cli_fail(path, "cannot write the plot");
    return 0;
}

int cmd_eval(int argc, char **argv) {
    if (cli_wants_help(argc, argv)) { usage(stdout); return 0; }
    eval_opts o;
    int rc = parse(argc, argv, &o);
    const char *model_path = NULL;
    if (!rc) rc = cli_model_path(o.model_arg, &model_path);
    if (rc) { free(o.dirs); return rc; }
    hs_dataset d;
    hs_status st = hs_dataset_scan((const char *const *)o.dirs, o.ndirs, &d);
    free(o.dirs);
    if (st != HS_OK) {
        fprintf(stderr, "heartsound: %s\n", hs_dataset_error());
        return HS_EXIT_BAD_INPUT;
    }
    work w = {.d = &d};
    w.p = calloc((size_t)d.n, sizeof *w.p);
    w.thr = calloc((size_t)d.n, sizeof *w.thr);
    w.st = calloc((size_t)d.n, sizeof *w.st);
    w.err_no = calloc((size_t)d.n, sizeof *w.err_no);
    int *fold = calloc((size_t)d.n, sizeof *fold), *labels = calloc((size_t)d.n, sizeof *labels);
    float *scores = calloc((size_t)d.n, sizeof *scores);
    char (*names)[64] = calloc(MAX_SUBSETS, sizeof *names);
    char model[256] = "";
    double t0 = now_s();
    if (!w.p || !w.thr || !w.st || !w.err_no || !fold || !labels || !scores || !names)
        rc = cli_fail("eval", "out of memory");
    if (!rc) rc = run_all(&d, model_path, o.jobs, &w, model, sizeof model);
    if (!rc) {
        double seconds = now_s() - t0;
        int errors = 0;
        float threshold = o.threshold;
        for (int i = 0; i < d.n; i++) {
            if (w.st[i] != HS_OK) {
                errors++;
                if (w.st[i] == HS_ERR_IO && w.err_no[i])
                    cli_fail(d.rec[i].path, "%s (%s)", hs_status_string(w.st[i]), strerror(w.err_no[i]));
                else
                    cli_fail(d.rec[i].path, "%s", hs_status_string(w.st[i]));
            } else if (isnan(threshold)) {
                threshold = w.thr[i]; /* the model's own threshold (the same for every record) */
            }
        }
        if (isnan(threshold)) threshold = 0.5f; /* nothing classified: metrics are all null anyway */
        if (o.records) print_records(&d, &w, threshold);
        int ns = hs_folds_by_subset(&d, fold, names, MAX_SUBSETS);
        if (o.per_subset && ns > 0)
            for (int s = 0; s < ns; s++) {
                hs_metrics m = metrics_of(&d, &w, fold, s, threshold, labels, scores);
                print_metrics(names[s], &m, 0);
            }
        hs_metrics m = metrics_of(&d, &w, fold, -1, threshold, labels, scores);
        print_metrics(NULL, &m, 1);
        printf(",\"errors\":%d,\"threshold_best_macc\":%.6g,\"model\":", errors,
               hs_threshold_best_macc(labels, scores, m.n));
        cli_json_string(stdout, model);
        printf(",\"seconds\":%.1f}\n", seconds);
        fflush(stdout);
        if (o.plots) rc = write_plots(o.plots, &m, labels, scores, m.n, model);
        if (errors) rc = HS_EXIT_BAD_INPUT;
    }
    free(w.p); free(w.thr); free(w.st); free(w.err_no);
    free(fold); free(labels); free(scores); free(names);
    hs_dataset_free(&d);
    return rc;
}
