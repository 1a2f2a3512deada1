// Known form keys for the properties panel's select: from GET /api/forms when the server offers it,
// otherwise the keys used by the deployed definitions (their summaries). None known → free text.
import { useEffect } from 'react';
import type Modeler from 'bpmn-js/lib/Modeler';
import { api } from '../api';
import type { DefinitionInfo } from '../types';
import type { GridProviderConfig } from './grid-provider';

function keysOf(data: unknown): string[] {
  const list = Array.isArray(data) ? data : ((data as { items?: unknown[] })?.items ?? []);
  return list
    .map((x) =>
      typeof x === 'string'
        ? x
        : ((x as { key?: string; formKey?: string })?.key ?? (x as { formKey?: string })?.formKey),
    )
    .filter((x): x is string => typeof x === 'string' && !!x);
}

export function useFormKeys(
  modeler: Modeler | null,
  config: GridProviderConfig,
  defs: DefinitionInfo[] | undefined,
): void {
  useEffect(() => {
    if (!modeler || !defs) return;
    // the processes a call activity may call: the deployed ones (engine/elements/call-activity.ts)
    config.processes = defs.map((d) => ({ key: d.key, name: d.name }));
    let stale = false;
    void (async () => {
      let keys: string[];
      try {
        keys = keysOf(await api.forms());
      } catch {
        const details = await Promise.all(defs.map((d) => api.definition(d.key).catch(() => null)));
        keys = details.flatMap((d) => (d?.summary?.nodes ?? []).map((n) => n.formKey ?? '')).filter(Boolean);
      }
      if (stale) return;
      config.formKeys.splice(0, config.formKeys.length, ...new Set(keys));
      modeler.get<any>('eventBus').fire('propertiesPanel.providersChanged');
    })();
    return () => {
      stale = true;
    };
  }, [modeler, config, defs]);
}
