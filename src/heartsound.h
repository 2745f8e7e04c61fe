/* heartsound: heart-sound (PCG) normal/abnormal classifier.
 *
 * Data flow: wav -> audio (resample, band-pass, normalise) -> features (log-mel) -> model -> verdict.
 * One public header. Handles are opaque; every function that can fail returns an hs_status and hands its
 * result out through a pointer argument. Ownership is stated on each function: "caller frees with X" or
 * "borrowed". The library reads no environment variable and opens no file it was not given a path to.
 *
 * Basic usage (error handling shortened):
 *
 *     hs_audio audio;
 *     hs_wav_read_file("rec.wav", &audio, NULL);               // any rate, any channel count
 *     hs_classifier *clf;
 *     hs_classifier_load_file("models/cnn.hsm", &clf);         // or hs_classifier_create(&options, &clf)
 *     hs_result res;
 *     hs_status st = hs_classify(clf, &audio, &res);
 *     if (st == HS_OK)
 *         printf("%s p=%.3f\n", res.abnormal ? "abnormal" : "normal", res.p_abnormal);
 *     else
 *         fprintf(stderr, "%s (%s)\n", hs_status_string(st), hs_status_name(st));
 *     hs_result_free(&res);
 *     hs_classifier_destroy(clf);
 *     hs_audio_free(&audio);
 */
#ifndef HEARTSOUND_H
#define HEARTSOUND_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- errors */

/* Every status: name, message. One list gives the enum, hs_status_string() and hs_status_name(). */
#define HS_STATUS_LIST(X)                                                                                  \
    X(HS_OK, "ok")                                                                                         \
    X(HS_ERR_ARG, "invalid argument")                          /* NULL pointer or out-of-range argument */ \
    X(HS_ERR_NOMEM, "out of memory")                                                                       \
    X(HS_ERR_IO, "cannot read or write the file")                                                          \
    X(HS_ERR_WAV_NOT_RIFF, "not a WAV file (no RIFF header)")                                              \
    X(HS_ERR_WAV_NOT_WAVE, "RIFF file is not WAVE audio")                                                  \
    X(HS_ERR_WAV_TRUNCATED, "WAV file is truncated inside a header")                                       \
    X(HS_ERR_WAV_NO_FMT, "WAV file has no fmt chunk")                                                      \
    X(HS_ERR_WAV_BAD_FMT, "WAV fmt chunk is malformed")          /* too short, inconsistent block align */ \
    X(HS_ERR_WAV_NO_DATA, "WAV file has no data chunk")                                                    \
    X(HS_ERR_WAV_CODEC, "unsupported WAV codec (supported: PCM, IEEE float, A-law, mu-law)")               \
    X(HS_ERR_WAV_CHANNELS, "invalid channel count")                                                        \
    X(HS_ERR_WAV_RATE, "sample rate outside 1 kHz .. 384 kHz")                                             \
    X(HS_ERR_WAV_BITS, "unsupported bits per sample")                                                      \
    X(HS_ERR_WAV_TOO_LONG, "audio too long (limit 3 hours)")                                               \
    X(HS_ERR_EMPTY, "no audio samples")                                                                    \
    X(HS_ERR_TOO_SHORT, "recording too short for the model")                                               \
    X(HS_ERR_SILENT, "recording is silent")                     /* all-zero or constant signal */          \
    X(HS_ERR_MODEL_FORMAT, "not a heartsound model file, or malformed")                                    \
    X(HS_ERR_MODEL_VERSION, "unsupported model file version")                                              \
    X(HS_ERR_MODEL_CHECKSUM, "model file checksum mismatch (corrupted)")                                   \
    X(HS_ERR_MODEL_TRUNCATED, "model file is truncated")                                                   \
    X(HS_ERR_BACKEND, "inference backend failed")               /* e.g. XNNPACK */                         \
    X(HS_ERR_UNSUPPORTED, "not supported by this build")

typedef enum hs_status {
#define HS_STATUS_ENUM_(name, message) name,
    HS_STATUS_LIST(HS_STATUS_ENUM_)
#undef HS_STATUS_ENUM_
    HS_STATUS_COUNT
} hs_status;

/* Static English message for a status, e.g. "WAV file has no fmt chunk". Never NULL. */
const char *hs_status_string(hs_status st);
/* The status's C name, e.g. "HS_ERR_WAV_NO_FMT" (what the JS API reports as error.code). Never NULL. */
const char *hs_status_name(hs_status st);

/* Longest audio accepted (seconds): hours of audio are refused with HS_ERR_WAV_TOO_LONG
 * instead of exhausting memory. */
#define HS_MAX_SECONDS (3.0 * 3600.0)
#define HS_MIN_RATE 1000
#define HS_MAX_RATE 384000

/* ---------------------------------------------------------------- audio */

