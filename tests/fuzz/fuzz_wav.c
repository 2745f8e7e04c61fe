/* libFuzzer target for the WAV decoder: header-only and full decode must agree, a decoded file
 * must hold frames > 0 samples in [-1, 1], and re-encoding it as pcm16 must decode again. Any
 * crash, sanitizer report or broken invariant (abort) is a finding. */
#include <stdint.h>
#include <stdlib.h>
#include "heartsound.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    hs_wav_info head, full;
    hs_audio a;
    hs_status s1 = hs_wav_decode(data, size, NULL, &head);
    hs_status s2 = hs_wav_decode(data, size, &a, &full);
    if (s2 == HS_ERR_NOMEM) return 0;
    if (s1 != s2) abort();
    if (s2 != HS_OK) {
        if (a.samples || a.n) abort();
        return 0;
    }
    if (a.n == 0 || a.n != full.frames || head.frames != full.frames || a.sample_rate != full.sample_rate) abort();
    for (size_t i = 0; i < a.n; i++)
        if (!(a.samples[i] >= -1.0f && a.samples[i] <= 1.0f)) abort();
    uint8_t *wav;
    size_t len;
    if (hs_wav_encode_pcm16(a.samples, a.n, a.sample_rate, &wav, &len) == HS_OK) {
        hs_audio b;
        if (hs_wav_decode(wav, len, &b, NULL) != HS_OK || b.n != a.n) abort();
        hs_audio_free(&b);
        free(wav);
    }
    hs_audio_free(&a);
    return 0;
}
