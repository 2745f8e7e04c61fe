/* Bounds-checked reader for FlatBuffers (the TFLite file format), just what the converter needs:
 * tables, scalar fields, vectors, strings, nested tables. Every accessor validates offsets against the
 * buffer, so a corrupt or foreign file yields "absent"/errors, never an out-of-bounds read. */
#ifndef HS_FLATBUF_H
#define HS_FLATBUF_H
#include <stddef.h>
#include <stdint.h>

typedef struct fb_buf { const uint8_t *p; size_t n; int bad; } fb_buf; /* bad: set once anything was malformed */
typedef struct fb_table { size_t pos; size_t vt; uint16_t vt_size; int ok; } fb_table;
typedef struct fb_vec { size_t pos; uint32_t len; int ok; } fb_vec; /* pos: first element */

fb_table fb_root(fb_buf *b);
/* Field `id` (0-based, schema order) of table t: presence and scalar values (def when absent). */
int fb_has(fb_buf *b, fb_table t, int id);
uint8_t fb_u8(fb_buf *b, fb_table t, int id, uint8_t def);
int32_t fb_i32(fb_buf *b, fb_table t, int id, int32_t def);
uint32_t fb_u32(fb_buf *b, fb_table t, int id, uint32_t def);
uint64_t fb_u64(fb_buf *b, fb_table t, int id, uint64_t def);
/* Offset-typed fields: a nested table, a vector (elem_size bytes each), a string (NUL not guaranteed). */
fb_table fb_table_field(fb_buf *b, fb_table t, int id);
fb_vec fb_vec_field(fb_buf *b, fb_table t, int id, size_t elem_size);
/* i-th element of a vector of tables. */
fb_table fb_vec_table(fb_buf *b, fb_vec v, uint32_t i);
int32_t fb_vec_i32(fb_buf *b, fb_vec v, uint32_t i);
float fb_vec_f32(fb_buf *b, fb_vec v, uint32_t i);
int64_t fb_vec_i64(fb_buf *b, fb_vec v, uint32_t i);
/* Copy a string field into out (truncated, NUL-terminated); "" when absent. */
void fb_string(fb_buf *b, fb_table t, int id, char *out, size_t cap);
#endif
