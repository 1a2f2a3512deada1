// Live updates: one EventSource on /api/events per signed-in session, fanned out to subscribers by event
// name (task / escalation / notification / instance). Reconnects on failure and reports its state. The
// browser resends the last event id on its own reconnects; a new EventSource passes it as ?lastEventId= so
// the server replays what was missed. `reset` (missed events no longer known) reaches every subscriber as
// `{reset: true}`: reload.
import { useEffect, useRef } from 'react';
import { createStore } from './store';

export type LiveEventType = 'task' | 'escalation' | 'notification' | 'instance';
export type LiveStatus = 'off' | 'connecting' | 'open' | 'error';
type Handler = (data: Record<string, unknown>) => void;

const TYPES: LiveEventType[] = ['task', 'escalation', 'notification', 'instance'];
const handlers = new Map<LiveEventType, Set<Handler>>(TYPES.map((t) => [t, new Set<Handler>()]));
export const liveStatus = createStore<LiveStatus>('off');

let source: EventSource | null = null;
let currentToken: string | null = null;
let retryTimer: number | undefined;
let onLost: (() => void) | undefined;
/** id of the last event received, for the replay after a reconnect */
let lastEventId = '';

/** The server may send the bare payload or the whole engine event ({type, payload, ...}). */
function normalise(raw: string): Record<string, unknown> | null {
  try {
    const data = JSON.parse(raw) as Record<string, unknown>;
    if (data && typeof data.payload === 'object' && data.payload)
      return { ...(data.payload as object), _event: data };
    return data;
  } catch {
    return null;
  }
}

function dispatch(type: LiveEventType, raw: string): void {
  const data = normalise(raw);
  if (!data) return;
  for (const h of [...(handlers.get(type) ?? [])]) h(data);
}

function open(): void {
  if (!currentToken) return;
  liveStatus.set('connecting');
  const since = lastEventId ? `&lastEventId=${encodeURIComponent(lastEventId)}` : '';
  const es = new EventSource(`/api/events?token=${encodeURIComponent(currentToken)}${since}`);
  source = es;
  es.onopen = () => liveStatus.set('open');
  for (const type of TYPES)
    es.addEventListener(type, (e) => {
      const m = e as MessageEvent;
      if (m.lastEventId) lastEventId = m.lastEventId;
      dispatch(type, m.data);
    });
  es.addEventListener('reset', () => {
    for (const type of TYPES) for (const h of [...(handlers.get(type) ?? [])]) h({ reset: true });
  });
  // the server ends the stream when the session ends (expired token, disabled account)
  es.addEventListener('end', () => onLost?.());
  es.onmessage = (e) => {
    // unnamed events carry their type inside
    const data = normalise(e.data);
    const type = (data?._event as { type?: string } | undefined)?.type ?? (data?.type as string | undefined);
    if (type && (TYPES as string[]).includes(type)) dispatch(type as LiveEventType, e.data);
  };
  es.onerror = () => {
    liveStatus.set('error');
    if (es.readyState === EventSource.CLOSED) {
      // the browser gave up (e.g. the token was refused): check the session, then retry
      onLost?.();
      window.clearTimeout(retryTimer);
      retryTimer = window.setTimeout(() => {
        if (source === es) open();
      }, 3000);
    }
  };
}

/** (Re)connects with this token; `lost` runs whenever the stream is closed by the server. */
export function connectEvents(tok: string, lost?: () => void): void {
  if (tok === currentToken && source) return;
  // a new session starts from now (its user may see other events)
  lastEventId = '';
  disconnectEvents();
  currentToken = tok;
  onLost = lost;
  open();
}

export function disconnectEvents(): void {
  window.clearTimeout(retryTimer);
  source?.close();
  source = null;
  currentToken = null;
  liveStatus.set('off');
}

/** Subscribes a component to one live event type for its lifetime (always calling the latest handler). */
export function useLiveEvent(type: LiveEventType, handler: Handler): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    const h: Handler = (d) => ref.current(d);
    handlers.get(type)!.add(h);
    return () => {
      handlers.get(type)!.delete(h);
    };
  }, [type]);
}
