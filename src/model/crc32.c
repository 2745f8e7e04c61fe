#include "model/crc32.h"

/* Table-driven, one byte at a time: model files are a few MB at most, read once. The table is computed
 * on first use (a handful of microseconds) rather than pasted as a constant blob. */
static uint32_t table[256];
static int table_ready;

static void make_table(void) {
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    table_ready = 1;
}

uint32_t hs_crc32(uint32_t crc, const void *p, size_t n) {
    if (!table_ready) make_table();
    const uint8_t *b = p;
    crc = ~crc;
    for (size_t i = 0; i < n; i++) crc = table[(crc ^ b[i]) & 0xFF] ^ (crc >> 8);
    return ~crc;
}
