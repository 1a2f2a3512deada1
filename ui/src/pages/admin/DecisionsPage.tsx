// 决策表 (admins, /admin/decisions): the deployed DMN decisions, one opened in the dmn-js editor (a lazy
// chunk), deployed as a new version, and a test panel evaluating the deployed version with JSON variables
// (POST /api/decisions/:key/evaluate). Problems of a refused deploy are listed with the rule they name.
import { lazy, Suspense, useCallback, useRef, useState } from 'react';
import { ApiError, describeError } from '../../api';
import { decisionsApi, type DecisionEvaluation } from '../../decisionsApi';
import { Dialog } from '../../components/Dialog';
import { ErrorState, Loading } from '../../components/States';
import { t as translate, tOr, useI18n } from '../../i18n';
import { problemText } from '../../i18n/render';
import { formatDateTime } from '../../lib/format';
import { useRequest } from '../../lib/hooks';
import { toast } from '../../lib/toasts';
import { downloadText } from '../../modeler/files';
import type { FieldError } from '../../types';
import { AdminTabs } from './AdminTabs';
import type { DecisionEditorHandle } from './DecisionEditor';

const DecisionEditor = lazy(() => import('./DecisionEditor'));

/** The rule of decision ids (engine/dmn/parse.ts DECISION_KEY). */
const DECISION_KEY = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;

