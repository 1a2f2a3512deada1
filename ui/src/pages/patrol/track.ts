// The phone's position during a patrol (only with the worker's consent): the browser's geolocation watch,
// points at least MIN_GAP_MS apart kept in a buffer and sent in batches of at most BATCH every FLUSH_MS
// (the server keeps the same bounds: engine/patrol/patrols.ts). A failed send keeps the points for the
// next round; the buffer never holds more than MAX_BUFFER (the oldest are dropped).
import { patrolApi, type TrackPoint } from './api';

const MIN_GAP_MS = 10_000;
const BATCH = 50;
const FLUSH_MS = 30_000;
const MAX_BUFFER = 500;

export interface TrackState {
  sent: number;
  /** the browser refused or failed to give a position */
  error?: string;
}

export function startTrack(
  patrolId: string,
  onState: (s: TrackState) => void,
): { stop: () => Promise<void> } {
  const buffer: TrackPoint[] = [];
  let last = -Infinity;
  let sent = 0;
  let sending = false;
  const flush = async () => {
    if (sending || !buffer.length) return;
    sending = true;
    try {
      const batch = buffer.slice(0, BATCH);
      const res = await patrolApi.points(patrolId, batch);
      buffer.splice(0, batch.length);
      sent += res.kept;
      onState({ sent });
    } catch {
      // kept for the next round (offline, or the server asked to slow down)
    } finally {
      sending = false;
    }
  };
  const watch = navigator.geolocation?.watchPosition(
    (pos) => {
      const at = pos.timestamp || Date.now();
      if (at - last < MIN_GAP_MS) return;
      last = at;
      buffer.push({
        at: Math.round(at),
        lat: pos.coords.latitude,
        lng: pos.coords.longitude,
        ...(Number.isFinite(pos.coords.accuracy) ? { accuracy: pos.coords.accuracy } : {}),
      });
      if (buffer.length > MAX_BUFFER) buffer.splice(0, buffer.length - MAX_BUFFER);
      // the first point goes at once: the worker sees that tracking works
      if (sent === 0) void flush();
    },
    (err) => onState({ sent, error: err.message || String(err.code) }),
    { enableHighAccuracy: true, maximumAge: 5_000, timeout: 30_000 },
  );
  const timer = window.setInterval(() => void flush(), FLUSH_MS);
  return {
    async stop() {
      if (watch !== undefined) navigator.geolocation.clearWatch(watch);
      window.clearInterval(timer);
      await flush();
    },
  };
}
