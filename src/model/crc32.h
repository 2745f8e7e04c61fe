/* CRC-32 (IEEE 802.3 polynomial, reflected; the same values as zlib's crc32()) for the .hsm checksum. */
#ifndef HS_MODEL_CRC32_H
#define HS_MODEL_CRC32_H

#include <stddef.h>
#include <stdint.h>

/* Continue a CRC over n more bytes: crc = hs_crc32(0, a, na); crc = hs_crc32(crc, b, nb); ... */
uint32_t hs_crc32(uint32_t crc, const void *p, size_t n);

#endif
