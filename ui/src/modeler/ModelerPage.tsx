// 流程建模 (admins): open a deployed definition/version, edit with the grid properties, validate (markers on
// the offending elements), deploy as a new version, import/download .bpmn, start a new diagram. Unsaved
// changes are guarded (leaving asks first) and kept as a draft that is offered back after a lost session.
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/assets/properties-panel.css';
import { ApiError, api, describeError } from '../api';
import { adminApi } from '../adminApi';
import { useI18n } from '../i18n';
import { problemText } from '../i18n/render';
import { formatDateTime } from '../lib/format';
import { useRequest } from '../lib/hooks';
import { addLeaveGuard } from '../lib/leaveGuard';
import { navigate, useLocation } from '../lib/router';
import { sessionStore } from '../lib/session';
import { useStore } from '../lib/store';
import { toast } from '../lib/toasts';
import type { FieldError, VersionInfo } from '../types';
import { clearDraft, readDraft, writeDraft, type Draft } from './draft';
import { downloadText } from './files';
import { clearProblems, showProblems } from './markers';
import { newDiagramXml } from './newDiagram';
import { ModelerToolbar } from './ModelerToolbar';
import { ProblemList } from './ProblemList';
import { useDeployedDecisions } from './useDeployedDecisions';
import { useFormKeys } from './useFormKeys';
import { useModeler } from './useModeler';
import { NewDiagramDialog } from './NewDiagramDialog';
import { useServedRoles } from './useServedRoles';
import { useConfirm } from '../components/ConfirmDialog';
import { forDeploy, type Schema } from '../forms/formjs-schema';
import { FormsBar } from './FormsBar';
import { deriveFormKey, diagramFormKeys, isFormDetail } from './formKeys';
import { getAttr, setAttr, type Shape } from './grid-provider/model';

/** the form editor (form-js) is a chunk of its own, loaded when a form is opened */
const FormEditorDialog = lazy(() => import('../forms/FormEditorDialog'));

/** A form open in the editor: its key, its schema now (undefined: new), and the element it was opened from. */
interface Editing {
  key: string;
  schema: Schema | undefined;
  isNew: boolean;
  element?: Shape;
}

export interface Loaded {
  key?: string;
  version?: number;
  name?: string;
  versions: VersionInfo[];
  /** the process is retired (no new case on any version) */
  retired?: boolean;
}

const DRAFT_DELAY_MS = 500;

const modelerUrl = (key?: string, version?: number) => {
  const qs = new URLSearchParams();
  if (key) qs.set('key', key);
  if (key && version) qs.set('version', String(version));
  return `/modeler${qs.toString() ? `?${qs}` : ''}`;
};

