#include "heartsound.h"

static const char *const messages[HS_STATUS_COUNT] = {
    [HS_OK] = "ok",
    [HS_ERR_ARG] = "invalid argument",
    [HS_ERR_NOMEM] = "out of memory",
    [HS_ERR_IO] = "cannot read or write the file",
    [HS_ERR_WAV_NOT_RIFF] = "not a WAV file (no RIFF header)",
    [HS_ERR_WAV_NOT_WAVE] = "RIFF file is not WAVE audio",
    [HS_ERR_WAV_TRUNCATED] = "WAV file is truncated inside a header",
    [HS_ERR_WAV_NO_FMT] = "WAV file has no fmt chunk",
    [HS_ERR_WAV_BAD_FMT] = "WAV fmt chunk is malformed",
    [HS_ERR_WAV_NO_DATA] = "WAV file has no data chunk",
    [HS_ERR_WAV_CODEC] = "unsupported WAV codec (supported: PCM, IEEE float, A-law, mu-law)",
    [HS_ERR_WAV_CHANNELS] = "invalid channel count",
    [HS_ERR_WAV_RATE] = "sample rate outside 1 kHz .. 384 kHz",
    [HS_ERR_WAV_BITS] = "unsupported bits per sample",
    [HS_ERR_WAV_TOO_LONG] = "audio too long (limit 3 hours)",
    [HS_ERR_EMPTY] = "no audio samples",
    [HS_ERR_TOO_SHORT] = "recording too short for the model",
    [HS_ERR_SILENT] = "recording is silent",
    [HS_ERR_MODEL_FORMAT] = "not a heartsound model file, or malformed",
    [HS_ERR_MODEL_VERSION] = "unsupported model file version",
    [HS_ERR_MODEL_CHECKSUM] = "model file checksum mismatch (corrupted)",
    [HS_ERR_MODEL_TRUNCATED] = "model file is truncated",
    [HS_ERR_BACKEND] = "inference backend failed",
    [HS_ERR_UNSUPPORTED] = "not supported by this build",
};

const char *hs_status_string(hs_status st) {
    if ((int)st < 0 || st >= HS_STATUS_COUNT || !messages[st]) return "unknown error";
    return messages[st];
}
