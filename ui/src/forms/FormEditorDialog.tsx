// The modeler's form editor (a lazy chunk of its own: form-js is large): bpmn.io's form-js editor to build a
// form visually, converted to and from our JSON Schema (formjs-schema.ts), and a raw JSON Schema tab as the
// fallback for what form-js cannot express. Fields form-js cannot show are kept unchanged and listed
// read-only. Nothing is sent from here: the page keeps the applied form and deploys it with the diagram
// (POST /api/deployments), where the server's ajv check is authoritative.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { FormEditor } from '@bpmn-io/form-js-editor';
import '@bpmn-io/form-js-viewer/dist/assets/form-js.css';
import '@bpmn-io/form-js-editor/dist/assets/form-js-editor.css';
import '@bpmn-io/form-js-editor/dist/assets/properties-panel.css';
import './form-editor.css';
import { useI18n } from '../i18n';
import { formjsLocaleModule } from './formjsLocale';
import { fromFormJs, toFormJs, unsupportedComponents, type FormJsSchema, type Schema } from './formjs-schema';

export const FORM_KEY = /^[a-z0-9-]{1,64}$/;

export interface FormEditorDialogProps {
  formKey: string;
  /** the form as it is now (the session's edit, else the server's current form); undefined: a new form */
  schema: Schema | undefined;
  /** a new form: its key may still be changed here */
  isNew: boolean;
  /** the form keys the server knows (a new form with one of them replaces that form) */
  knownKeys?: string[];
  onApply: (key: string, schema: Schema) => void;
  onClose: () => void;
}

type Tab = 'visual' | 'json';

/** Why a JSON text cannot be a form, in the UI language; undefined when it can (the server checks more). */
function jsonProblem(text: string, t: ReturnType<typeof useI18n>['t']): string | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    return t('formEditor.jsonInvalid', { msg: (err as Error).message });
  }
  if (!v || typeof v !== 'object' || Array.isArray(v) || (v as Schema).type !== 'object')
    return t('formEditor.notObject');
  const props = (v as Schema).properties;
  if (!props || typeof props !== 'object' || !Object.keys(props).length) return t('formEditor.noProperties');
  return undefined;
}

