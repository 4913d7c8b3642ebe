// The overlay's link to the backend: /ws with the token, resumed with ?since=<last event id> after
// any loss, backing off from 0.5 s to 5 s while the backend is away. Events are handed on once each
// (an id at or below the last one seen is dropped); binary messages are her voice (VoiceFrames).

const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 5000;

export class EventLink {
  /**
   * @param {{token: string, onEvent: (e: object) => void, onFrame: (b: ArrayBuffer, at: number) => void,
   *          onOpen: () => void, onState: (connected: boolean) => void}} options
   */
  constructor(options) {
    this.options = options;
    this.lastEventId = null;
    this.backoff = MIN_BACKOFF_MS;
    this.socket = null;
    this.connected = false;
    this.reconnects = 0;
    this.skew = Infinity; // the smallest (local clock − event timestamp) seen: clock offset + transit
  }

  /** How long ago an event happened, in ms, whatever the offset between this clock and the server's. */
  age(event) {
    const lag = Date.now() - Date.parse(event.timestamp);
    return Number.isFinite(lag) && Number.isFinite(this.skew) ? lag - this.skew : 0;
  }

  start() {
    this.#connect();
  }

  send(message) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify(message));
    }
  }

  #url() {
    const params = new URLSearchParams();
    if (this.options.token) params.set("token", this.options.token);
    if (this.lastEventId !== null) params.set("since", String(this.lastEventId));
    const query = params.toString();
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    return `${scheme}//${location.host}/ws${query ? "?" + query : ""}`;
  }

  #connect() {
    let socket;
    try {
      socket = new WebSocket(this.#url());
    } catch (e) {
      this.#retry();
      return;
    }
    socket.binaryType = "arraybuffer";
    this.socket = socket;
    socket.onopen = () => {
      this.connected = true;
      this.backoff = MIN_BACKOFF_MS;
      this.options.onState(true);
      this.options.onOpen();
    };
    socket.onmessage = (message) => {
      const at = performance.now();
      if (typeof message.data !== "string") {
        this.options.onFrame(message.data, at);
        return;
      }
      let event;
      try {
        event = JSON.parse(message.data);
      } catch (e) {
        return;
      }
      const lag = Date.now() - Date.parse(event.timestamp);
      if (Number.isFinite(lag)) this.skew = Math.min(this.skew, lag); // replays lag more: they never lower it
      if (typeof event.id === "number") {
        if (this.lastEventId !== null && event.id <= this.lastEventId) return; // seen already
        this.lastEventId = event.id;
      }
      this.options.onEvent(event, at);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (this.connected) {
        this.connected = false;
        this.options.onState(false);
      }
      this.#retry();
    };
    socket.onerror = () => { /* onclose follows and retries */ };
  }

  #retry() {
    const wait = this.backoff * (0.8 + Math.random() * 0.4);
    this.backoff = Math.min(MAX_BACKOFF_MS, this.backoff * 2);
    this.reconnects++;
    setTimeout(() => this.#connect(), wait);
  }
}
