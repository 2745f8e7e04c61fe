/* Status messages and names, both from HS_STATUS_LIST in heartsound.h. */
#include "heartsound.h"

#define HS_STATUS_MESSAGE_(name, message) [name] = message,
#define HS_STATUS_NAME_(name, message) [name] = #name,
static const char *const messages[HS_STATUS_COUNT] = {HS_STATUS_LIST(HS_STATUS_MESSAGE_)};
static const char *const names[HS_STATUS_COUNT] = {HS_STATUS_LIST(HS_STATUS_NAME_)};

const char *hs_status_string(hs_status st) {
    return (int)st >= 0 && st < HS_STATUS_COUNT ? messages[st] : "unknown error";
}

const char *hs_status_name(hs_status st) {
    return (int)st >= 0 && st < HS_STATUS_COUNT ? names[st] : "HS_ERR_UNKNOWN";
}
