// Her avatar as a picture: a sprite pack (one <label>.png per expression), an uploaded image, or her
// portrait. It breathes while idle, and bobs and grows with her loudness while she speaks.

export class PictureAvatar {
  /**
   * @param {HTMLElement} stage
   * @param {Map<string, string>} urls file name -> blob URL
   * @param {string} kind "sprites" | "image" | "portrait"
   */
  constructor(stage, urls, kind) {
    this.stage = stage;
    this.urls = urls;
    this.kind = kind;
    this.label = null;
    this.scale = 1;
    this.time = 0;
    this.img = document.createElement("img");
    this.img.alt = "";
    this.img.draggable = false;
    stage.appendChild(this.img);
    this.#show("neutral");
  }

  /** The file for a sprite label, falling back to neutral, then to the first file. */
  #show(label) {
    if (label === this.label) return;
    this.label = label;
    let url = null;
    if (this.kind === "sprites") {
      url = this.urls.get(`${label}.png`) ?? this.urls.get("neutral.png");
    }
    url = url ?? this.urls.values().next().value ?? null;
    if (url && this.img.src !== url) this.img.src = url;
  }

  /** One animation step: {mouth 0..1, expression (sprite label), dt seconds}. */
  update(dt, pose) {
    this.time += dt;
    if (this.kind === "sprites" && pose.expression) this.#show(pose.expression);
    const breathe = Math.sin(this.time * 1.6) * 0.006;
    this.scale = 1 + breathe + pose.mouth * 0.06;
    const bob = -pose.mouth * 2.5 + Math.sin(this.time * 1.1) * 0.4;
    this.img.style.transform = `translateX(-50%) translateY(${bob.toFixed(2)}%) scale(${this.scale.toFixed(4)})`;
  }

  readout() {
    return { scale: this.scale, label: this.label };
  }

  dispose() {
    this.img.remove();
  }
}

/** A portrait drawn here when the backend offers no picture: her initials on a colour from her name. */
export function drawnPortrait(name) {
  const canvas = document.createElement("canvas");
  canvas.width = 512;
  canvas.height = 512;
  const g = canvas.getContext("2d");
  let hash = 0;
  for (const c of name) hash = (hash * 31 + c.codePointAt(0)) >>> 0;
  g.fillStyle = `hsl(${hash % 360}, 55%, 55%)`;
  g.beginPath();
  g.arc(256, 256, 240, 0, Math.PI * 2);
  g.fill();
  const initials = name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => [...w][0].toUpperCase()).join("") || "?";
  g.fillStyle = "#fff";
  g.font = "bold 200px sans-serif";
  g.textAlign = "center";
  g.textBaseline = "middle";
  g.fillText(initials, 256, 270);
  return canvas.toDataURL("image/png");
}