export default function ModelerPage() {
  const { t } = useI18n();
  const { query } = useLocation();
  const user = useStore(sessionStore)?.user.username;
  const canvasRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const { modeler, dirty, checkpoint, markClean, markDirty, config } = useModeler(canvasRef, panelRef);
  const defs = useRequest(() => api.definitions(), []);
  const [loaded, setLoaded] = useState<Loaded>({ versions: [] });
  const [problems, setProblems] = useState<FieldError[] | null>(null);
  const [marked, setMarked] = useState<string[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [panelOpen, setPanelOpen] = useState(true);
  // the canvas does not watch its container: tell it when folding the panel changed its size
  useEffect(() => {
    modeler?.get<any>('canvas').resized();
  }, [modeler, panelOpen]);
  /** a draft left by an earlier visit (session expired, tab closed), until restored or dismissed */
  const [offer, setOffer] = useState<Draft | null>(() => readDraft(user));
  /** the diagram the URL names is on the canvas (a draft is restored only after that) */
  const [ready, setReady] = useState(false);
  /** the URL about to be set names what is already on the canvas: do not load it again */
  const skipLoad = useRef<string | null>(null);
  /** forms edited in this session (new or changed): deployed with the diagram */
  const [forms, setForms] = useState<Record<string, { schema: Schema; isNew: boolean }>>({});
  const [formErrors, setFormErrors] = useState<Record<string, FieldError[]>>({});
  const [formKeys, setFormKeys] = useState<string[]>([]);
  const [editing, setEditing] = useState<Editing | null>(null);
  const changed = dirty || Object.keys(forms).length > 0;
  const dirtyRef = useRef(changed);
  dirtyRef.current = changed;
  const loadedRef = useRef(loaded);
  loadedRef.current = loaded;
  useFormKeys(modeler, config, defs.data);
  useServedRoles(modeler, config);
  useDeployedDecisions(modeler, config);
  const [confirmDialog, ask] = useConfirm();
  const [creating, setCreating] = useState(false);
  /** leaving unsaved changes asks first (in-app) */
  const mayDiscard = async () => !dirtyRef.current || (await ask(t('modeler.discard'), { danger: true }));

  // the form keys the diagram refers to, kept up to date with its changes
  useEffect(() => {
    if (!modeler) return;
    const bus = modeler.get<any>('eventBus');
    const update = () => setFormKeys(diagramFormKeys(modeler));
    update();
    bus.on(['commandStack.changed', 'import.done'], update);
    return () => bus.off(['commandStack.changed', 'import.done'], update);
  }, [modeler]);

  /** Opens the editor on a form: the session's edit, else the server's current form, else a new one. */
  const openForm = async (formKey: string, element?: Shape) => {
    const mine = forms[formKey];
    if (mine) return setEditing({ key: formKey, schema: mine.schema, isNew: mine.isNew, element });
    try {
      const schema = (await api.formSchema(formKey)) as Schema;
      setEditing({ key: formKey, schema, isNew: false, element });
    } catch (err) {
      // not on the server (a key typed before its form existed): start it here
      if (err instanceof ApiError && err.status === 404)
        setEditing({ key: formKey, schema: undefined, isNew: true, element });
    }
  };
  const openFormRef = useRef(openForm);
  openFormRef.current = openForm;
  // the properties panel's "新建表单/编辑表单" (user tasks, the start event)
  useEffect(() => {
    config.editForm = (element: Shape) => {
      const k = getAttr(element, 'formKey') as string | undefined;
      if (k) void openFormRef.current(k, element);
      else setEditing({ key: deriveFormKey(element), schema: undefined, isNew: true, element });
    };
    return () => {
      config.editForm = undefined;
    };
  }, [config]);

  const applyForm = (formKey: string, schema: Schema) => {
    const was = editing;
    setEditing(null);
    setForms((f) => ({ ...f, [formKey]: { schema, isNew: f[formKey]?.isNew ?? !!was?.isNew } }));
    setFormErrors(({ [formKey]: _, ...rest }) => rest);
    if (modeler && was?.element && getAttr(was.element, 'formKey') !== formKey)
      setAttr(modeler.get('injector'), was.element, 'formKey', formKey);
    toast('success', t('formEditor.applied', { key: formKey }));
  };

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
        const canvas = modeler.get<any>('canvas');
        canvas.zoom('fit-viewport', 'auto');
        // the container may get its final size only after this render (panel, toolbar wrapping): fit again
        requestAnimationFrame(() => {
          canvas.resized();
          canvas.zoom('fit-viewport', 'auto');
        });
        setMarked([]);
        setProblems(null);
        markClean();
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
    [modeler, markClean, t],
  );

  /** Moves the URL to what the canvas now shows, without loading it again. */
  const showInUrl = (k?: string, v?: number) => {
    const here = `${key ?? ''}@${version ?? ''}`;
    const there = `${k ?? ''}@${(k && v) ?? ''}`;
    if (here !== there) skipLoad.current = there;
    navigate(modelerUrl(k, v), { replace: true, force: true });
  };

  // open what the URL names (a definition and version), or a new diagram
  useEffect(() => {
    if (!modeler) return;
    if (skipLoad.current === `${key ?? ''}@${version ?? ''}`) {
      skipLoad.current = null;
      return;
    }
    let stale = false;
    void (async () => {
      try {
        if (!key) {
          if (await importXml(newDiagramXml())) setLoaded({ versions: [] });
          return;
        }
        const d = version ? await api.definitionVersion(key, version) : await api.definition(key);
        if (stale) return;
        if (await importXml(d.xml))
          setLoaded({
            key: d.key,
            version: d.version,
            name: d.name,
            versions: d.versions ?? [],
            retired: d.retired,
          });
      } catch {
        // reported by the fetch wrapper
      } finally {
        if (!stale) setReady(true);
      }
    })();
    return () => {
      stale = true;
    };
  }, [modeler, key, version, importXml]);

  // leaving the page (navigation, sign-out, closing the tab) with changes asks first
  useEffect(
    () =>
      addLeaveGuard({
        message: () => (dirtyRef.current ? t('modeler.discard') : null),
        discard: () => clearDraft(user),
      }),
    [t, user],
  );

  // keep the changed diagram as a draft; a clean diagram leaves none (unless one is still on offer)
  useEffect(() => {
    if (!modeler) return;
    if (!dirty) {
      if (!offer) clearDraft(user);
      return;
    }
    let live = true;
    let timer: number | undefined;
    const save = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(async () => {
        try {
          const { xml } = await modeler.saveXML({ format: true });
          if (!live || !dirtyRef.current || !xml) return;
          const l = loadedRef.current;
          writeDraft(user, { key: l.key, version: l.version, xml, savedAt: Date.now() });
          setOffer(null); // an older draft has just been replaced
        } catch {
          // not serialisable right now: the next change tries again
        }
      }, DRAFT_DELAY_MS);
    };
    save();
    const bus = modeler.get<any>('eventBus');
    bus.on('commandStack.changed', save);
    return () => {
      live = false;
      window.clearTimeout(timer);
      bus.off('commandStack.changed', save);
    };
  }, [modeler, dirty, offer, user]);

  const restoreDraft = async () => {
    const d = offer;
    if (!d) return;
    if (!(await mayDiscard())) return;
    setOffer(null);
    if (!(await importXml(d.xml))) return;
    markDirty();
    let info: Pick<Loaded, 'name' | 'versions'> = { versions: [] };
    if (d.key) {
      try {
        const def = await api.definition(d.key);
        info = { name: def.name, versions: def.versions ?? [] };
      } catch {
        // reported by the fetch wrapper; the draft is on the canvas anyway
      }
    }
    setLoaded({ key: d.key, version: d.version, ...info });
    showInUrl(d.key, d.version);
  };

  const open = async (k: string | undefined, v?: number) => {
    if (!(await mayDiscard())) return;
    navigate(modelerUrl(k, v), { replace: true, force: true });
  };

  /** A new diagram with the name and key the admin gave: unsaved until deployed. */
  const create = async (name: string, newKey: string) => {
    setCreating(false);
    if (!(await mayDiscard())) return;
    if (await importXml(newDiagramXml(name, newKey))) {
      setLoaded({ versions: [] });
      markDirty();
      showInUrl(undefined);
    }
  };

  /** Retires or reactivates the open process, or its open version (`version`). */
  const setRetired = async (retired: boolean, v?: number) => {
    const k = loaded.key;
    if (!k) return;
    if (
      retired &&
      !(await ask(
        v
          ? t('modeler.retireVersionConfirm', { version: v })
          : t('modeler.retireConfirm', { name: loaded.name ?? k }),
        { danger: true },
      ))
    )
      return;
    try {
      await adminApi.retireDefinition(k, retired, v);
      toast(
        'success',
        t(retired ? 'modeler.retiredDone' : 'modeler.reactivatedDone', { key: v ? `${k} v${v}` : k }),
      );
      const d = await api.definition(k);
      setLoaded((l) => ({ ...l, versions: d.versions ?? [], retired: d.retired }));
      defs.reload();
    } catch {
      // reported by the fetch wrapper
    }
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
      const at = checkpoint();
      const brought = Object.fromEntries(Object.entries(forms).map(([k, f]) => [k, forDeploy(f.schema)]));
      const res = await api.deployWithForms(await currentXml(), brought);
      resetProblems();
      markClean(at);
      // the forms went with it: they are the current ones of their keys now
      setForms({});
      setFormErrors({});
      const all = res.processes ?? [res];
      toast(
        'success',
        all.length > 1
          ? t('modeler.deployedSeveral', {
              n: all.length,
              list: all.map((p) => `${p.key} v${p.version}`).join(t('file.listSep')),
            })
          : res.created === false
            ? t('modeler.unchanged', { key: res.key, version: res.version })
            : t('modeler.deployed', { key: res.key, version: res.version }),
      );
      // other tools' metadata left aside; every other warning (a called process not deployed yet) in words
      const warnings = res.warnings ?? [];
      const ignored = warnings.filter(
        (w) => w.code === 'extension.ignored' || w.code === 'reference.ignored',
      );
      for (const w of warnings)
        if (!ignored.includes(w))
          toast(
            'info',
            `${w.path}: ${problemText({ message: w.message ?? w.code, code: w.code, params: w.params })}`,
          );
      if (ignored.length)
        toast(
          'info',
          t('modeler.ignoredMetadata', {
            list: ignored
              .map((w) => `${w.params.name ?? '?'} ×${w.params.count ?? 1}`)
              .join(t('file.listSep')),
          }),
        );
      defs.reload();
      const detail = await api.definition(res.key);
      setLoaded({
        key: res.key,
        version: res.version,
        name: res.name,
        versions: detail.versions ?? [],
        retired: detail.retired,
      });
      showInUrl(res.key, res.version);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.details.length) {
        // the forms' own problems (forms/<key>, unknown-form) beside each form, the rest on the diagram
        const perForm: Record<string, FieldError[]> = {};
        for (const d of err.details) {
          const k = isFormDetail(d);
          if (k) (perForm[k] ??= []).push(d);
        }
        setFormErrors(perForm);
        if (Object.keys(perForm).length)
          toast('error', t('formEditor.deployErrors', { n: Object.keys(perForm).length }));
        const onDiagram = err.details.filter((d) => !isFormDetail(d) || d.code === 'unknown-form');
        if (onDiagram.length) {
          report(onDiagram);
          toast('error', t('modeler.deployInvalid', { n: onDiagram.length }));
        } else resetProblems();
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
    if (!(await mayDiscard())) return;
    if (await importXml(text)) {
      setLoaded({ versions: [] });
      markDirty();
      showInUrl(undefined);
    }
  };

  return (
    <div className="modeler">
      <ModelerToolbar
        defs={defs.data ?? []}
        loaded={loaded}
        dirty={changed}
        busy={busy}
        onOpen={(k, v) => void open(k, v)}
        onNew={() => setCreating(true)}
        onRetire={(retired, v) => void setRetired(retired, v)}
        onImport={importFile}
        onDownload={download}
        onValidate={validate}
        onDeploy={deploy}
      />
      {offer && (
        <div className="banner banner--warning modeler__draft" role="status" data-testid="draft-offer">
          <span>
            {t('modeler.draftFound', {
              at: formatDateTime(offer.savedAt),
              what: offer.key
                ? t('modeler.versionOf', { key: offer.key, version: offer.version ?? '?' })
                : t('modeler.unsaved'),
            })}
          </span>
          <button className="btn btn--small btn--primary" onClick={restoreDraft} disabled={!ready}>
            {t('modeler.draftRestore')}
          </button>
          <button className="btn btn--small" onClick={() => setOffer(null)}>
            {t('modeler.draftDismiss')}
          </button>
        </div>
      )}
      <FormsBar keys={formKeys} edited={forms} errors={formErrors} onEdit={(k) => void openForm(k)} />
      <div className={`modeler__body${panelOpen ? '' : ' modeler__body--panel-closed'}`}>
        <div className="modeler__canvas" ref={canvasRef} data-testid="modeler-canvas" />
        {/* on a phone the panel sits under the canvas: this folds it away so the diagram gets the screen */}
        <button
          type="button"
          className="btn btn--small modeler__panel-toggle"
          aria-expanded={panelOpen}
          data-testid="panel-toggle"
          onClick={() => setPanelOpen((open) => !open)}
        >
          {t(panelOpen ? 'modeler.panelHide' : 'modeler.panelShow')}
        </button>
        <aside className="modeler__panel" ref={panelRef} data-testid="properties-panel" />
      </div>
      {creating && (
        <NewDiagramDialog
          takenKeys={(defs.data ?? []).map((d) => d.key)}
          onCreate={(name, k) => void create(name, k)}
          onClose={() => setCreating(false)}
        />
      )}
      {editing && (
        <Suspense fallback={null}>
          <FormEditorDialog
            formKey={editing.key}
            schema={editing.schema}
            isNew={editing.isNew}
            knownKeys={config.formKeys}
            onApply={applyForm}
            onClose={() => setEditing(null)}
          />
        </Suspense>
      )}
      {confirmDialog}
      {problems && modeler && <ProblemList modeler={modeler} problems={problems} onClose={resetProblems} />}
    </div>
  );
}
