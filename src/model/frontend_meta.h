/* Front-end parameters (preprocessing + log-mel) <-> .hsm metadata keys "preproc.*" and "melspec.*".
 * Shared by every model kind stored in the container, so each file carries the exact front end it was
 * trained with. Enumerations are stored by name ("hann_periodic", "slaney", "db"), numbers as text. */
#ifndef HS_MODEL_FRONTEND_META_H
#define HS_MODEL_FRONTEND_META_H

#include "model/hsm.h"

hs_status hs_frontend_meta_write(hs_hsm_writer *w, const hs_preproc_params *pp, const hs_melspec_params *mp);
/* HS_ERR_MODEL_FORMAT if a key is missing or its value malformed / an unknown name. */
hs_status hs_frontend_meta_read(const hs_hsm *h, hs_preproc_params *pp, hs_melspec_params *mp);

#endif
