/* SVG 1.1 plots written with fprintf: no plotting dependency, files open in any browser. */
#include "svg.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static const char *const palette[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd",
                                      "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
#define NPALETTE ((int)(sizeof palette / sizeof palette[0]))

/* Text content / attribute value, escaped; control bytes (invalid in XML 1.0) are dropped. */
static void put_text(FILE *f, const char *s) {
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&apos;", f); break;
        default: if (c >= 0x20 || c == '\t') fputc(c, f);
        }
    }
}

static FILE *svg_open(const char *path, int w, int h, const char *title, const char *suffix) {
    FILE *f = path ? fopen(path, "w") : NULL;
    if (!f) return NULL;
    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n"
               "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" "
               "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">\n<title>", w, h, w, h);
    put_text(f, title);
    put_text(f, suffix);
    fprintf(f, "</title>\n<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n"
               "<text x=\"%d\" y=\"24\" text-anchor=\"middle\" font-size=\"16\">", w, h, w / 2);
    put_text(f, title);
    put_text(f, suffix);
    fputs("</text>\n", f);
    return f;
}

static int svg_close(FILE *f) {
    fputs("</svg>\n", f);
    int bad = ferror(f);
    return (fclose(f) != 0 || bad) ? -1 : 0;
}

/* Plot area in pixels and the data range it shows. */
typedef struct { double x, y, w, h, x0, x1, y0, y1; } frame;

static double px(const frame *fr, double x) { return fr->x + (x - fr->x0) / (fr->x1 - fr->x0) * fr->w; }
static double py(const frame *fr, double y) { return fr->y + fr->h - (y - fr->y0) / (fr->y1 - fr->y0) * fr->h; }

/* 1, 2 or 5 times a power of ten, giving about `target` intervals over range. */
static double nice_step(double range, int target) {
    double raw = range / target, mag = pow(10, floor(log10(raw))), norm = raw / mag;
    return (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
}

/* Box, grid lines, ticks with labels every xstep / ystep, axis labels. */
static void axes(FILE *f, const frame *fr, double xstep, double ystep, const char *xl, const char *yl) {
    fprintf(f, "<g stroke=\"#ddd\" stroke-width=\"1\">\n");
    for (double v = ceil(fr->x0 / xstep - 1e-9) * xstep; v <= fr->x1 + 1e-9 * xstep; v += xstep)
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", px(fr, v), fr->y, px(fr, v), fr->y + fr->h);
    for (double v = ceil(fr->y0 / ystep - 1e-9) * ystep; v <= fr->y1 + 1e-9 * ystep; v += ystep)
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", fr->x, py(fr, v), fr->x + fr->w, py(fr, v));
    fprintf(f, "</g>\n<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"black\"/>\n",
            fr->x, fr->y, fr->w, fr->h);
    fprintf(f, "<g text-anchor=\"middle\">\n");
    for (double v = ceil(fr->x0 / xstep - 1e-9) * xstep; v <= fr->x1 + 1e-9 * xstep; v += xstep)
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>"
                   "<text x=\"%.1f\" y=\"%.1f\">%g</text>\n",
                px(fr, v), fr->y + fr->h, px(fr, v), fr->y + fr->h + 5, px(fr, v), fr->y + fr->h + 18,
                fabs(v) < 1e-12 * xstep ? 0.0 : v);
    fprintf(f, "</g>\n<g text-anchor=\"end\">\n");
    for (double v = ceil(fr->y0 / ystep - 1e-9) * ystep; v <= fr->y1 + 1e-9 * ystep; v += ystep)
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"black\"/>"
                   "<text x=\"%.1f\" y=\"%.1f\">%g</text>\n",
                fr->x - 5, py(fr, v), fr->x, py(fr, v), fr->x - 8, py(fr, v) + 4,
                fabs(v) < 1e-12 * ystep ? 0.0 : v);
    fprintf(f, "</g>\n<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", fr->x + fr->w / 2, fr->y + fr->h + 38);
    put_text(f, xl);
    double ly = fr->y + fr->h / 2;
    fprintf(f, "</text>\n<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 %.1f %.1f)\">",
            fr->x - 48, ly, fr->x - 48, ly);
    put_text(f, yl);
    fputs("</text>\n", f);
}

