// Page-side handle on worker.js: turns its messages into promises. No computation here.

export class EngineError extends Error {
  constructor({ code, message }) {
    super(message);
    this.code = code;
  }
}

export function startEngine() {
  const worker = new Worker(new URL('worker.js', import.meta.url), { type: 'module' });
  const pending = new Map(); // id -> {resolve, reject, onProgress}
  let nextId = 1;
  let broken = null;

  worker.onmessage = (ev) => {
    const { id, ok, value, error, progress } = ev.data;
    const p = pending.get(id);
    if (!p) return;
    if (progress !== undefined) {
      if (p.onProgress) p.onProgress(progress);
      return;
    }
    pending.delete(id);
    if (ok) p.resolve(value);
    else p.reject(new EngineError(error));
  };
  // A worker that cannot even load (heartsound.js or the .wasm missing, module workers unsupported)
  // fails every request with one clear error instead of leaving them hanging.
  worker.onerror = (ev) => {
    ev.preventDefault();
    broken = new EngineError({
      code: 'HS_ERR_ENGINE',
      message: 'The heartsound engine (WebAssembly) could not be loaded'
        + (ev.message ? `: ${ev.message}` : '.'),
    });
    for (const p of pending.values()) p.reject(broken);
    pending.clear();
  };

  function call(op, args = {}, { transfer = [], onProgress } = {}) {
    if (broken) return Promise.reject(broken);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject, onProgress });
      worker.postMessage({ id, op, ...args }, transfer);
    });
  }

  return {
    init: () => call('init'),
    loadModel: (model, onProgress) => call('loadModel', { model }, { onProgress }),
    analyseWav: (bytes, model) => call('analyse', { wav: bytes, model }, { transfer: [bytes] }),
    analysePcm: (samples, sampleRate, model) =>
      call('analyse', { pcm: { samples, sampleRate }, model }, { transfer: [samples.buffer] }),
    encodeWav: (samples, sampleRate) => call('encodeWav', { samples, sampleRate }),
  };
}
