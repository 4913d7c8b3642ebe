// Her avatar as a VRM model (0.x or 1.0), rendered with the vendored three.js and @pixiv/three-vrm on
// a transparent canvas: the expression of her emotion, the mouth ("aa") from her loudness, blinking,
// and a little idle motion (breathing, a slow sway of the head) so that she never looks frozen.

import * as THREE from "three";
import { GLTFLoader } from "three/addons/loaders/GLTFLoader.js";
import { VRMLoaderPlugin, VRMUtils } from "@pixiv/three-vrm";

const BLINK_S = 0.14;

export class VrmAvatar {
  static async create(stage, url) {
    const loader = new GLTFLoader();
    loader.register((parser) => new VRMLoaderPlugin(parser));
    const gltf = await loader.loadAsync(url);
    const vrm = gltf.userData.vrm;
    if (!vrm) throw new Error("the file is glTF but not VRM");
    return new VrmAvatar(stage, vrm);
  }

  constructor(stage, vrm) {
    this.vrm = vrm;
    this.stage = stage;
    this.time = 0;
    this.expression = null;
    this.weights = new Map(); // expression name -> current weight (eased)
    this.nextBlink = 2 + Math.random() * 3;
    this.blinkLeft = 0;
    VRMUtils.rotateVRM0(vrm); // VRM 0.x models face -Z
    this.renderer = new THREE.WebGLRenderer({ alpha: true, antialias: true, premultipliedAlpha: true });
    this.renderer.setClearColor(0x000000, 0);
    this.renderer.setPixelRatio(Math.min(2, window.devicePixelRatio || 1));
    this.renderer.outputColorSpace = THREE.SRGBColorSpace;
    stage.appendChild(this.renderer.domElement);
    this.scene = new THREE.Scene();
    this.scene.add(vrm.scene);
    const light = new THREE.DirectionalLight(0xffffff, Math.PI);
    light.position.set(1, 1.5, 2);
    this.scene.add(light, new THREE.AmbientLight(0xffffff, 0.6));
    this.camera = new THREE.PerspectiveCamera(30, 1, 0.05, 50);
    this.names = new Set(Object.keys(vrm.expressionManager?.expressionMap ?? {}));
    this.#frame();
    this.onResize = () => this.#resize();
    window.addEventListener("resize", this.onResize);
    this.#resize();
  }

  /** Upper body when the model has a humanoid head, else the whole model. */
  #frame() {
    const head = this.vrm.humanoid?.getNormalizedBoneNode("head");
    this.vrm.scene.updateMatrixWorld(true);
    if (head) {
      const at = new THREE.Vector3();
      head.getWorldPosition(at);
      this.camera.position.set(0, at.y, at.y * 0.9);
      this.camera.lookAt(0, at.y - 0.12, 0);
      return;
    }
    const box = new THREE.Box3().setFromObject(this.vrm.scene);
    const size = box.getSize(new THREE.Vector3());
    const centre = box.getCenter(new THREE.Vector3());
    const distance = Math.max(size.x, size.y) / (2 * Math.tan((this.camera.fov * Math.PI) / 360)) * 1.3 + size.z;
    this.camera.position.set(centre.x, centre.y, centre.z + Math.max(distance, 0.5));
    this.camera.lookAt(centre);
  }

  #resize() {
    const w = Math.max(1, this.stage.clientWidth || window.innerWidth);
    const h = Math.max(1, this.stage.clientHeight || window.innerHeight);
    this.renderer.setSize(w, h, false);
    this.renderer.domElement.style.width = "100%";
    this.renderer.domElement.style.height = "100%";
    this.camera.aspect = w / h;
    this.camera.updateProjectionMatrix();
  }

  /** One animation step: {mouth 0..1, expression (VRM expression name), dt seconds}; renders. */
  update(dt, pose) {
    this.time += dt;
    const manager = this.vrm.expressionManager;
    if (manager) {
      for (const name of this.names) {
        if (name === "aa" || name === "blink") continue;
        const target = name === pose.expression && name !== "neutral" ? 1 : 0;
        const current = this.weights.get(name) ?? 0;
        const next = current + (target - current) * Math.min(1, dt * 8);
        this.weights.set(name, next < 0.001 ? 0 : next);
        manager.setValue(name, this.weights.get(name));
      }
      manager.setValue("aa", pose.mouth);
      manager.setValue("blink", this.#blink(dt));
    }
    const humanoid = this.vrm.humanoid;
    if (humanoid) {
      const spine = humanoid.getNormalizedBoneNode("spine");
      const neck = humanoid.getNormalizedBoneNode("neck");
      if (spine) spine.rotation.x = Math.sin(this.time * 1.6) * 0.015;
      if (neck) {
        neck.rotation.y = Math.sin(this.time * 0.5) * 0.06;
        neck.rotation.z = Math.sin(this.time * 0.37) * 0.03 + pose.mouth * 0.02;
      }
    }
    this.vrm.update(dt);
    this.renderer.render(this.scene, this.camera);
  }

  #blink(dt) {
    this.nextBlink -= dt;
    if (this.nextBlink <= 0) {
      this.blinkLeft = BLINK_S;
      this.nextBlink = 2.5 + Math.random() * 4;
    }
    if (this.blinkLeft <= 0) return 0;
    this.blinkLeft -= dt;
    return Math.sin(Math.PI * Math.max(0, this.blinkLeft) / BLINK_S);
  }

  /** What is rendered: the weight of every expression the model has. */
  readout() {
    const manager = this.vrm.expressionManager;
    const weights = {};
    for (const name of this.names) weights[name] = manager.getValue(name) ?? 0;
    return { weights, expressions: [...this.names] };
  }

  dispose() {
    window.removeEventListener("resize", this.onResize);
    VRMUtils.deepDispose(this.vrm.scene);
    this.renderer.dispose();
    this.renderer.domElement.remove();
  }
}