int hs_svg_confusion(const char *path, const char *title, hs_confusion c) {
    if (c.tp < 0 || c.fp < 0 || c.tn < 0 || c.fn < 0) return -1;
    FILE *f = svg_open(path, 420, 400, title, "");
    if (!f) return -1;
    const double cell = 140, x0 = 120, y0 = 80;
    /* rows: true normal, true abnormal; columns: predicted normal, predicted abnormal */
    const int count[2][2] = {{c.tn, c.fp}, {c.fn, c.tp}};
    const char *names[2] = {"normal", "abnormal"};
    fprintf(f, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\" font-weight=\"bold\">Predicted</text>\n",
            x0 + cell, y0 - 30);
    fprintf(f, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\" font-weight=\"bold\" "
               "transform=\"rotate(-90 %.0f %.0f)\">True</text>\n", x0 - 80, y0 + cell, x0 - 80, y0 + cell);
    for (int i = 0; i < 2; i++) {
        fprintf(f, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\">%s</text>\n", x0 + cell * (i + 0.5), y0 - 8, names[i]);
        fprintf(f, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\">%s</text>\n", x0 - 8, y0 + cell * (i + 0.5) + 4, names[i]);
    }
    for (int r = 0; r < 2; r++) {
        double row = (double)count[r][0] + count[r][1];
        for (int k = 0; k < 2; k++) {
            double frac = row > 0 ? count[r][k] / row : 0;
            double x = x0 + k * cell, y = y0 + r * cell;
            fprintf(f, "<rect x=\"%.0f\" y=\"%.0f\" width=\"%.0f\" height=\"%.0f\" fill=\"#1f77b4\" "
                       "fill-opacity=\"%.3f\" stroke=\"black\"/>\n", x, y, cell, cell, 0.05 + 0.9 * frac);
            const char *ink = frac > 0.6 ? "white" : "black";
            fprintf(f, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\" font-size=\"24\" fill=\"%s\">%d</text>\n",
                    x + cell / 2, y + cell / 2, ink, count[r][k]);
            if (row > 0)
                fprintf(f, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\" fill=\"%s\">%.1f%%</text>\n",
                        x + cell / 2, y + cell / 2 + 22, ink, 100 * frac);
            else
                fprintf(f, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\" fill=\"%s\">n/a</text>\n",
                        x + cell / 2, y + cell / 2 + 22, ink);
        }
    }
    /* Se / Sp / MAcc under the matrix; "n/a" when a class is absent (no NaN in the picture). */
    double se = c.tp + c.fn ? (double)c.tp / (c.tp + c.fn) : NAN, sp = c.tn + c.fp ? (double)c.tn / (c.tn + c.fp) : NAN;
    const double v[3] = {se, sp, (se + sp) / 2};
    char txt[3][16];
    for (int i = 0; i < 3; i++) {
        if (isfinite(v[i])) snprintf(txt[i], sizeof txt[i], "%.3f", v[i]);
        else snprintf(txt[i], sizeof txt[i], "-");
    }
    fprintf(f, "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"middle\">Se %s  Sp %s  MAcc %s  (%% of the true class per row)</text>\n",
            x0 + cell, y0 + 2 * cell + 30, txt[0], txt[1], txt[2]);
    return svg_close(f);
}

typedef struct { float s; int y; } scored;

static int cmp_desc(const void *a, const void *b) {
    float x = ((const scored *)a)->s, y = ((const scored *)b)->s;
    if (isnan(x) || isnan(y)) return !!isnan(x) - !!isnan(y); /* NaN last: lowest score */
    return (x < y) - (x > y);
}

