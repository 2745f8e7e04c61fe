/* The STFT magnitude before the mel matrix, from the same plan (no second STFT): for front ends that apply
 * their own mel weights -- YAMNet's "tflite" mode reproduces the int8 mel matmul of Google's converted graph. */
#ifndef HS_FEATURES_MELSPEC_SPECTRUM_H
#define HS_FEATURES_MELSPEC_SPECTRUM_H
#include "heartsound.h"

/* frames x (n_fft/2 + 1) values |X|^power (row-major), frames = hs_melspec_frames(m, n). */
hs_status hs_melspec_spectrum(hs_melspec *m, const float *x, size_t n, float *out);
#endif