/* Mono float audio in [-1, 1]. Caller frees with hs_audio_free. */
typedef struct hs_audio {
    float *samples;
    size_t n;          /* number of samples */
    int sample_rate;   /* Hz */
} hs_audio;

void hs_audio_free(hs_audio *a); /* frees samples, zeroes the struct; NULL-safe */

/* Codes of the WAV fmt chunk (after resolving WAVE_FORMAT_EXTENSIBLE). */
enum { HS_WAV_PCM = 1, HS_WAV_FLOAT = 3, HS_WAV_ALAW = 6, HS_WAV_MULAW = 7, HS_WAV_EXTENSIBLE = 0xFFFE };

typedef struct hs_wav_info {
    int sample_rate;
    int channels;
    int bits;              /* bits per sample as stored */
    int format;            /* HS_WAV_PCM / FLOAT / ALAW / MULAW (extensible resolved) */
    int extensible;        /* 1 if the fmt chunk was WAVE_FORMAT_EXTENSIBLE */
    const char *format_name; /* "pcm", "float", "alaw", "mulaw" (static) */
    uint64_t frames;       /* frames actually decoded */
    uint64_t frames_declared; /* frames the data chunk header claims */
    int truncated;         /* 1 if the data chunk ran past the end of file */
    double duration_s;
} hs_wav_info;

/* Decode a WAV file held in memory; channels are averaged to mono.
 * On success *out owns new samples (caller frees with hs_audio_free); info may be NULL.
 * `out` may be NULL to only parse the header (info is filled, frames = what would be decoded). */
hs_status hs_wav_decode(const uint8_t *bytes, size_t len, hs_audio *out, hs_wav_info *info);

/* Read and decode a WAV file from disk (same contract as hs_wav_decode). */
hs_status hs_wav_read_file(const char *path, hs_audio *out, hs_wav_info *info);

/* Encode mono float audio as a 16-bit PCM WAV. *bytes is malloc'd; caller frees with free(). */
hs_status hs_wav_encode_pcm16(const float *x, size_t n, int sample_rate, uint8_t **bytes, size_t *len);

/* Raw-PCM entry point (the web page's microphone / decodeAudioData path): copies and validates
 * n float samples at sample_rate into *out (caller frees with hs_audio_free). Non-finite samples are
 * an HS_ERR_ARG. */
hs_status hs_audio_from_pcm(const float *x, size_t n, int sample_rate, hs_audio *out);

/* ---------------------------------------------------------------- DSP */

/* Arbitrary-ratio resampler (Kaiser-windowed sinc, polyphase). Stopband >= 80 dB.
 * Resamples a whole signal: *y is malloc'd (caller frees with free()), *ny its length. */
hs_status hs_resample(const float *x, size_t n, int in_rate, int out_rate, float **y, size_t *ny);

/* Zero-phase Butterworth band-pass (forward-backward), in place. lo/hi in Hz, order per edge. */
hs_status hs_bandpass(float *x, size_t n, int sample_rate, float lo_hz, float hi_hz, int order);

/* Scale to unit RMS (after removing the mean). Returns HS_ERR_SILENT if the signal is constant. */
hs_status hs_normalize(float *x, size_t n);

/* PCG preprocessing used by every model: resample to `rate`, band-pass lo..hi, normalise.
 * in is borrowed; *out gets new samples (caller frees with hs_audio_free). */
typedef struct hs_preproc_params {
    int sample_rate;      /* target rate, e.g. 2000 */
    float bandpass_lo_hz; /* 25; <= 0 disables the band-pass */
    float bandpass_hi_hz; /* 400 */
    int bandpass_order;   /* per edge, e.g. 4 */
    int normalize;        /* 1: unit RMS */
} hs_preproc_params;

hs_preproc_params hs_preproc_default(void);
hs_status hs_preprocess(const hs_audio *in, const hs_preproc_params *p, hs_audio *out);

/* ---------------------------------------------------------------- features */

typedef enum { HS_WINDOW_HANN_PERIODIC = 0, HS_WINDOW_HANN_SYMMETRIC, HS_WINDOW_HAMMING_PERIODIC } hs_window;
typedef enum { HS_MEL_HTK = 0, HS_MEL_SLANEY } hs_mel_scale;
typedef enum { HS_MELNORM_NONE = 0, HS_MELNORM_SLANEY } hs_mel_norm;  /* slaney: area-normalised triangles */
typedef enum { HS_LOG_NONE = 0, HS_LOG_DB, HS_LOG_LN_OFFSET } hs_log_kind;

