/* heartsound features FILE.wav --out F.npy: decode -> preprocess (default) -> log-mel -> float32 .npy of
 * shape (frames, mels), plus one JSON line on stdout describing exactly what was computed. Front-end
 * options override single log-mel parameters so that the reference check can cover several sets. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "npy.h"

static void usage(FILE *f) {
    fprintf(f,
            "usage: heartsound features FILE.wav --out F.npy [--raw] [--samples-out S.npy] [log-mel options]\n\n"
            "Writes the log-mel features of FILE.wav as a float32 .npy of shape (frames, mels) and prints one\n"
            "JSON line: file, out, frames, mels, preprocess (null with --raw), melspec (every parameter).\n\n"
            "  --out F.npy          where to write the features (required)\n"
            "  --raw                skip preprocessing: features of the samples as decoded, at the file's rate\n"
            "  --samples-out S.npy  also write the samples the features were computed from (float32, 1-D)\n\n"
            "log-mel options (default: the PCG front end, see docs/FEATURES.md):\n"
            "  --n-fft N  --win-length N  --hop-length N  --n-mels N  --fmin HZ  --fmax HZ\n"
            "  --window hann_periodic|hann_symmetric|hamming_periodic   --center 0|1\n"
            "  --mel-scale htk|slaney  --mel-norm none|slaney  --power 1|2\n"
            "  --log none|db|ln_offset  --log-floor X (dB floor, or the offset of ln(x + X))\n"
            "  --triangles-on-mel 0|1   1: triangles linear in mel, DC bin zeroed (TensorFlow / YAMNet)\n\n"
            "Exit status: 0 ok, 1 usage error, 2 unreadable/invalid input (one line on stderr).\n");
}

static int parse_int(const char *s, int *out) {
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < -1000000000L || v > 1000000000L) return 0;
    *out = (int)v;
    return 1;
}

static int parse_float(const char *s, float *out) {
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end) return 0;
    *out = (float)v;
    return 1;
}

static int parse_name(const char *s, const char *const *names, int n, int *out) {
    for (int i = 0; i < n; i++)
        if (!strcmp(s, names[i])) { *out = i; return 1; }
    return 0;
}

/* Applies one "--name value" log-mel option; 0 if the name is unknown or the value malformed. */
static int apply_option(hs_melspec_params *p, const char *name, const char *v) {
    static const char *const windows[] = {"hann_periodic", "hann_symmetric", "hamming_periodic"};
    static const char *const scales[] = {"htk", "slaney"}, *const norms[] = {"none", "slaney"};
    static const char *const logs[] = {"none", "db", "ln_offset"};
    int e;
    if (!strcmp(name, "--n-fft")) return parse_int(v, &p->n_fft);
    if (!strcmp(name, "--win-length")) return parse_int(v, &p->win_length);
    if (!strcmp(name, "--hop-length")) return parse_int(v, &p->hop_length);
    if (!strcmp(name, "--n-mels")) return parse_int(v, &p->n_mels);
    if (!strcmp(name, "--center")) return parse_int(v, &p->center);
    if (!strcmp(name, "--power")) return parse_int(v, &p->power);
    if (!strcmp(name, "--triangles-on-mel")) return parse_int(v, &p->triangles_on_mel);
    if (!strcmp(name, "--fmin")) return parse_float(v, &p->fmin);
    if (!strcmp(name, "--fmax")) return parse_float(v, &p->fmax);
    if (!strcmp(name, "--log-floor")) return parse_float(v, &p->log_floor);
    if (!strcmp(name, "--window")) { if (!parse_name(v, windows, 3, &e)) return 0; p->window = (hs_window)e; return 1; }
    if (!strcmp(name, "--mel-scale")) { if (!parse_name(v, scales, 2, &e)) return 0; p->mel_scale = (hs_mel_scale)e; return 1; }
    if (!strcmp(name, "--mel-norm")) { if (!parse_name(v, norms, 2, &e)) return 0; p->mel_norm = (hs_mel_norm)e; return 1; }
    if (!strcmp(name, "--log")) { if (!parse_name(v, logs, 3, &e)) return 0; p->log = (hs_log_kind)e; return 1; }
    return 0;
}

typedef struct options {
    const char *file, *out, *samples_out;
    int raw;
    hs_melspec_params mel; /* sample_rate is filled in once the audio is known */
} options;

