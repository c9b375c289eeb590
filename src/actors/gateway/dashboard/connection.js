// The dashboard's WS connection: JSON frames, reconnects by itself with capped exponential back-off, and reports
// its state ('connecting' | 'open' | 'reconnecting') so the page can say when what it shows may be stale.
const MIN_DELAY_MS = 500;
const MAX_DELAY_MS = 10_000;

export function connect(url, { onMessage, onState }) {
  let ws;
  let delay = MIN_DELAY_MS;
  let stopped = false;
  let retry;

  function open() {
    onState('connecting');
    ws = new WebSocket(url);
    ws.onopen = () => {
      delay = MIN_DELAY_MS;
      onState('open');
    };
    ws.onmessage = (ev) => {
      let message;
      try {
        message = JSON.parse(ev.data);
      } catch (err) {
        console.warn('tapeline: dropped a frame that is not JSON', err);
        return;
      }
      onMessage(message);
    };
    ws.onclose = () => {
      if (stopped) return;
      onState('reconnecting', delay);
      retry = setTimeout(open, delay);
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    };
  }

  open();
  return {
    send(op) {
      if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(op));
    },
    close() {
      stopped = true;
      clearTimeout(retry);
      ws?.close();
    },
  };
}
