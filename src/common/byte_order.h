/* Little-endian integers in byte buffers (WAV, .hsm, FlatBuffers are all little-endian), read and written a
 * byte at a time: no alignment or host byte-order assumptions. */
#ifndef HS_COMMON_BYTE_ORDER_H
#define HS_COMMON_BYTE_ORDER_H
#include <stdint.h>

static inline uint16_t hs_rd16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static inline uint32_t hs_rd32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint64_t hs_rd64(const uint8_t *p) { return (uint64_t)hs_rd32(p) | (uint64_t)hs_rd32(p + 4) << 32; }
static inline void hs_wr32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}
static inline void hs_wr64(uint8_t *p, uint64_t v) { hs_wr32(p, (uint32_t)v); hs_wr32(p + 4, (uint32_t)(v >> 32)); }

#endif
