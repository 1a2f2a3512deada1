// Names of grid units by code (the API's task and escalation records carry codes), loaded once per session.
import { api } from '../api';
import { flattenUnits } from './units';
import { createStore, useStore } from './store';

export const unitNamesStore = createStore<Map<string, string>>(new Map());

export async function loadUnitNames(): Promise<void> {
  const list = flattenUnits(await api.units());
  unitNamesStore.set(new Map(list.map((u) => [u.code, u.name])));
}

/** `name(code)` → the unit's name, or the code while unknown. */
export function useUnitName(): (code: string | undefined) => string {
  const names = useStore(unitNamesStore);
  return (code) => (code ? (names.get(code) ?? code) : '—');
}
