/* A one-line progress bar on stderr: "what [#####.....] 45% 123/270 ETA 1m02s extra".
 * On a tty the line is redrawn in place (\r) at most ~10 times a second; otherwise a plain line is
 * printed at most every ~5 s. Cheap enough to call once per batch. Thread-compatible, not
 * thread-safe: call from one thread. */
#ifndef HS_PROGRESS_H
#define HS_PROGRESS_H

typedef struct hs_progress hs_progress;

/* total <= 0: unknown total (no bar, no ETA). Returns NULL only when out of memory; every
 * function accepts NULL and then does nothing. */
hs_progress *hs_progress_start(const char *what, long total);
/* done = items finished so far; fmt (may be NULL) = extra text, e.g. "loss %.2f". */
void hs_progress_update(hs_progress *p, long done, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Prints the final line (full bar, elapsed time, extra text; a newline even on a tty) and frees p. */
void hs_progress_end(hs_progress *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#endif