/* Every front-end parameter, explicit; written next to every feature output. */
typedef struct hs_melspec_params {
    int sample_rate;       /* Hz of the input signal */
    int n_fft;             /* FFT size (even); frames are zero-padded from win_length to n_fft */
    int win_length;        /* window length in samples (<= n_fft, centred in the FFT frame) */
    int hop_length;        /* hop in samples */
    hs_window window;
    int center;            /* 1: pad n_fft/2 zeros at both ends (frames centred on t = k*hop); 0: no padding */
    int n_mels;
    float fmin, fmax;      /* Hz */
    hs_mel_scale mel_scale;
    hs_mel_norm mel_norm;
    int power;             /* 1 = magnitude, 2 = power */
    hs_log_kind log;       /* DB: 10*log10(max(x, floor)) (power) or 20*log10 (magnitude) */
    float log_floor;       /* amin for DB (e.g. 1e-10); offset for LN_OFFSET (e.g. 0.001) */
    int triangles_on_mel;  /* 0: triangle weights linear in Hz between edges (librosa, HTK toolkit);
                              1: linear on the mel axis, DC bin zeroed (TensorFlow's linear_to_mel_weight_matrix,
                              used by YAMNet) */
} hs_melspec_params;

/* Defaults for PCG at 2 kHz (justified in docs/FEATURES.md). */
hs_melspec_params hs_melspec_default_pcg(void);

/* Writes the parameters as one JSON object into buf (NUL-terminated, truncated to cap).
 * Returns the length it needed (like snprintf). */
int hs_melspec_params_json(const hs_melspec_params *p, char *buf, size_t cap);

typedef struct hs_melspec hs_melspec; /* FFT plan, window, mel matrix; reusable, not thread-safe */

/* Create a plan into *out. Caller frees with hs_melspec_destroy. HS_ERR_ARG on bad params (*out NULL). */
hs_status hs_melspec_create(const hs_melspec_params *p, hs_melspec **out);
void hs_melspec_destroy(hs_melspec *m);
const hs_melspec_params *hs_melspec_params_of(const hs_melspec *m); /* borrowed */

/* Number of frames produced for n input samples. */
size_t hs_melspec_frames(const hs_melspec *m, size_t n);

/* Compute frames x n_mels features (row-major, frame-major) into out, which holds
 * hs_melspec_frames(m, n) * n_mels floats (caller-owned). */
hs_status hs_melspec_compute(hs_melspec *m, const float *x, size_t n, float *out);

/* ---------------------------------------------------------------- classifier */

typedef struct hs_classifier hs_classifier; /* a loaded model + its runtime; reusable, not thread-safe */

/* What a classifier is made from. Bytes are borrowed for the duration of the call only. */
typedef struct hs_classifier_options {
    const uint8_t *model;      /* the model file (.hsm) in memory (required) */
    size_t model_len;
    const uint8_t *backbone;   /* a YAMNet head whose file holds no backbone: a converted YAMNet .hsm
                                  (`heartsound convert-yamnet`); NULL otherwise */
    size_t backbone_len;
    const char *yamnet_engine; /* YAMNet backbone engine: NULL = the default ("xnnpack-f32" when built with
                                  XNNPACK, else "plain-c"), or "plain-c", "xnnpack-f32", "xnnpack-litert" */
} hs_classifier_options;

/* Create a classifier. Caller frees with hs_classifier_destroy. HS_ERR_UNSUPPORTED for a model kind or
 * engine this build lacks; a YAMNet head without a backbone in either place is HS_ERR_MODEL_FORMAT. */
hs_status hs_classifier_create(const hs_classifier_options *opt, hs_classifier **out);
/* hs_classifier_create with only the model's bytes. */
hs_status hs_classifier_load_memory(const uint8_t *bytes, size_t len, hs_classifier **out);
/* hs_classifier_create with only a model file read from path (required). */
hs_status hs_classifier_load_file(const char *path, hs_classifier **out);
void hs_classifier_destroy(hs_classifier *c);

typedef struct hs_window_score {
    double t0, t1;   /* seconds in the original recording */
    float p;         /* P(abnormal) of this window */
} hs_window_score;

typedef struct hs_result {
    int abnormal;          /* 1 if p_abnormal >= threshold */
    float p_abnormal;      /* record-level probability */
    float threshold;
    size_t n_windows;
    hs_window_score *windows; /* n_windows entries; freed by hs_result_free */
} hs_result;

void hs_result_free(hs_result *r);

/* Classify audio at any supported rate (preprocessing and windowing per the model).
 * Caller frees the result with hs_result_free. */
hs_status hs_classify(hs_classifier *c, const hs_audio *audio, hs_result *out);

/* Model description, e.g. "cnn-int8 v1 (xnnpack)" (borrowed, lives as long as c). */
const char *hs_classifier_name(const hs_classifier *c);
float hs_classifier_min_seconds(const hs_classifier *c);
/* The model's decision threshold on p_abnormal ("model.threshold"; what hs_classify compares against). */
float hs_classifier_threshold(const hs_classifier *c);
const hs_melspec_params *hs_classifier_melspec(const hs_classifier *c); /* borrowed */

#ifdef __cplusplus
}
#endif
#endif
