// Only linked for Emscripten < 3.1.26 (see cmake/wasm.cmake): its ES6 glue uses CommonJS `require` and
// `__dirname` under Node. Browsers and workers never take the Node branch, so both stay undefined there.
const hsIsNode = typeof process == 'object' && typeof process.versions == 'object' && typeof process.versions.node == 'string';
const require = hsIsNode ? (await import('node:module')).createRequire(import.meta.url) : undefined;
const __dirname = hsIsNode ? require('node:path').dirname(require('node:url').fileURLToPath(import.meta.url)) : undefined;
