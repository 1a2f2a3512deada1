// 流程建模 (admins): open a deployed definition/version, edit with the grid properties, validate (markers on
// the offending elements), deploy as a new version, import/download .bpmn, start a new diagram.
import { useCallback, useEffect, useRef, useState } from 'react';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/assets/properties-panel.css';
import { ApiError, api, describeError } from '../api';
import { useI18n } from '../i18n';
import { useRequest } from '../lib/hooks';
import { navigate, useLocation } from '../lib/router';
import { toast } from '../lib/toasts';
import type { FieldError, VersionInfo } from '../types';
import { downloadText } from './files';
import { clearProblems, showProblems } from './markers';
import { newDiagramXml } from './newDiagram';
import { ModelerToolbar } from './ModelerToolbar';
import { ProblemList } from './ProblemList';
import { useFormKeys } from './useFormKeys';
import { useModeler } from './useModeler';

export interface Loaded {
  key?: string;
  version?: number;
  name?: string;
  versions: VersionInfo[];
}

export default function ModelerPage() {
  const { t } = useI18n();
  const { query } = useLocation();
  const canvasRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const { modeler, dirty, setDirty, config } = useModeler(canvasRef, panelRef);
  const defs = useRequest(() => api.definitions(), []);
  const [loaded, setLoaded] = useState<Loaded>({ versions: [] });
  const [problems, setProblems] = useState<FieldError[] | null>(null);
  const [marked, setMarked] = useState<string[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  useFormKeys(modeler, config, defs.data);

  const key = query.get('key') ?? undefined;
  const version = query.get('version') ? Number(query.get('version')) : undefined;

  const resetProblems = useCallback(() => {
    if (modeler) clearProblems(modeler, marked);
    setMarked([]);
    setProblems(null);
  }, [modeler, marked]);

  const importXml = useCallback(
    async (xml: string) => {
      if (!modeler) return false;
      try {
        const { warnings } = await modeler.importXML(xml);
        modeler.get<any>('canvas').zoom('fit-viewport', 'auto');
        setMarked([]);
        setProblems(null);
        setDirty(false);
        if (warnings.length)
          toast(
            'warning',
            t('modeler.importWarnings', {
              n: warnings.length,
              first: String((warnings[0] as { message?: string })?.message ?? warnings[0]),
            }),
          );
        return true;
      } catch (err) {
        toast('error', t('modeler.importFailed', { msg: (err as Error).message }));
        return false;
      }
    },
    [modeler, setDirty, t],
  );

  // open what the URL names (a definition and version), or a new diagram
  useEffect(() => {
    if (!modeler) return;
    let stale = false;
    void (async () => {
      if (!key) {
        await importXml(newDiagramXml());
        setLoaded({ versions: [] });
        return;
      }
      try {
        const d = version ? await api.definitionVersion(key, version) : await api.definition(key);
        if (stale) return;
        if (await importXml(d.xml))
          setLoaded({ key: d.key, version: d.version, name: d.name, versions: d.versions ?? [] });
      } catch {
        // reported by the fetch wrapper
      }
    })();
    return () => {
      stale = true;
    };
  }, [modeler, key, version, importXml]);

  const open = (k: string | undefined, v?: number) => {
    if (dirty && !window.confirm(t('modeler.discard'))) return;
    const qs = new URLSearchParams();
    if (k) qs.set('key', k);
    if (k && v) qs.set('version', String(v));
    navigate(`/modeler${qs.toString() ? `?${qs}` : ''}`, { replace: true });
  };

  const currentXml = async (): Promise<string> => (await modeler!.saveXML({ format: true })).xml ?? '';

  const report = (details: FieldError[]) => {
    if (modeler) clearProblems(modeler, marked);
    setProblems(details);
    setMarked(modeler ? showProblems(modeler, details) : []);
  };

  const validate = async () => {
    if (!modeler) return;
    setBusy('validate');
    try {
      const res = await api.validate(await currentXml());
      report(res.details ?? []);
      if (res.valid) toast('success', t('modeler.valid'));
    } catch (err) {
      toast('error', describeError(err));
    } finally {
      setBusy(null);
    }
  };

  const deploy = async () => {
    if (!modeler) return;
    setBusy('deploy');
    try {
      const res = await api.deploy(await currentXml());
      resetProblems();
      setDirty(false);
      toast(
        'success',
        res.created === false
          ? t('modeler.unchanged', { key: res.key, version: res.version })
          : t('modeler.deployed', { key: res.key, version: res.version }),
      );
      defs.reload();
      const detail = await api.definition(res.key);
      setLoaded({ key: res.key, version: res.version, name: res.name, versions: detail.versions ?? [] });
      navigate(`/modeler?key=${encodeURIComponent(res.key)}&version=${res.version}`, { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.details.length) {
        report(err.details);
        toast('error', t('modeler.deployInvalid', { n: err.details.length }));
      } else toast('error', describeError(err));
    } finally {
      setBusy(null);
    }
  };

  const download = async () => {
    if (!modeler) return;
    try {
      const xml = await currentXml();
      const id = /<bpmn:process[^>]*\sid="([^"]+)"/.exec(xml)?.[1] ?? 'process';
      downloadText(`${id}.bpmn`, xml);
    } catch (err) {
      toast('error', describeError(err));
    }
  };

  const importFile = async (text: string) => {
    if (dirty && !window.confirm(t('modeler.discard'))) return;
    if (await importXml(text)) {
      setLoaded({ versions: [] });
      setDirty(true);
      navigate('/modeler', { replace: true });
    }
  };

  return (
    <div className="modeler">
      <ModelerToolbar
        defs={defs.data ?? []}
        loaded={loaded}
        dirty={dirty}
        busy={busy}
        onOpen={open}
        onNew={() => open(undefined)}
        onImport={importFile}
        onDownload={download}
        onValidate={validate}
        onDeploy={deploy}
      />
      <div className="modeler__body">
        <div className="modeler__canvas" ref={canvasRef} data-testid="modeler-canvas" />
        <aside className="modeler__panel" ref={panelRef} data-testid="properties-panel" />
      </div>
      {problems && modeler && <ProblemList modeler={modeler} problems={problems} onClose={resetProblems} />}
    </div>
  );
}
