/* The hs_audio container: freeing it, and the raw-PCM entry point used by the web page
 * (microphone / decodeAudioData), which must uphold the same invariants as the WAV decoder. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "heartsound.h"

void hs_audio_free(hs_audio *a) {
    if (!a) return;
    free(a->samples);
    memset(a, 0, sizeof *a);
}

hs_status hs_audio_from_pcm(const float *x, size_t n, int sample_rate, hs_audio *out) {
    if (!out) return HS_ERR_ARG;
    memset(out, 0, sizeof *out);
    if (!x && n) return HS_ERR_ARG;
    if (sample_rate < HS_MIN_RATE || sample_rate > HS_MAX_RATE) return HS_ERR_WAV_RATE;
    if (n == 0) return HS_ERR_EMPTY;
    if ((double)n > HS_MAX_SECONDS * sample_rate || n > SIZE_MAX / sizeof(float)) return HS_ERR_WAV_TOO_LONG;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i])) return HS_ERR_ARG;
    float *s = malloc(n * sizeof *s);
    if (!s) return HS_ERR_NOMEM;
    /* Web Audio floats may overshoot +-1 slightly; clip like the WAV float path does. */
    for (size_t i = 0; i < n; i++) s[i] = x[i] > 1.0f ? 1.0f : x[i] < -1.0f ? -1.0f : x[i];
    out->samples = s;
    out->n = n;
    out->sample_rate = sample_rate;
    return HS_OK;
}
