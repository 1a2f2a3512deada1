// Shared by the SLA tests: move the manual clock, fire the timers due and wait for the instance to settle.
import type { InstanceState } from '../../engine/runtime/types.js';
import type { TestEngine } from '../helpers/engine.js';

export const at = (iso: string) => Date.parse(iso);
export const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** Sets the clock to `isoTime`, fires the timers due and waits until `until` holds for the instance. */
export async function fireAt(
  t: TestEngine,
  instanceId: string,
  isoTime: string,
  until: (s: InstanceState) => boolean,
): Promise<InstanceState> {
  t.clock.set(at(isoTime));
  await t.engine.fireDueTimers();
  for (let i = 0; i < 300; i++) {
    const s = await t.engine.waitForIdle(instanceId);
    if (until(s)) return s;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`condition not reached at ${isoTime}`);
}
