// Which avatar she has (GET /api/characters/{id}/avatar → AvatarInfo) and its files, fetched with the
// token as a Bearer header and handed to the renderers as blob URLs.

import { PictureAvatar, drawnPortrait } from "./picture.js";

/** Our eight emotions → VRM expression names, when the backend sends no mapping. */
const VRM_DEFAULTS = { neutral: "neutral", joy: "happy", sadness: "sad", anger: "angry", surprise: "surprised",
  fear: "sad", disgust: "angry", smirk: "relaxed" };
/** … → SillyTavern sprite labels. */
const SPRITE_DEFAULTS = { neutral: "neutral", joy: "joy", sadness: "sadness", anger: "anger", surprise: "surprise",
  fear: "fear", disgust: "disgust", smirk: "amusement" };

export class AvatarSource {
  constructor(token) {
    this.token = token;
    this.blobs = [];
  }

  async fetch(path) {
    const headers = this.token ? { Authorization: `Bearer ${this.token}` } : {};
    const response = await fetch(path, { headers, cache: "no-store" });
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return response;
  }

  async json(path) {
    return (await this.fetch(path)).json();
  }

  /** The character to show: the one asked for, else the active one. */
  async characterId(requested) {
    if (requested) return requested;
    const list = await this.json("/api/characters");
    const active = list.find((c) => c.active) ?? list[0];
    return active ? active.id : null;
  }

  /** Builds her avatar in the stage: {renderer, kind, expressionMap}. */
  async load(stage, characterId) {
    this.release();
    if (characterId === null) return this.#portrait(stage, "?");
    const response = await this.fetch(`/api/characters/${characterId}/avatar`).catch(() => null);
    const type = response?.headers.get("Content-Type") ?? "";
    if (response && type.startsWith("application/json")) {
      const info = await response.json();
      const urls = new Map();
      for (const file of info.files ?? []) {
        urls.set(file.name, await this.#blobUrl(await this.fetch(file.url)));
      }
      const kind = info.kind;
      if (kind === "vrm") {
        const { VrmAvatar } = await import("./vrm.js"); // three.js only when a VRM is shown
        const url = [...urls.entries()].find(([name]) => /\.(vrm|glb)$/i.test(name))?.[1] ?? urls.values().next().value;
        return { renderer: await VrmAvatar.create(stage, url), kind, expressionMap: { ...VRM_DEFAULTS, ...info.expression_map } };
      }
      const defaults = kind === "sprites" ? SPRITE_DEFAULTS : {};
      return { renderer: new PictureAvatar(stage, urls, kind), kind, expressionMap: { ...defaults, ...info.expression_map } };
    }
    if (response && type.startsWith("image/")) {
      // A backend from before AvatarInfo: the route serves her card picture itself.
      const urls = new Map([["picture", await this.#blobUrl(response)]]);
      return { renderer: new PictureAvatar(stage, urls, "portrait"), kind: "portrait", expressionMap: {} };
    }
    const character = await this.json(`/api/characters/${characterId}`).catch(() => ({ name: "?" }));
    return this.#portrait(stage, character.name);
  }

  #portrait(stage, name) {
    const urls = new Map([["portrait", drawnPortrait(name)]]);
    return { renderer: new PictureAvatar(stage, urls, "portrait"), kind: "portrait", expressionMap: {} };
  }

  async #blobUrl(response) {
    const url = URL.createObjectURL(await response.blob());
    this.blobs.push(url);
    return url;
  }

  release() {
    for (const url of this.blobs) URL.revokeObjectURL(url);
    this.blobs = [];
  }
}
