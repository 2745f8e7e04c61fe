// What the browser must offer before anything else runs. heartsound's WASM is built with SIMD
// (-msimd128): a browser without it would fail to compile the module with an opaque error.

// The smallest module that needs SIMD: one function returning v128.const 0.
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0,            // "\0asm", version 1
  1, 5, 1, 96, 0, 1, 123,                 // type section: () -> v128
  3, 2, 1, 0,                             // function section: one function of type 0
  10, 22, 1, 20, 0, 253, 12,              // code section: one body, no locals, v128.const ...
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, // ... 16 zero bytes
  11,                                     // end
]);

export function missingSupport() {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.validate !== 'function') {
    return 'This browser does not run WebAssembly, which heartsound needs. Use a current Chrome, Edge, '
      + 'Firefox or Safari.';
  }
  if (!WebAssembly.validate(SIMD_PROBE)) {
    return 'This browser does not support WebAssembly SIMD, which heartsound needs. Update it, or use a '
      + 'current Chrome, Edge, Firefox or Safari (16.4 or newer).';
  }
  if (typeof Worker !== 'function') {
    return 'This browser does not support Web Workers, which heartsound needs.';
  }
  return null;
}
