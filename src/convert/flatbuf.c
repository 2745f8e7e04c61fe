#include "convert/flatbuf.h"
#include <string.h>
#include "common/byte_order.h"

static int in(fb_buf *b, size_t pos, size_t len) {
    if (pos > b->n || len > b->n - pos) { b->bad = 1; return 0; }
    return 1;
}

static fb_table table_at(fb_buf *b, size_t pos) {
    fb_table t = {0, 0, 0, 0};
    if (!in(b, pos, 4)) return t;
    int32_t soff = (int32_t)hs_rd32(b->p + pos);
    int64_t vt = (int64_t)pos - soff;
    if (vt < 0 || !in(b, (size_t)vt, 4)) { b->bad = 1; return t; }
    uint16_t vsize = hs_rd16(b->p + vt);
    if (vsize < 4 || (vsize & 1) || !in(b, (size_t)vt, vsize)) { b->bad = 1; return t; }
    t.pos = pos; t.vt = (size_t)vt; t.vt_size = vsize; t.ok = 1;
    return t;
}

fb_table fb_root(fb_buf *b) {
    fb_table none = {0, 0, 0, 0};
    if (!in(b, 0, 4)) return none;
    return table_at(b, hs_rd32(b->p));
}

/* Absolute position of field id, or 0 when absent. */
static size_t field(fb_buf *b, fb_table t, int id, size_t size) {
    if (!t.ok || id < 0) return 0;
    size_t slot = 4 + 2 * (size_t)id;
    if (slot + 2 > t.vt_size) return 0;
    uint16_t off = hs_rd16(b->p + t.vt + slot);
    if (!off) return 0;
    if (!in(b, t.pos + off, size)) return 0;
    return t.pos + off;
}

int fb_has(fb_buf *b, fb_table t, int id) { return field(b, t, id, 1) != 0; }
uint8_t fb_u8(fb_buf *b, fb_table t, int id, uint8_t def) { size_t f = field(b, t, id, 1); return f ? b->p[f] : def; }
int32_t fb_i32(fb_buf *b, fb_table t, int id, int32_t def) { size_t f = field(b, t, id, 4); return f ? (int32_t)hs_rd32(b->p + f) : def; }
uint32_t fb_u32(fb_buf *b, fb_table t, int id, uint32_t def) { size_t f = field(b, t, id, 4); return f ? hs_rd32(b->p + f) : def; }
uint64_t fb_u64(fb_buf *b, fb_table t, int id, uint64_t def) {
    size_t f = field(b, t, id, 8);
    return f ? (uint64_t)hs_rd32(b->p + f) | (uint64_t)hs_rd32(b->p + f + 4) << 32 : def;
}

/* Follow an offset field (uoffset relative to the field itself). 0 when absent/bad. */
static size_t deref(fb_buf *b, fb_table t, int id) {
    size_t f = field(b, t, id, 4);
    if (!f) return 0;
    uint64_t target = (uint64_t)f + hs_rd32(b->p + f);
    if (target >= b->n) { b->bad = 1; return 0; }
    return (size_t)target;
}

fb_table fb_table_field(fb_buf *b, fb_table t, int id) {
    fb_table none = {0, 0, 0, 0};
    size_t pos = deref(b, t, id);
    return pos ? table_at(b, pos) : none;
}

fb_vec fb_vec_field(fb_buf *b, fb_table t, int id, size_t elem_size) {
    fb_vec v = {0, 0, 0};
    size_t pos = deref(b, t, id);
    if (!pos || !in(b, pos, 4)) return v;
    uint32_t len = hs_rd32(b->p + pos);
    if (elem_size && (uint64_t)len * elem_size > b->n) { b->bad = 1; return v; }
    if (!in(b, pos + 4, (size_t)len * (elem_size ? elem_size : 1))) return v;
    v.pos = pos + 4; v.len = len; v.ok = 1;
    return v;
}

fb_table fb_vec_table(fb_buf *b, fb_vec v, uint32_t i) {
    fb_table none = {0, 0, 0, 0};
    if (!v.ok || i >= v.len) return none;
    size_t f = v.pos + 4 * (size_t)i;
    uint64_t target = (uint64_t)f + hs_rd32(b->p + f);
    if (target >= b->n) { b->bad = 1; return none; }
    return table_at(b, (size_t)target);
}

int32_t fb_vec_i32(fb_buf *b, fb_vec v, uint32_t i) {
    (void)b;
    return v.ok && i < v.len ? (int32_t)hs_rd32(b->p + v.pos + 4 * (size_t)i) : 0;
}
float fb_vec_f32(fb_buf *b, fb_vec v, uint32_t i) {
    float f = 0;
    if (v.ok && i < v.len) { uint32_t u = hs_rd32(b->p + v.pos + 4 * (size_t)i); memcpy(&f, &u, 4); }
    return f;
}
int64_t fb_vec_i64(fb_buf *b, fb_vec v, uint32_t i) {
    if (!v.ok || i >= v.len) return 0;
    const uint8_t *p = b->p + v.pos + 8 * (size_t)i;
    return (int64_t)((uint64_t)hs_rd32(p) | (uint64_t)hs_rd32(p + 4) << 32);
}

void fb_string(fb_buf *b, fb_table t, int id, char *out, size_t cap) {
    if (!cap) return;
    out[0] = 0;
    fb_vec v = fb_vec_field(b, t, id, 1);
    if (!v.ok) return;
    size_t n = v.len < cap - 1 ? v.len : cap - 1;
    memcpy(out, b->p + v.pos, n);
    out[n] = 0;
}
