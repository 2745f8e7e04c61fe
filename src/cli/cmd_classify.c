/* heartsound classify [--model M] [--threshold T] FILE...: one JSON line per recording
 * (wav -> hs_classify -> verdict). A bad file gives an {"file","error"} line and a stderr line, and the
 * remaining files are still classified; exit status 2 if any failed. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli.h"

static void usage(FILE *f) {
    fprintf(f,
            "usage: heartsound classify [--model M] [--threshold T] FILE.wav [FILE.wav ...]\n\n"
            "Classifies each recording as normal or abnormal; one JSON line per file on stdout:\n"
            "  {\"file\",\"label\":\"normal\"|\"abnormal\",\"p_abnormal\",\"threshold\",\n"
            "   \"windows\":[{\"t0\",\"t1\",\"p\"},...],\"model\",\"duration_s\",\"ms\"}\n"
            "A file that cannot be classified gives {\"file\",\"error\"} on stdout, the message on stderr,\n"
            "and exit status 2 (the other files are still processed).\n\n"
            "options:\n"
            "  --model M       model file (.hsm); 'cnn' or no option = the shipped CNN (models/cnn.hsm,\n"
            "                  or $HEARTSOUND_MODEL_DIR/cnn.hsm); 'yamnet' = models/yamnet-head.hsm on the\n"
            "                  YAMNet backbone (docs/YAMNET.md says where the backbone is looked for)\n"
            "  --threshold T   decide abnormal when p_abnormal >= T (0..1) instead of the model's threshold\n");
}

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void json_num(double x, const char *fmt) {
    if (isfinite(x)) printf(fmt, x);
    else fputs("null", stdout);
}

static void print_result(const char *file, const hs_result *r, float threshold, const char *model,
                         double duration_s, double ms) {
    printf("{\"file\":");
    cli_json_string(stdout, file);
    printf(",\"label\":\"%s\",\"p_abnormal\":", r->p_abnormal >= threshold ? "abnormal" : "normal");
    json_num(r->p_abnormal, "%.6g");
    printf(",\"threshold\":%.6g,\"windows\":[", threshold);
    for (size_t i = 0; i < r->n_windows; i++) {
        printf("%s{\"t0\":%.3f,\"t1\":%.3f,\"p\":", i ? "," : "", r->windows[i].t0, r->windows[i].t1);
        json_num(r->windows[i].p, "%.6g");
        putchar('}');
    }
    printf("],\"model\":");
    cli_json_string(stdout, model);
    printf(",\"duration_s\":%.3f,\"ms\":%.1f}\n", duration_s, ms);
}

/* Error: JSON line on stdout (so a consumer sees every file) and the usual line on stderr. */
static int report_error(const char *file, const char *msg) {
    printf("{\"file\":");
    cli_json_string(stdout, file);
    printf(",\"error\":");
    cli_json_string(stdout, msg);
    printf("}\n");
    fflush(stdout);
    return cli_fail(file, "%s", msg);
}

/* One recording: decode, classify. On error returns the status and leaves *r empty. */
hs_status cli_classify_file(hs_classifier *c, const char *file, hs_result *r, double *duration_s) {
    hs_audio a = {0};
    memset(r, 0, sizeof *r);
    hs_status st = hs_wav_read_file(file, &a, NULL);
    if (st == HS_OK) {
        *duration_s = a.sample_rate > 0 ? (double)a.n / a.sample_rate : 0;
        st = hs_classify(c, &a, r);
    }
    hs_audio_free(&a);
    return st;
}

int cmd_classify(int argc, char **argv) {
    if (cli_wants_help(argc, argv)) { usage(stdout); return 0; }
    const char *model_arg = NULL;
    float threshold = NAN;
    /* Options may come anywhere before "--"; everything else is a file. */
    char **files = malloc((size_t)argc * sizeof *files);
    if (!files) return cli_fail("classify", "out of memory");
    int nfiles = 0, opts = 1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (opts && !strcmp(a, "--")) { opts = 0; continue; }
        if (opts && (!strcmp(a, "--model") || !strcmp(a, "--threshold"))) {
            if (i + 1 >= argc) {
                fprintf(stderr, "heartsound: classify: %s needs a value\n", a);
                free(files);
                return HS_EXIT_USAGE;
            }
            if (!strcmp(a, "--model")) { model_arg = argv[++i]; continue; }
            char *end;
            errno = 0;
            double t = strtod(argv[++i], &end);
            if (end == argv[i] || *end || errno || !(t >= 0 && t <= 1)) {
                fprintf(stderr, "heartsound: classify: --threshold must be a number in [0, 1], not '%s'\n", argv[i]);
                free(files);
                return HS_EXIT_USAGE;
            }
            threshold = (float)t;
            continue;
        }
        if (opts && a[0] == '-' && a[1]) {
            fprintf(stderr, "heartsound: classify: unknown option '%s'\n", a);
            usage(stderr);
            free(files);
            return HS_EXIT_USAGE;
        }
        files[nfiles++] = argv[i];
    }
    if (!nfiles) {
        fprintf(stderr, "heartsound: classify: no input file\n");
        usage(stderr);
        free(files);
        return HS_EXIT_USAGE;
    }
    const char *model_path;
    hs_classifier *c = NULL;
    int rc = cli_model_path(model_arg, &model_path);
    if (!rc) rc = cli_load_model(model_path, &c);
    if (rc) { free(files); return rc; }
    const char *model = hs_classifier_name(c);
    for (int i = 0; i < nfiles; i++) {
        double t0 = now_ms(), duration_s = 0;
        hs_result r;
        errno = 0;
        hs_status st = cli_classify_file(c, files[i], &r, &duration_s);
        if (st != HS_OK) {
            char msg[256];
            if (st == HS_ERR_IO && errno) snprintf(msg, sizeof msg, "%s (%s)", hs_status_string(st), strerror(errno));
            else snprintf(msg, sizeof msg, "%s", hs_status_string(st));
            rc = report_error(files[i], msg);
            continue;
        }
        print_result(files[i], &r, isnan(threshold) ? r.threshold : threshold, model, duration_s, now_ms() - t0);
        fflush(stdout);
        hs_result_free(&r);
    }
    hs_classifier_destroy(c);
    free(files);
    return rc;
}