int hs_svg_roc(const char *path, const char *title, const int *labels, const float *scores, int n) {
    if (n < 0 || (n > 0 && (!labels || !scores))) return -1;
    scored *v = malloc((size_t)(n ? n : 1) * sizeof *v);
    if (!v) return -1;
    int npos = 0;
    for (int i = 0; i < n; i++) {
        v[i].s = scores[i];
        v[i].y = labels[i] != 0;
        npos += v[i].y;
    }
    int nneg = n - npos;
    qsort(v, (size_t)n, sizeof *v, cmp_desc);
    double auc = hs_auc(labels, scores, n);
    char suffix[48];
    if (isfinite(auc)) snprintf(suffix, sizeof suffix, " (AUC = %.3f)", auc);
    else snprintf(suffix, sizeof suffix, " (AUC undefined: one class only)");
    FILE *f = svg_open(path, 480, 480, title, suffix);
    if (!f) { free(v); return -1; }
    frame fr = {70, 50, 380, 370, 0, 1, 0, 1};
    axes(f, &fr, 0.2, 0.2, "False positive rate (1 - Sp)", "True positive rate (Se)");
    fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888\" stroke-dasharray=\"6 4\"/>\n",
            px(&fr, 0), py(&fr, 0), px(&fr, 1), py(&fr, 1));
    if (npos > 0 && nneg > 0) {
        /* Lower the threshold one group of tied scores at a time: one ROC vertex per group. */
        fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%.1f,%.1f", palette[0],
                px(&fr, 0), py(&fr, 0));
        int tp = 0, fp = 0;
        for (int i = 0; i < n;) {
            int j = i;
            while (j < n && (v[j].s == v[i].s || (isnan(v[j].s) && isnan(v[i].s)))) {
                if (v[j].y) tp++; else fp++;
                j++;
            }
            fprintf(f, " %.1f,%.1f", px(&fr, (double)fp / nneg), py(&fr, (double)tp / npos));
            i = j;
        }
        fputs("\"/>\n", f);
    }
    free(v);
    return svg_close(f);
}

int hs_svg_curves(const char *path, const char *title, const char *xlabel, const char *ylabel,
                  const hs_series *s, int ns) {
    if (ns < 0 || (ns > 0 && !s)) return -1;
    double lo = INFINITY, hi = -INFINITY;
    int maxn = 1;
    for (int i = 0; i < ns; i++) {
        if (s[i].n < 0 || (s[i].n > 0 && !s[i].y)) return -1;
        if (s[i].n > maxn) maxn = s[i].n;
        for (int j = 0; j < s[i].n; j++)
            if (isfinite(s[i].y[j])) {
                if (s[i].y[j] < lo) lo = s[i].y[j];
                if (s[i].y[j] > hi) hi = s[i].y[j];
            }
    }
    if (!(lo <= hi)) { lo = 0; hi = 1; }
    if (hi - lo < 1e-12 * (fabs(hi) + 1)) { double d = fabs(hi) > 0 ? fabs(hi) * 0.1 : 0.5; lo -= d; hi += d; }
    double ystep = nice_step(hi - lo, 5);
    double xstep = maxn > 1 ? nice_step(maxn - 1, 8) : 1;
    if (xstep < 1) xstep = 1;
    frame fr = {80, 50, 520, 290, 1, maxn > 1 ? maxn : 2, floor(lo / ystep) * ystep, ceil(hi / ystep) * ystep};
    FILE *f = svg_open(path, 800, 400, title, "");
    if (!f) return -1;
    axes(f, &fr, xstep, ystep, xlabel, ylabel);
    for (int i = 0; i < ns; i++) {
        const char *col = palette[i % NPALETTE];
        fprintf(f, "<g stroke=\"%s\" fill=\"none\" stroke-width=\"2\">\n", col);
        /* One path; a non-finite value breaks the line (next point starts with M). */
        int pen = 0, any = 0;
        for (int j = 0; j < s[i].n; j++) {
            if (!isfinite(s[i].y[j])) { pen = 0; continue; }
            if (!any) fputs("<path d=\"", f);
            fprintf(f, "%s%.1f %.1f ", pen ? "L" : "M", px(&fr, j + 1), py(&fr, s[i].y[j]));
            pen = any = 1;
        }
        if (any) fputs("\"/>\n", f);
        if (s[i].n <= 40) /* markers while they stay readable; a lone point needs one to show */
            for (int j = 0; j < s[i].n; j++)
                if (isfinite(s[i].y[j]))
                    fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>\n",
                            px(&fr, j + 1), py(&fr, s[i].y[j]), col);
        fputs("</g>\n", f);
    }
    /* Legend right of the plot, where it cannot hide a curve. */
    if (ns > 0) {
        double lx = fr.x + fr.w + 12, ly = fr.y;
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"160\" height=\"%d\" fill=\"white\" fill-opacity=\"0.85\" stroke=\"#888\"/>\n",
                lx, ly, 8 + 18 * ns);
        for (int i = 0; i < ns; i++) {
            double y = ly + 16 + 18 * i;
            fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"/>"
                       "<text x=\"%.1f\" y=\"%.1f\">", lx + 8, y - 4, lx + 32, y - 4, palette[i % NPALETTE], lx + 38, y);
            put_text(f, s[i].name ? s[i].name : "");
            fputs("</text>\n", f);
        }
    }
    return svg_close(f);
}
