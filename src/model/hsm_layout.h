/* Private to hsm.c / hsm_writer.c: the byte offsets of the .hsm header and tensor-table entries
 * (docs/MODEL_FORMAT.md shows the same table), and little-endian field access that works on any
 * alignment. All integers in the file are little-endian. */
#ifndef HS_MODEL_HSM_LAYOUT_H
#define HS_MODEL_HSM_LAYOUT_H

#include <stdint.h>
#include <string.h>

/* "\x89HSM\r\n\x1a\n": non-ASCII first byte and CR/LF/EOF bytes catch text-mode transfers (as PNG does). */
static const uint8_t HSM_MAGIC[8] = {0x89, 'H', 'S', 'M', '\r', '\n', 0x1A, '\n'};

enum {
    HDR_MAGIC = 0,          /* 8 bytes */
    HDR_VERSION_MAJOR = 8,  /* u32 */
    HDR_VERSION_MINOR = 12, /* u32 */
    HDR_FILE_SIZE = 16,     /* u64: total bytes, header included */
    HDR_N_META = 24,        /* u32 */
    HDR_N_TENSORS = 28,     /* u32 */
    HDR_META_OFFSET = 32,   /* u64 */
    HDR_TABLE_OFFSET = 40,  /* u64 */
    HDR_DATA_OFFSET = 48,   /* u64: multiple of 64 */
    HDR_FLAGS = 56,         /* u32: reserved, written 0, ignored by readers */
    HDR_CRC = 60,           /* u32: CRC-32 of bytes [0, 60) then [64, file_size) */
    HDR_SIZE = 64
};

enum {
    TEN_NAME = 0,   /* 64 bytes: name, NUL-terminated, NUL-padded */
    TEN_DTYPE = 64, /* u32 */
    TEN_RANK = 68,  /* u32 */
    TEN_DIMS = 72,  /* 4 x u32, unused = 0 */
    TEN_OFFSET = 88,/* u64: from data_offset; multiple of 64 */
    TEN_NBYTES = 96,/* u64 */
    TEN_SIZE = 104
};


#endif