/* 0 ok; otherwise prints why and returns the usage exit status. */
static int parse_args(int argc, char **argv, options *o) {
    memset(o, 0, sizeof *o);
    o->mel = hs_melspec_default_pcg();
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--raw")) { o->raw = 1; continue; }
        if (a[0] == '-' && a[1]) {
            if (i + 1 >= argc) { fprintf(stderr, "heartsound: features: %s needs a value\n", a); return HS_EXIT_USAGE; }
            const char *v = argv[++i];
            if (!strcmp(a, "--out")) o->out = v;
            else if (!strcmp(a, "--samples-out")) o->samples_out = v;
            else if (!apply_option(&o->mel, a, v)) {
                fprintf(stderr, "heartsound: features: unknown option or bad value '%s %s'\n", a, v);
                return HS_EXIT_USAGE;
            }
            continue;
        }
        if (o->file) { fprintf(stderr, "heartsound: features: one input file only\n"); return HS_EXIT_USAGE; }
        o->file = a;
    }
    if (!o->file || !o->out) {
        fprintf(stderr, "heartsound: features: need FILE.wav and --out F.npy\n");
        usage(stderr);
        return HS_EXIT_USAGE;
    }
    return 0;
}

static void print_result(const options *o, const hs_preproc_params *pp, size_t frames, const hs_melspec_params *mp) {
    char mel[1024];
    hs_melspec_params_json(mp, mel, sizeof mel);
    printf("{\"file\":");
    cli_json_string(stdout, o->file);
    printf(",\"out\":");
    cli_json_string(stdout, o->out);
    printf(",\"frames\":%zu,\"mels\":%d,\"preprocess\":", frames, mp->n_mels);
    if (pp)
        printf("{\"sample_rate\":%d,\"bandpass_lo_hz\":%.9g,\"bandpass_hi_hz\":%.9g,\"bandpass_order\":%d,"
               "\"normalize\":%d}",
               pp->sample_rate, (double)pp->bandpass_lo_hz, (double)pp->bandpass_hi_hz, pp->bandpass_order,
               pp->normalize);
    else
        printf("null");
    printf(",\"melspec\":%s}\n", mel);
}

int cmd_features(int argc, char **argv) {
    if (cli_wants_help(argc, argv)) { usage(stdout); return 0; }
    options o;
    int rc = parse_args(argc, argv, &o);
    if (rc) return rc;

    hs_audio audio = {0}, pre = {0};
    hs_status st = hs_wav_read_file(o.file, &audio, NULL);
    if (st != HS_OK) return cli_fail(o.file, "%s", hs_status_string(st));
    hs_preproc_params pp = hs_preproc_default();
    const hs_audio *src = &audio;
    if (!o.raw) {
        st = hs_preprocess(&audio, &pp, &pre);
        if (st != HS_OK) { hs_audio_free(&audio); return cli_fail(o.file, "preprocessing: %s", hs_status_string(st)); }
        src = &pre;
    }
    o.mel.sample_rate = src->sample_rate;

    hs_melspec *m = NULL;

    st = hs_melspec_create(&o.mel, &m);
    float *feat = NULL;
    size_t frames = 0;
    if (!m) {
        rc = cli_fail(o.file, "log-mel parameters rejected (%s): need even n_fft, 1 <= win_length <= n_fft, "
                      "hop >= 1, power 1|2, 0 <= fmin < fmax <= %d Hz (half the rate), log floor > 0, "
                      "triangles-on-mel 0|1",
                      hs_status_string(st), src->sample_rate / 2);
        goto done;
    }
    frames = hs_melspec_frames(m, src->n);
    feat = malloc((frames ? frames : 1) * (size_t)o.mel.n_mels * sizeof(float));
    if (!feat) { rc = cli_fail(o.file, "%s", hs_status_string(HS_ERR_NOMEM)); goto done; }
    st = hs_melspec_compute(m, src->samples, src->n, feat);
    if (st != HS_OK) { rc = cli_fail(o.file, "log-mel: %s", hs_status_string(st)); goto done; }
    size_t shape[2] = {frames, (size_t)o.mel.n_mels};
    st = npy_write_f32(o.out, feat, shape, 2);
    if (st != HS_OK) { rc = cli_fail(o.out, "cannot write: %s", hs_status_string(st)); goto done; }
    if (o.samples_out) {
        size_t ns = src->n;
        st = npy_write_f32(o.samples_out, src->samples, &ns, 1);
        if (st != HS_OK) { rc = cli_fail(o.samples_out, "cannot write: %s", hs_status_string(st)); goto done; }
    }
    print_result(&o, o.raw ? NULL : &pp, frames, &o.mel);
done:
    free(feat);
    hs_melspec_destroy(m);
    hs_audio_free(&pre);
    hs_audio_free(&audio);
    return rc;
}