export default function FormEditorDialog({
  formKey,
  schema,
  isNew,
  knownKeys = [],
  onApply,
  onClose,
}: FormEditorDialogProps) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const canvas = useRef<HTMLDivElement>(null);
  const editor = useRef<FormEditor | null>(null);
  const [key, setKey] = useState(formKey);
  const [title, setTitle] = useState(schema?.title ?? '');
  /** the form as last taken from either tab: what the visual editor's output is written over */
  const base = useRef<Schema | undefined>(schema);
  const [tab, setTab] = useState<Tab>('visual');
  const [text, setText] = useState('');
  const [kept, setKept] = useState<string[]>(() => toFormJs(schema).kept);
  const [unsupported, setUnsupported] = useState<string[]>([]);
  const keyError = isNew && !FORM_KEY.test(key) ? t('formEditor.badKey') : undefined;
  const textProblem = tab === 'json' ? jsonProblem(text, t) : undefined;

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  // the form-js editor lives while the visual tab shows; it is (re)filled from `base` each time. It
  // speaks the UI language of its creation (formjsLocale.ts: form-js reads its palette names once); the
  // language toggle sits behind this modal dialog, so the language cannot change while an editor lives.
  useEffect(() => {
    if (tab !== 'visual' || !canvas.current) return;
    const ed = new FormEditor({ container: canvas.current, additionalModules: [formjsLocaleModule] });
    editor.current = ed;
    const converted = toFormJs(base.current);
    setKept(converted.kept);
    void ed.importSchema(converted.schema as never);
    const changed = () =>
      setUnsupported(
        unsupportedComponents(ed.saveSchema() as FormJsSchema).map((c) => c.label ?? c.key ?? c.type),
      );
    ed.on('changed', changed);
    // a tap on a palette entry adds the field at the end and selects it (form-js only drags, or adds on
    // Enter): a phone cannot drag into a form it shows below the palette
    const host = canvas.current;
    const tap = (e: MouseEvent) => {
      const entry = (e.target as Element).closest<HTMLElement>('.fjs-palette-field');
      const type = entry?.dataset.fieldType;
      if (!type) return;
      const { schema } = (
        ed as unknown as { _getState(): { schema: { components: unknown[] } } }
      )._getState();
      const field = ed.get<any>('modeling').addFormField({ type }, schema, schema.components.length);
      if (field) ed.get<any>('selection').set(field);
    };
    host.addEventListener('click', tap);
    return () => {
      host.removeEventListener('click', tap);
      editor.current = null;
      ed.destroy();
    };
  }, [tab]);

  /** The form as the active tab has it (undefined: the JSON tab holds no valid form). */
  const current = (): Schema | undefined => {
    if (tab === 'json') {
      if (jsonProblem(text, t)) return undefined;
      return JSON.parse(text) as Schema;
    }
    const ed = editor.current;
    if (!ed) return base.current;
    return fromFormJs(ed.saveSchema() as FormJsSchema, base.current, title || undefined);
  };

  const withTitle = (s: Schema): Schema => {
    const out = { ...s };
    if (title.trim()) out.title = title.trim();
    else delete out.title;
    return out;
  };

  const switchTo = (next: Tab) => {
    if (next === tab) return;
    const s = current();
    if (!s) return; // the JSON tab shows why
    base.current = withTitle(s);
    if (next === 'json') setText(JSON.stringify(base.current, null, 2));
    setTab(next);
  };

  const apply = (e: FormEvent) => {
    e.preventDefault();
    if (keyError) return;
    const s = current();
    if (!s) return;
    onApply(key, withTitle(s));
  };

  const keptProps = (base.current?.properties ?? {}) as Record<string, Schema>;
  return (
    <dialog
      ref={dialog}
      className="dialog form-editor"
      data-testid="form-editor"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <header className="dialog__head">
        <h2>{t('formEditor.title', { key })}</h2>
        <button className="icon-btn" onClick={onClose} aria-label={t('common.close')}>
          ×
        </button>
      </header>
      <form id="form-editor" className="form-editor__body" onSubmit={apply} noValidate>
        <div className="form-editor__meta">
          {isNew && (
            <label className={`field ${keyError ? 'field--error' : ''}`}>
              <span className="field__label">{t('formEditor.keyPrompt')}</span>
              <input
                data-testid="form-key"
                value={key}
                maxLength={64}
                onChange={(e) => setKey(e.target.value.trim())}
              />
              {keyError ? (
                <span className="field__error">{keyError}</span>
              ) : knownKeys.includes(key) ? (
                <span className="field__hint text-bad" data-testid="form-key-taken">
                  {t('formEditor.keyTaken')}
                </span>
              ) : (
                <span className="field__hint">{t('formEditor.keyHint')}</span>
              )}
            </label>
          )}
          <label className="field">
            <span className="field__label">{t('formEditor.formTitle')}</span>
            <input
              data-testid="form-title"
              value={title}
              maxLength={100}
              onChange={(e) => setTitle(e.target.value)}
            />
          </label>
        </div>
        <div className="tabs" role="tablist">
          {(['visual', 'json'] as const).map((x) => (
            <button
              key={x}
              type="button"
              role="tab"
              aria-selected={tab === x}
              className={`tabs__tab ${tab === x ? 'tabs__tab--on' : ''}`}
              data-testid={`form-tab-${x}`}
              onClick={() => switchTo(x)}
            >
              {x === 'visual' ? t('formEditor.tabVisual') : t('formEditor.tabJson')}
            </button>
          ))}
        </div>
        {tab === 'visual' ? (
          <>
            <p className="form-editor__narrow muted">{t('formEditor.narrow')}</p>
            <div className="form-editor__canvas" ref={canvas} data-testid="formjs-editor" />
            {unsupported.length > 0 && (
              <p className="banner banner--warning" role="status">
                {t('formEditor.unsupported', { list: unsupported.join(t('common.listSep')) })}
              </p>
            )}
            {kept.length > 0 && (
              <div className="form-editor__kept" data-testid="form-kept">
                <p>{t('formEditor.kept')}</p>
                <ul>
                  {kept.map((k) => (
                    <li key={k}>
                      <details>
                        <summary>
                          {keptProps[k]?.title ?? k} <code>{k}</code>
                        </summary>
                        <pre>{JSON.stringify(keptProps[k], null, 2)}</pre>
                      </details>
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </>
        ) : (
          <label className={`field form-editor__json ${textProblem ? 'field--error' : ''}`}>
            <span className="field__label">{t('formEditor.tabJson')}</span>
            <textarea
              data-testid="form-json"
              spellCheck={false}
              value={text}
              onChange={(e) => setText(e.target.value)}
              aria-invalid={!!textProblem || undefined}
            />
            <span
              className={textProblem ? 'field__error' : 'field__hint'}
              role="status"
              data-testid="form-json-status"
            >
              {textProblem ?? t('formEditor.jsonOk')}
            </span>
          </label>
        )}
      </form>
      <footer className="dialog__foot">
        <button className="btn" type="button" onClick={onClose}>
          {t('formEditor.cancel')}
        </button>
        <button
          className="btn btn--primary"
          type="submit"
          form="form-editor"
          data-testid="form-apply"
          disabled={!!keyError || !!textProblem}
        >
          {t('formEditor.apply')}
        </button>
      </footer>
    </dialog>
  );
}
