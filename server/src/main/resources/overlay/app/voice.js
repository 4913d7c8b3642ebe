// Her voice as it comes over /ws (binary VoiceFrames: 28-byte little-endian header, then 16-bit PCM),
// played with WebAudio: each frame is scheduled right after the one before, so a turn plays without
// gaps; after an underrun (or a new turn) playback starts LEAD_S ahead of now. The schedule is kept
// as a timeline so that the mouth and the captions follow what is heard, not what has arrived.

const HEADER_BYTES = 28;
const KIND_AUDIO = 1;
const LEAD_S = 0.03;
const KEEP_S = 2; // timeline entries kept after they ended

function uuid(view) {
  let hex = "";
  for (let i = 12; i < 28; i++) hex += view.getUint8(i).toString(16).padStart(2, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Decodes one frame, or null when it is not an audio frame. */
export function decodeFrame(buffer) {
  if (!(buffer instanceof ArrayBuffer) || buffer.byteLength < HEADER_BYTES || (buffer.byteLength - HEADER_BYTES) % 2) return null;
  const view = new DataView(buffer);
  if (view.getUint8(0) !== KIND_AUDIO) return null;
  const count = (buffer.byteLength - HEADER_BYTES) / 2;
  const samples = new Float32Array(count);
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const s = view.getInt16(HEADER_BYTES + 2 * i, true) / 32768;
    samples[i] = s;
    sum += s * s;
  }
  return {
    flags: view.getUint8(1),
    chunk: view.getUint16(2, true),
    seq: view.getUint32(4, true),
    sampleRate: view.getUint32(8, true),
    turn: uuid(view),
    samples,
    level: count ? Math.sqrt(sum / count) : 0, // the same RMS as the server's 20 ms envelope
  };
}

export class VoicePlayer {
  constructor() {
    this.context = null;
    this.nextTime = 0;
    this.timeline = [];      // {turn, chunk, start, end, level, arrival, source, rendered}
    this.lastSeq = new Map(); // turn -> highest seq played (nothing is played twice)
    this.dropped = new Set(); // interrupted turns
    this.framesPlayed = 0;
    this.framesSkipped = 0;
  }

  /** Creates (or wakes) the audio context; OBS browser sources may play without a gesture. */
  wake() {
    try {
      if (!this.context) this.context = new AudioContext({ latencyHint: "interactive" });
      if (this.context.state === "suspended") this.context.resume().catch(() => {});
    } catch (e) {
      this.context = null;
    }
  }

  running() {
    return this.context !== null && this.context.state === "running";
  }

  /** Schedules a frame; false when it cannot be played (no running audio, a repeat, a dropped turn). */
  play(frame, arrival) {
    if (!this.running() || this.dropped.has(frame.turn)) {
      this.framesSkipped++;
      return false;
    }
    const last = this.lastSeq.get(frame.turn);
    if (last !== undefined && frame.seq <= last) {
      this.framesSkipped++;
      return false;
    }
    this.lastSeq.set(frame.turn, frame.seq);
    if (this.lastSeq.size > 64) this.lastSeq.delete(this.lastSeq.keys().next().value);
    const ctx = this.context;
    const buffer = ctx.createBuffer(1, Math.max(1, frame.samples.length), frame.sampleRate);
    buffer.copyToChannel(frame.samples, 0);
    const source = ctx.createBufferSource();
    source.buffer = buffer;
    source.connect(ctx.destination);
    const now = ctx.currentTime;
    if (this.nextTime < now + LEAD_S / 2) this.nextTime = now + LEAD_S;
    const start = this.nextTime;
    source.start(start);
    this.nextTime = start + buffer.duration;
    this.timeline.push({ turn: frame.turn, chunk: frame.chunk, start, end: this.nextTime, level: frame.level,
      arrival, source, rendered: false });
    this.framesPlayed++;
    return true;
  }

  /** Whether any audio of this chunk has been scheduled. */
  has(turn, chunk) {
    return this.timeline.some((e) => e.turn === turn && e.chunk === chunk);
  }

  /** The context time being heard now: what leaves the speakers lags what is scheduled. */
  heardTime() {
    const stamp = this.context.getOutputTimestamp ? this.context.getOutputTimestamp() : null;
    return stamp && stamp.contextTime > 0 ? stamp.contextTime : this.context.currentTime;
  }

  /** The frame heard now, or null; forgets frames long past. */
  current() {
    if (!this.context) return null;
    const now = this.heardTime();
    while (this.timeline.length && this.timeline[0].end < now - KEEP_S) this.timeline.shift();
    for (const entry of this.timeline) {
      if (entry.start <= now && now < entry.end) return entry;
      if (entry.start > now) break;
    }
    return null;
  }

  /** Performance-clock time (ms) at which a scheduled audio time is heard. */
  perfTime(audioTime) {
    return performance.now() + (audioTime - this.heardTime()) * 1000;
  }

  /** Stops a turn at once and drops what is buffered of it (speech.finished interrupted). */
  stop(turn) {
    this.dropped.add(turn);
    if (this.dropped.size > 64) this.dropped.delete(this.dropped.values().next().value);
    const kept = [];
    for (const entry of this.timeline) {
      if (entry.turn === turn) {
        try { entry.source.stop(); } catch (e) { /* already ended */ }
      } else {
        kept.push(entry);
      }
    }
    this.timeline = kept;
    const tail = kept.length ? kept[kept.length - 1].end : 0;
    if (this.context) this.nextTime = Math.max(tail, this.context.currentTime);
  }
}
