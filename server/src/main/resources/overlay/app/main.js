// GET /overlay: her avatar, captions and voice for an OBS browser source.
// Query: character_id (default: the active one), captions=on|off, size=<px>|small|medium|large,
// position=bottom|top, token (when the backend has API_TOKEN).
// window.overlayState is a read-only snapshot of what is shown, for tests and troubleshooting.

import { EventLink } from "./socket.js";
import { VoicePlayer, decodeFrame } from "./voice.js";
import { AvatarSource } from "./avatar.js";

const params = new URLSearchParams(location.search);
const token = params.get("token") ?? "";
const fixedCharacter = /^[1-9][0-9]{0,17}$/.test(params.get("character_id") ?? "") ? Number(params.get("character_id")) : null;
const captionsOn = !/^(off|false|0|no)$/i.test(params.get("captions") ?? "on");
const SIZES = { small: 32, medium: 44, large: 60 };
const sizeParam = params.get("size") ?? "medium";
const captionPx = SIZES[sizeParam] ?? Math.min(200, Math.max(12, Number.parseInt(sizeParam, 10) || SIZES.medium));

const GAIN = 6;          // RMS of speech (about 0.05–0.2) → mouth opening 0..1
const NO_AUDIO_WAIT_MS = 250; // how long a chunk waits for its audio before it is shown without
const CAPTION_HOLD_MS = 1500;  // captions fade this long after she stops
const NEUTRAL_AFTER_MS = 8000; // and her face relaxes after this long
const MAX_SAMPLES = 300;

const stage = document.getElementById("stage");
const captionBox = document.getElementById("caption");
captionBox.style.setProperty("--caption-size", `${captionPx}px`);
captionBox.className = params.get("position") === "top" ? "top" : "bottom";

const player = new VoicePlayer();
const source = new AvatarSource(token);
const chunks = new Map();   // "turn:chunk" -> {text, emotion, envelope, envelopeMs}
const runs = [];            // chunks shown without audio: {key, turn, start, end, envelope, envelopeMs, arrival, rendered}
const delays = { arrivalToRender: [], dueToRender: [] };
let avatar = null;
let loading = null;
let characterId = fixedCharacter;
let emotion = "neutral";
let mouth = 0;
let caption = "";
let captionVisible = false;
let lastSpokeAt = -Infinity;
let lastEmotionAt = -Infinity;
let fps = 0;
let avatarError = null;

const link = new EventLink({ token, onEvent, onFrame, onOpen, onState: () => {} });

Object.defineProperty(window, "overlayState", {
  get: () => Object.freeze({
    connected: link.connected, reconnects: link.reconnects, lastEventId: link.lastEventId,
    characterId, avatarKind: avatar?.kind ?? null, avatarError, mouth, emotion,
    expression: avatar?.expressionMap[emotion] ?? emotion, caption, captionVisible, fps,
    avatar: avatar?.renderer.readout() ?? null, audioRunning: player.running(),
    framesPlayed: player.framesPlayed, framesSkipped: player.framesSkipped,
    delays: { arrivalToRender: [...delays.arrivalToRender], dueToRender: [...delays.dueToRender] },
  }),
});

function onOpen() {
  player.wake();
  link.send({ type: "listen", as: "overlay" });
  reloadAvatar(); // she may have changed while the backend was away
}

function reloadAvatar() {
  loading = (loading ?? Promise.resolve()).then(async () => {
    try {
      const id = await source.characterId(fixedCharacter);
      const next = await source.load(stage, id);
      avatar?.renderer.dispose();
      avatar = next;
      characterId = id;
      avatarError = null;
    } catch (e) {
      avatarError = String(e.message ?? e); // keep what is shown; the next connect tries again
    }
  });
}

function onFrame(buffer, arrival) {
  const frame = decodeFrame(buffer);
  if (frame) player.play(frame, arrival);
}

function onEvent(event, arrival) {
  const data = event.data ?? {};
  switch (event.type) {
    case "speech.started": return started(event, data, arrival);
    case "speech.finished":
      if (data.interrupted) interrupt(data.turn_id);
      return;
    case "chat.response":
      if (data.emotion) setEmotion(data.emotion);
      return;
    case "character.switched":
      if (fixedCharacter === null) reloadAvatar();
      return;
    case "avatar.changed":
      if (data.character_id === characterId) reloadAvatar();
      return;
    default:
  }
}

