/* Validation of hs_melspec_params and enum names, shared by the plan and the JSON writer. Internal. */
#ifndef HS_MELSPEC_PARAMS_H
#define HS_MELSPEC_PARAMS_H
#include "heartsound.h"

#define HS_MELSPEC_MAX_NFFT 65536
#define HS_MELSPEC_MAX_MELS 1024

/* HS_OK if every field is in range (see hs_melspec_params in heartsound.h), else HS_ERR_ARG. */
hs_status hs_melspec_params_check(const hs_melspec_params *p);

/* Names used in JSON and in model files ("hann_periodic", "slaney", "db", ...); "?" if out of range. */
const char *hs_window_name(hs_window w);
const char *hs_mel_scale_name(hs_mel_scale s);
const char *hs_mel_norm_name(hs_mel_norm n);
const char *hs_log_kind_name(hs_log_kind k);
#endif
