// AudioWorklet that hands the microphone's PCM to the page unchanged, at the context's native rate
// (resampling happens later, in C). Posts blocks of ~4096 frames rather than every 128-frame quantum
// to keep message traffic low, plus the block's peak for the level meter.
const BLOCK = 4096;

class RecorderProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    this.buf = new Float32Array(BLOCK);
    this.fill = 0;
    this.peak = 0;
    this.port.onmessage = (ev) => {
      if (ev.data === 'flush') this.flush(true);
    };
  }

  flush(last) {
    const block = this.buf.slice(0, this.fill);
    this.port.postMessage({ block, peak: this.peak, last }, [block.buffer]);
    this.fill = 0;
    this.peak = 0;
  }

  process(inputs) {
    const channels = inputs[0];
    if (channels && channels.length > 0) {
      const n = channels[0].length;
      for (let i = 0; i < n; i++) {
        // Mono: the first channel. Recording apps for chest audio are mono; averaging channels of a
        // stereo mic could cancel phase-shifted content.
        const v = channels[0][i];
        this.buf[this.fill++] = v;
        const a = v < 0 ? -v : v;
        if (a > this.peak) this.peak = a;
        if (this.fill === BLOCK) this.flush(false);
      }
    }
    return true;
  }
}

registerProcessor('heartsound-recorder', RecorderProcessor);