function started(event, data, arrival) {
  if (fixedCharacter !== null && data.character_id !== undefined && data.character_id !== fixedCharacter) {
    player.stop(data.turn_id); // another character's overlay plays her
    return;
  }
  const key = `${data.turn_id}:${data.chunk}`;
  if (chunks.has(key)) return; // shown once, even when a replay brings it again
  if (link.age(event) > (data.duration_ms ?? 0) + 3000) return; // said while this page was away: too late to show
  chunks.set(key, { text: data.text ?? "", emotion: data.emotion ?? null, envelope: data.envelope ?? [],
    envelopeMs: data.envelope_ms ?? 20 });
  if (chunks.size > 256) chunks.delete(chunks.keys().next().value);
  const withoutAudio = () => {
    if (player.has(data.turn_id, data.chunk) || player.dropped.has(data.turn_id)) return;
    const start = Math.max(performance.now(), runs.length ? runs[runs.length - 1].end : 0);
    const info = chunks.get(key);
    runs.push({ key, turn: data.turn_id, start, end: start + (data.duration_ms ?? info.envelope.length * info.envelopeMs),
      envelope: info.envelope, envelopeMs: info.envelopeMs, arrival, rendered: false });
  };
  if (player.running()) setTimeout(withoutAudio, NO_AUDIO_WAIT_MS); else withoutAudio();
}

function interrupt(turn) {
  player.stop(turn);
  for (let i = runs.length - 1; i >= 0; i--) if (runs[i].turn === turn) runs.splice(i, 1);
  captionVisible = false;
  render();
}

function setEmotion(name) {
  emotion = String(name).toLowerCase();
  lastEmotionAt = performance.now();
}

function record(list, value) {
  list.push(Math.round(value * 10) / 10);
  if (list.length > MAX_SAMPLES) list.shift();
}

/** What she is saying now: the frame heard, or the envelope of a chunk shown without audio. */
function speakingNow(now) {
  const entry = player.current();
  if (entry) {
    if (!entry.rendered) {
      entry.rendered = true;
      record(delays.arrivalToRender, now - entry.arrival);
      record(delays.dueToRender, now - Math.max(entry.arrival, player.perfTime(entry.start)));
    }
    return { key: `${entry.turn}:${entry.chunk}`, level: entry.level };
  }
  while (runs.length && runs[0].end < now) runs.shift();
  const run = runs.find((r) => r.start <= now && now < r.end);
  if (!run) return null;
  if (!run.rendered) {
    run.rendered = true;
    record(delays.dueToRender, now - Math.max(run.arrival, run.start));
  }
  const index = Math.floor((now - run.start) / run.envelopeMs);
  return { key: run.key, level: run.envelope[Math.min(index, run.envelope.length - 1)] ?? 0 };
}

function render() {
  captionBox.textContent = caption;
  captionBox.classList.toggle("visible", captionsOn && captionVisible && caption !== "");
}

let last = performance.now();
let frames = 0;
let fpsSince = last;
function tick(now) {
  const dt = Math.min(0.1, Math.max(0, (now - last) / 1000));
  last = now;
  const speaking = speakingNow(now);
  const target = speaking ? Math.min(1, speaking.level * GAIN) : 0;
  mouth = target >= mouth ? target : Math.max(target, mouth - dt * 6); // opens at once, closes softly
  if (speaking) {
    lastSpokeAt = now;
    const info = chunks.get(speaking.key);
    if (info) {
      if (info.emotion && !info.shown) setEmotion(info.emotion);
      info.shown = true;
      if (caption !== info.text || !captionVisible) {
        caption = info.text;
        captionVisible = true;
        render();
      }
    }
  } else if (captionVisible && now - lastSpokeAt > CAPTION_HOLD_MS) {
    captionVisible = false;
    render();
  }
  if (emotion !== "neutral" && now - Math.max(lastSpokeAt, lastEmotionAt) > NEUTRAL_AFTER_MS) emotion = "neutral";
  if (avatar) {
    avatar.renderer.update(dt, { mouth, expression: avatar.expressionMap[emotion] ?? emotion });
  }
  frames++;
  if (now - fpsSince >= 1000) {
    fps = Math.round((frames * 1000) / (now - fpsSince));
    frames = 0;
    fpsSince = now;
  }
  requestAnimationFrame(tick);
}

reloadAvatar();
link.start();
requestAnimationFrame(tick);
