/* Triangular mel filterbank on FFT bin frequencies (librosa.filters.mel conventions), stored sparsely:
 * band b weights bins start[b] .. start[b] + len[b] - 1 with w[off[b] ..]. Internal to src/features. */
#ifndef HS_MEL_FILTERBANK_H
#define HS_MEL_FILTERBANK_H
#include "heartsound.h"

typedef struct hs_mel_filterbank {
    int n_mels;
    int *start, *len, *off; /* n_mels each */
    float *w;               /* all non-zero weights, band after band */
} hs_mel_filterbank;

/* Hz <-> mel. HTK: 2595 log10(1 + f/700). Slaney: linear (3 mel per 200 Hz) below 1 kHz, logarithmic
 * (27 mel per factor 6.4) above. */
double hs_hz_to_mel(double hz, hs_mel_scale scale);
double hs_mel_to_hz(double mel, hs_mel_scale scale);

/* Builds the bank for p (already validated). Free with hs_mel_filterbank_free. */
hs_status hs_mel_filterbank_build(const hs_melspec_params *p, hs_mel_filterbank *fb);
void hs_mel_filterbank_free(hs_mel_filterbank *fb);
#endif
