// Data-loading and clock hooks shared by the pages.
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { serverClock, serverNow } from '../api';

export interface RequestState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  setData: (d: T | undefined) => void;
}

/** Runs `fn` when deps change (and on reload); later responses win over earlier ones. */
export function useRequest<T>(fn: () => Promise<T>, deps: unknown[]): RequestState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  useEffect(() => {
    const mine = ++seq.current;
    setLoading(true);
    fnRef.current().then(
      (d) => {
        if (seq.current !== mine) return;
        setData(d);
        setError(undefined);
        setLoading(false);
      },
      (err) => {
        if (seq.current !== mine) return;
        setError(err);
        setLoading(false);
      },
    );
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload, setData };
}

// one shared 1 s ticker for all countdowns; the snapshot also follows corrections of the server clock
let now = 0;
let nowAt = 0;
const tickListeners = new Set<() => void>();
let ticker: number | undefined;
const tick = () => {
  nowAt = 0;
  for (const f of [...tickListeners]) f();
};
serverClock.subscribe(tick);
function snapshot(): number {
  const wall = Date.now();
  if (wall - nowAt >= 1000) {
    now = serverNow();
    nowAt = wall;
  }
  return now;
}
function subscribeTick(l: () => void) {
  tickListeners.add(l);
  if (ticker === undefined) ticker = window.setInterval(tick, 1000);
  return () => {
    tickListeners.delete(l);
    if (!tickListeners.size) {
      window.clearInterval(ticker);
      ticker = undefined;
    }
  };
}

/** The server's current time (browser clock corrected by the API's X-Server-Now), ticking each second. */
export function useNow(): number {
  return useSyncExternalStore(subscribeTick, snapshot);
}

/** Calls `fn` at most once per `ms` (trailing), e.g. to refetch after a burst of live events. */
export function useThrottled(fn: () => void, ms: number): () => void {
  const timer = useRef<number | undefined>(undefined);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  useEffect(() => () => window.clearTimeout(timer.current), []);
  return useCallback(() => {
    if (timer.current !== undefined) return;
    timer.current = window.setTimeout(() => {
      timer.current = undefined;
      fnRef.current();
    }, ms);
  }, [ms]);
}