const xmlText = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A new document: one decision table with one input and one output, no rules yet. */
export function newDecisionXml(key: string, name: string): string {
  const n = xmlText(name || key);
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" xmlns:dmndi="https://www.omg.org/spec/DMN/20191111/DMNDI/" xmlns:dc="http://www.omg.org/spec/DMN/20180521/DC/" id="${key}_definitions" name="${n}" namespace="https://grid.example/dmn">
  <decision id="${key}" name="${n}">
    <decisionTable id="${key}_table" hitPolicy="UNIQUE">
      <input id="${key}_input1" label="input1">
        <inputExpression id="${key}_input1_expr" typeRef="string">
          <text>input1</text>
        </inputExpression>
      </input>
      <output id="${key}_output1" label="result" name="result" typeRef="string" />
    </decisionTable>
  </decision>
  <dmndi:DMNDI>
    <dmndi:DMNDiagram id="${key}_diagram">
      <dmndi:DMNShape id="${key}_di" dmnElementRef="${key}">
        <dc:Bounds height="80" width="180" x="160" y="100" />
      </dmndi:DMNShape>
    </dmndi:DMNDiagram>
  </dmndi:DMNDI>
</definitions>
`;
}

interface Open {
  key: string;
  xml: string;
  /** the deployed version opened, or none for a new document */
  version?: number;
  /** every deployed version of the key, oldest first */
  versions?: number[];
}

export function DecisionsPage() {
  const { t } = useI18n();
  const list = useRequest(() => decisionsApi.list(), []);
  const [open, setOpen] = useState<Open | null>(null);
  const [creating, setCreating] = useState(false);
  const [problems, setProblems] = useState<FieldError[] | null>(null);
  const [busy, setBusy] = useState(false);
  const editor = useRef<DecisionEditorHandle | null>(null);
  const onEditorError = useCallback((message: string) => toast('error', message), []);

  /** Opens the latest version of `key`, or the version asked for (an older one: deploying it is a rollback). */
  const openDecision = async (key: string, version?: number) => {
    setProblems(null);
    try {
      const [xml, detail] = await Promise.all([
        decisionsApi.xml(key, version),
        decisionsApi.detail(key, version),
      ]);
      setOpen({ key, xml, version: detail.version, versions: detail.versions.map((v) => v.version) });
    } catch (err) {
      toast('error', describeError(err));
    }
  };

  const deploy = async () => {
    if (!editor.current || !open) return;
    setBusy(true);
    setProblems(null);
    try {
      const xml = await editor.current.save();
      const res = await decisionsApi.deploy(xml);
      if (res.created) {
        const items = res.items
          .filter((d) => d.created)
          .map((d) => `${d.key} v${d.version}`)
          .join(t('common.listSep'));
        toast('success', t('decisions.deployedNew', { items }));
      } else toast('info', t('decisions.deployedSame'));
      const mine = res.items.find((d) => d.key === open.key) ?? res.items[0];
      const versions = [...new Set([...(open.versions ?? []), mine.version])].sort((x, y) => x - y);
      setOpen({ key: mine.key, xml, version: mine.version, versions });
      list.reload();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'decision.invalid') setProblems(err.details);
      else toast('error', describeError(err));
    } finally {
      setBusy(false);
    }
  };

  const download = async () => {
    if (!editor.current || !open) return;
    downloadText(`${open.key}.dmn`, await editor.current.save());
  };

  return (
    <div className="page admin decisions">
      <AdminTabs current="/admin/decisions" />
      <div className="page__head">
        <h1>{t('decisions.title')}</h1>
        <button className="btn btn--primary" data-testid="decision-new" onClick={() => setCreating(true)}>
          {t('decisions.new')}
        </button>
      </div>
      <p className="muted">{t('decisions.hint')}</p>
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Loading />
      ) : !list.data.items.length ? (
        <p className="muted card">{t('decisions.none')}</p>
      ) : (
        <div className="card admin-table">
          <table className="table" data-testid="decision-table">
            <thead>
              <tr>
                <th>{t('decisions.key')}</th>
                <th>{t('decisions.name')}</th>
                <th>{t('decisions.hitPolicy')}</th>
                <th>{t('decisions.version')}</th>
                <th>{t('decisions.deployed')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((d) => (
                <tr key={d.key} data-key={d.key} className={open?.key === d.key ? 'is-selected' : ''}>
                  <td data-label={t('decisions.key')}>
                    <code>{d.key}</code>
                  </td>
                  <td data-label={t('decisions.name')}>{d.name ?? '—'}</td>
                  <td data-label={t('decisions.hitPolicy')}>{d.hitPolicy ?? '—'}</td>
                  <td data-label={t('decisions.version')}>v{d.version}</td>
                  <td data-label={t('decisions.deployed')}>
                    {formatDateTime(d.deployedAt)} · {d.deployedBy}
                  </td>
                  <td className="admin-actions">
                    <button
                      className="btn btn--small"
                      data-testid="decision-open"
                      onClick={() => void openDecision(d.key)}
                    >
                      {t('decisions.open')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {open ? (
        <section className="card decisions__editor" data-testid="decision-editor">
          <div className="decisions__bar">
            <strong data-testid="decision-bar-title">
              {t('decisions.editing', { key: open.key })}{' '}
              {!open.version && <span className="muted">{t('decisions.unsaved')}</span>}
            </strong>
            {open.version && open.versions && (
              <select
                aria-label={t('decisions.version')}
                data-testid="decision-version"
                value={open.version}
                onChange={(e) => void openDecision(open.key, Number(e.target.value))}
              >
                {[...open.versions].reverse().map((v) => (
                  <option key={v} value={v}>
                    v{v}
                  </option>
                ))}
              </select>
            )}
            <span className="decisions__actions">
              <button className="btn" onClick={() => void download()}>
                {t('decisions.download')}
              </button>
              <button
                className="btn btn--primary"
                data-testid="decision-deploy"
                disabled={busy}
                onClick={() => void deploy()}
              >
                {t('decisions.deploy')}
              </button>
            </span>
          </div>
          {problems && (
            <div className="banner banner--error" role="alert" data-testid="decision-problems">
              <strong>{t('decisions.problems', { n: problems.length })}</strong>
              <ul>
                {problems.map((p, i) => (
                  <li key={i}>
                    <code>{p.path}</code> {problemText(p)}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <Suspense fallback={<Loading />}>
            <DecisionEditor xml={open.xml} focus={open.key} handle={editor} onError={onEditorError} />
          </Suspense>
          {open.version ? <TestPanel key={open.key} decisionKey={open.key} version={open.version} /> : null}
        </section>
      ) : list.data?.items.length ? (
        <p className="muted">{t('decisions.pick')}</p>
      ) : null}
      {creating && (
        <NewDecisionDialog
          taken={(key) => !!list.data?.items.some((d) => d.key === key)}
          onClose={() => setCreating(false)}
          onCreate={(key, name) => {
            setCreating(false);
            setProblems(null);
            setOpen({ key, xml: newDecisionXml(key, name) });
          }}
        />
      )}
    </div>
  );
}

/** Evaluates `version` of the decision (the one open in the editor, as deployed) with JSON variables. */
function TestPanel({ decisionKey, version }: { decisionKey: string; version: number }) {
  const { t } = useI18n();
  const detail = useRequest(() => decisionsApi.detail(decisionKey, version), [decisionKey, version]);
  const [vars, setVars] = useState<string | null>(null);
  const [result, setResult] = useState<DecisionEvaluation | null>(null);
  const [error, setError] = useState<string | null>(null);
  // a starting point: the variables the input expressions read, as written
  const sample =
    vars ??
    JSON.stringify(
      Object.fromEntries(
        (detail.data?.inputs ?? [])
          .map((i) => i.expression)
          .filter((e) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(e))
          .map((e) => [e, null]),
      ),
      null,
      1,
    );

  const evaluate = async () => {
    setError(null);
    setResult(null);
    let variables: Record<string, unknown>;
    try {
      const v = JSON.parse(sample) as unknown;
      if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
      variables = v as Record<string, unknown>;
    } catch {
      return setError(t('decisions.badJson'));
    }
    try {
      setResult(await decisionsApi.evaluate(decisionKey, variables, version));
    } catch (err) {
      setError(evaluationError(err));
    }
  };

  return (
    <section className="decisions__test" data-testid="decision-test">
      <h2>{t('decisions.test')}</h2>
      <p className="muted">{t('decisions.testHint')}</p>
      <label className="field">
        <span className="field__label">{t('decisions.variables')}</span>
        <textarea
          rows={4}
          data-testid="decision-vars"
          value={sample}
          onChange={(e) => setVars(e.target.value)}
          spellCheck={false}
        />
      </label>
      <button className="btn btn--primary" data-testid="decision-evaluate" onClick={() => void evaluate()}>
        {t('decisions.evaluate')}
      </button>
      {error && (
        <div className="banner banner--error" role="alert" data-testid="decision-error">
          {error}
        </div>
      )}
      {result && (
        <dl className="decisions__result" data-testid="decision-result">
          <dt>{t('decisions.result')}</dt>
          <dd>
            <code>{JSON.stringify(result.value)}</code> <span className="muted">v{result.version}</span>
          </dd>
          <dt>{t('decisions.matched')}</dt>
          <dd>
            {result.matchedRules.length
              ? result.matchedRules.join(t('common.listSep'))
              : t('decisions.noMatch')}
          </dd>
        </dl>
      )}
    </section>
  );
}

/** An evaluation error in the UI language, with the rules or element it names. */
function evaluationError(err: unknown): string {
  if (err instanceof ApiError && err.code?.startsWith('dmn.')) {
    const p = err.params;
    const text = tOr(`decisions.error.${err.code}`, '', {
      rules: Array.isArray(p.rules) ? p.rules.join(translate('common.listSep')) : '',
      elementId: String(p.elementId ?? ''),
      reason: String(p.reason ?? ''),
      aggregation: String(p.aggregation ?? ''),
    });
    if (text) return text;
  }
  return describeError(err);
}

function NewDecisionDialog({
  taken,
  onClose,
  onCreate,
}: {
  taken: (key: string) => boolean;
  onClose: () => void;
  onCreate: (key: string, name: string) => void;
}) {
  const { t } = useI18n();
  const [key, setKey] = useState('');
  const [name, setName] = useState('');
  const bad = !DECISION_KEY.test(key);
  return (
    <Dialog
      title={t('decisions.new')}
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button
            className="btn btn--primary"
            data-testid="decision-create"
            disabled={bad}
            onClick={() => onCreate(key, name.trim())}
          >
            {t('decisions.create')}
          </button>
        </>
      }
    >
      <label className="field">
        <span className="field__label">{t('decisions.newName')}</span>
        <input data-testid="decision-name" value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <label className="field">
        <span className="field__label">{t('decisions.newKey')}</span>
        <input
          data-testid="decision-key"
          value={key}
          onChange={(e) => setKey(e.target.value.trim())}
          aria-invalid={!!key && bad}
        />
      </label>
      {key && bad && <p className="text-bad">{t('decisions.newKeyBad')}</p>}
      {!bad && taken(key) && <p className="muted">{t('decisions.newKeyTaken')}</p>}
    </Dialog>
  );
}
