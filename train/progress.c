/* Progress bar on stderr. Rate-limited so that calling it per batch costs a clock read. */
#define _POSIX_C_SOURCE 200809L
#include "progress.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BAR_WIDTH 20
#define TTY_PERIOD_S 0.1  /* redraws per second a terminal can show without flicker */
#define PLAIN_PERIOD_S 5.0 /* log files: one line every few seconds is enough */

struct hs_progress {
    char what[64];
    long total, done; /* done: last value given to update (for unknown totals) */
    double t0, last;
    int tty, last_len, printed;
};

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* "45s", "1m02s", "2h05m" */
static void fmt_duration(double s, char *buf, size_t cap) {
    if (s < 0 || s != s) s = 0;
    long t = (long)(s + 0.5);
    if (t < 60) snprintf(buf, cap, "%lds", t);
    else if (t < 3600) snprintf(buf, cap, "%ldm%02lds", t / 60, t % 60);
    else snprintf(buf, cap, "%ldh%02ldm", t / 3600, (t % 3600) / 60);
}

hs_progress *hs_progress_start(const char *what, long total) {
    hs_progress *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    snprintf(p->what, sizeof p->what, "%s", what ? what : "");
    p->total = total;
    p->t0 = p->last = now_s();
    p->tty = isatty(STDERR_FILENO);
    return p;
}

static void draw(hs_progress *p, long done, int final, const char *extra) {
    double el = now_s() - p->t0;
    char line[512], t[32];
    int n = snprintf(line, sizeof line, "%s ", p->what);
    if (p->total > 0) {
        if (done > p->total) done = p->total;
        if (done < 0) done = 0;
        int fill = (int)(BAR_WIDTH * (double)done / p->total);
        char bar[BAR_WIDTH + 1];
        for (int i = 0; i < BAR_WIDTH; i++) bar[i] = i < fill ? '#' : '.';
        bar[BAR_WIDTH] = '\0';
        n += snprintf(line + n, sizeof line - (size_t)n, "[%s] %3d%% %ld/%ld", bar,
                      (int)(100.0 * done / p->total), done, p->total);
    } else {
        n += snprintf(line + n, sizeof line - (size_t)n, "%ld", done);
    }
    if ((size_t)n >= sizeof line) n = sizeof line - 1;
    if (final) {
        fmt_duration(el, t, sizeof t);
        n += snprintf(line + n, sizeof line - (size_t)n, " in %s", t);
    } else if (p->total > 0 && done > 0) {
        fmt_duration(el * (double)(p->total - done) / done, t, sizeof t);
        n += snprintf(line + n, sizeof line - (size_t)n, " ETA %s", t);
    }
    if ((size_t)n >= sizeof line) n = sizeof line - 1;
    if (extra && *extra) n += snprintf(line + n, sizeof line - (size_t)n, " %s", extra);
    if ((size_t)n >= sizeof line) n = sizeof line - 1;
    if (p->tty) {
        /* Pad with spaces to erase the tail of a longer previous line. */
        int pad = p->last_len > n ? p->last_len - n : 0;
        fprintf(stderr, "\r%s%*s%s", line, pad, "", final ? "\n" : "");
    } else {
        fprintf(stderr, "%s\n", line);
    }
    fflush(stderr);
    p->last_len = n;
    p->printed = 1;
}

/* The caller's optional printf-style suffix (fmt NULL: none). */
static void format_extra(char *extra, size_t cap, const char *fmt, va_list ap) {
    if (fmt) vsnprintf(extra, cap, fmt, ap);
}

void hs_progress_update(hs_progress *p, long done, const char *fmt, ...) {
    if (!p) return;
    p->done = done;
    double t = now_s();
    if (t - p->last < (p->tty ? TTY_PERIOD_S : PLAIN_PERIOD_S)) return;
    p->last = t;
    char extra[256] = "";
    va_list ap;
    va_start(ap, fmt);
    format_extra(extra, sizeof extra, fmt, ap);
    va_end(ap);
    draw(p, done, 0, extra);
}

void hs_progress_end(hs_progress *p, const char *fmt, ...) {
    if (!p) return;
    char extra[256] = "";
    va_list ap;
    va_start(ap, fmt);
    format_extra(extra, sizeof extra, fmt, ap);
    va_end(ap);
    draw(p, p->total > 0 ? p->total : p->done, 1, extra);
    free(p);
}
