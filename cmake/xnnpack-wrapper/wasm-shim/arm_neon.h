/* Two XNNPACK wasmsimd kernels include <arm_neon.h> although they only use wasm SIMD intrinsics;
 * this stand-in keeps them compiling for wasm32 (used by cmake/xnnpack-wrapper only). */
#include <wasm_simd128.h>
