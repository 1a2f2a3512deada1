// 流程迁移 (admins): move the open cases of one version of a process to another — pick the process and the
// two versions, edit the element mapping (identical ids shown as the default), dry run, run, watch progress
// (engine/api/routes-migrations.ts). Refusals name the source elements inline, in the UI language.
import { useEffect, useMemo, useState } from 'react';
import { api, ApiError, describeError } from '../../api';
import { useConfirm } from '../../components/ConfirmDialog';
import { Link } from '../../components/Link';
import { ErrorState, Loading } from '../../components/States';
import { useI18n } from '../../i18n';
import { nodeKindWord, problemText } from '../../i18n/render';
import { formatDateTime } from '../../lib/format';
import { useRequest } from '../../lib/hooks';
import {
  migrationsApi,
  type DryRun,
  type Mapping,
  type MigrationInput,
  type MigrationJob,
  type MigrationPlan,
  type PlanNode,
  type ShippedPlan,
} from '../../migrationsApi';
import type { FieldError } from '../../types';
import { AdminTabs } from './AdminTabs';

const POLL_MS = 1000;
/** select value for "no element" (a boundary event dropped) */
const DROP = '\u0000drop';
const NONE = '';

const progressParams = (j: MigrationJob) => ({ done: j.done, total: j.total, failed: j.failed });

const label = (n: PlanNode | undefined, id: string) => (n?.name ? `${n.name}（${id}）` : id);

export function MigrationsPage() {
  const { t } = useI18n();
  const defs = useRequest(() => api.definitions(), []);
  const recent = useRequest(() => migrationsApi.list(), []);
  const [key, setKey] = useState('');
  const [from, setFrom] = useState(0);
  const [to, setTo] = useState(0);
  const [plan, setPlan] = useState<MigrationPlan | null>(null);
  /** the admin's own entries (what differs from the defaults) */
  const [edits, setEdits] = useState<Mapping>({});
  /** old element ids whose waiting cases enter their target anew */
  const [enter, setEnter] = useState<string[]>([]);
  /** the plan shipped with the bundled process, when it fits the two versions */
  const [shipped, setShipped] = useState<ShippedPlan | null>(null);
  const [problems, setProblems] = useState<FieldError[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [dry, setDry] = useState<DryRun | null>(null);
  const [job, setJob] = useState<MigrationJob | null>(null);
  const [busy, setBusy] = useState(false);
  const [dialog, ask] = useConfirm();

  const versions = defs.data?.find((d) => d.key === key)?.versions ?? 0;
  const input = (): MigrationInput => ({
    definitionKey: key,
    fromVersion: from,
    toVersion: to,
    mapping: edits,
    enter,
  });
  const ready = !!key && from > 0 && to > 0 && from !== to;

  // a new choice of process or versions starts a new plan
  useEffect(() => {
    setPlan(null);
    setEdits({});
    setEnter([]);
    setShipped(null);
    setDry(null);
    setProblems([]);
    setError(null);
  }, [key, from, to]);

  // progress of a running migration
  useEffect(() => {
    if (!job || job.status !== 'running') return;
    const timer = setTimeout(() => {
      migrationsApi.get(job.id).then(
        (j) => {
          setJob(j);
          if (j.status !== 'running') recent.reload();
        },
        (err) => setError(describeError(err)),
      );
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [job, recent]);

  /** Runs a call; a refusal's details (the elements) are shown under the mapping. */
  const call = async <T,>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    setProblems([]);
    try {
      return await fn();
    } catch (err) {
      setError(describeError(err));
      if (err instanceof ApiError) setProblems(err.details.filter((d) => d.code?.startsWith('migration.')));
      return undefined;
    } finally {
      setBusy(false);
    }
  };

  const load = async () => {
    const p = await call(() => migrationsApi.plan({ ...input(), mapping: {}, enter: [] }));
    if (!p) return;
    // the shipped plan, pre-filled when it fits these versions (the admin may still change it)
    const s = await call(() => migrationsApi.shipped({ ...input(), mapping: {}, enter: [] }));
    setPlan(p);
    setShipped(s?.plan ?? null);
    setEdits(s?.plan?.mapping ?? {});
    setEnter(s?.plan?.enter ?? []);
  };
  const dryRun = async () => {
    const d = await call(() => migrationsApi.dryRun(input()));
    if (d) {
      setDry(d);
      setProblems(d.problems);
    }
  };
  const run = async () => {
    if (!plan || !(await ask(t('migrations.confirm', { n: plan.cases, from, to })))) return;
    const j = await call(() => migrationsApi.start(input()));
    if (j) {
      setJob(j);
      recent.reload();
    }
  };

  const targets = useMemo(() => new Map((plan?.target ?? []).map((n) => [n.id, n])), [plan]);
  const sources = useMemo(() => new Map((plan?.source ?? []).map((n) => [n.id, n])), [plan]);
  const bad = new Set(problems.map((p) => p.path));

  return (
    <div className="page admin migrations">
      <AdminTabs current="/admin/migrations" />
      <h1>{t('migrations.title')}</h1>
      <p className="muted">{t('migrations.hint')}</p>
      {defs.error ? (
        <ErrorState error={defs.error} onRetry={defs.reload} />
      ) : !defs.data ? (
        <Loading />
      ) : (
        <div className="card admin-filters">
          <label className="field">
            <span className="field__label">{t('migrations.process')}</span>
            <select
              data-testid="migration-process"
              value={key}
              onChange={(e) => {
                setKey(e.target.value);
                setFrom(0);
                setTo(0);
              }}
            >
              <option value="" />
              {defs.data.map((d) => (
                <option key={d.key} value={d.key}>
                  {d.name ? `${d.name}（${d.key}）` : d.key}
                </option>
              ))}
            </select>
          </label>
          {(['from', 'to'] as const).map((which) => (
            <label className="field" key={which}>
              <span className="field__label">{t(`migrations.${which}`)}</span>
              <select
                data-testid={`migration-${which}`}
                value={which === 'from' ? from : to}
                onChange={(e) => (which === 'from' ? setFrom : setTo)(Number(e.target.value))}
              >
                <option value={0} />
                {Array.from({ length: versions }, (_, i) => i + 1).map((v) => (
                  <option key={v} value={v}>
                    v{v}
                  </option>
                ))}
              </select>
            </label>
          ))}
          <button className="btn" disabled={!ready || busy} onClick={load} data-testid="migration-load">
            {t('migrations.load')}
          </button>
          {!ready && <span className="muted">{t('migrations.pick')}</span>}
        </div>
      )}
      {error && (
        <p className="card text-bad" role="alert" data-testid="migration-error">
          {error}
        </p>
      )}
      {problems.length > 0 && (
        <div className="card" data-testid="migration-problems">
          <h2>{t('migrations.problems')}</h2>
          <ul>
            {problems.map((p, i) => (
              <li key={i} data-element={p.path}>
                {problemText(p)}
              </li>
            ))}
          </ul>
        </div>
      )}
      {plan && (
        <div className="card admin-table">
          <h2>{t('migrations.mapping')}</h2>
          {shipped && (
            <p className="migrations__shipped" data-testid="migration-shipped">
              {t('migrations.shipped', { file: shipped.file })}
            </p>
          )}
          {Object.keys(edits).some((id) => !sources.has(id)) && (
            <p className="muted">
              {t('migrations.flows', {
                flows: Object.entries(edits)
                  .filter(([id]) => !sources.has(id))
                  .map(([id, v]) => `${id} → ${v}`)
                  .join(', '),
              })}
            </p>
          )}
          <p className="muted">{t('migrations.cases', { n: plan.cases })}</p>
          <table className="table" data-testid="migration-mapping">
            <thead>
              <tr>
                <th>{t('migrations.old')}</th>
                <th>{t('migrations.new')}</th>
              </tr>
            </thead>
            <tbody>
              {plan.source.map((n) => {
                const own = n.id in edits;
                const value = own ? edits[n.id] : plan.mapping[n.id];
                return (
                  <tr key={n.id} data-element={n.id} className={bad.has(n.id) ? 'text-bad' : undefined}>
                    <td data-label={t('migrations.old')}>
                      {label(n, n.id)} <span className="muted">{nodeKindWord(n.kind)}</span>
                    </td>
                    <td data-label={t('migrations.new')}>
                      <select
                        aria-label={`${t('migrations.new')} ${n.id}`}
                        value={value === null ? DROP : (value ?? NONE)}
                        onChange={(e) => {
                          const v = e.target.value === DROP ? null : e.target.value;
                          setEdits((m) => {
                            const next = { ...m };
                            if (v === (plan.mapping[n.id] ?? NONE)) delete next[n.id];
                            else if (v !== NONE) next[n.id] = v;
                            else delete next[n.id];
                            return next;
                          });
                          setDry(null);
                        }}
                      >
                        <option value={NONE}>{t('migrations.unmapped')}</option>
                        {n.attachedTo && <option value={DROP}>{t('migrations.drop')}</option>}
                        {plan.target.map((x) => (
                          <option key={x.id} value={x.id}>
                            {label(targets.get(x.id), x.id)} · {nodeKindWord(x.kind)}
                          </option>
                        ))}
                      </select>
                      <span className="muted migrations__state">
                        {own ? t('migrations.changed') : t('migrations.default')}
                      </span>
                      <label className="migrations__enter" title={t('migrations.enterHint')}>
                        <input
                          type="checkbox"
                          checked={enter.includes(n.id)}
                          onChange={(e) => {
                            const on = e.target.checked;
                            setEnter((l) => (on ? [...l, n.id] : l.filter((x) => x !== n.id)));
                            setDry(null);
                          }}
                        />{' '}
                        {t('migrations.enter')}
                      </label>
                      {shipped?.notes[n.id] && (
                        <div className="muted migrations__note" data-note={n.id}>
                          {shipped.notes[n.id]}
                        </div>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="page__head">
            <button className="btn" disabled={busy} onClick={dryRun} data-testid="migration-dry-run">
              {t('migrations.dryRun')}
            </button>
            <button
              className="btn btn--primary"
              disabled={busy || !plan.cases || job?.status === 'running'}
              onClick={run}
              data-testid="migration-run"
            >
              {t('migrations.run')}
            </button>
          </div>
        </div>
      )}
      {dry && (
        <div className="card admin-table" data-testid="migration-dry">
          <p>
            {t('migrations.dryTotals', {
              total: dry.total,
              migrate: dry.migrate,
              refused: dry.refused,
              skipped: dry.skipped,
            })}
          </p>
          <table className="table">
            <thead>
              <tr>
                <th>{t('migrations.case')}</th>
                <th>{t('migrations.result')}</th>
                <th>{t('migrations.what')}</th>
              </tr>
            </thead>
            <tbody>
              {dry.items.map((c) => (
                <tr key={c.instanceId}>
                  <td data-label={t('migrations.case')}>
                    <Link href={`/cases/${encodeURIComponent(c.instanceId)}`}>
                      {c.caseNo ?? c.instanceId}
                    </Link>
                  </td>
                  <td data-label={t('migrations.result')}>{t(`migrations.status.${c.status}`)}</td>
                  <td data-label={t('migrations.what')} className="admin-details">
                    {c.problems?.map((p, i) => (
                      <div key={i} className="text-bad">
                        {problemText(p)}
                      </div>
                    ))}
                    {c.report?.entered?.map((m) => (
                      <div key={m.tokenId}>
                        {t('migrations.entered', {
                          from: label(sources.get(m.from), m.from),
                          to: label(targets.get(m.to), m.to),
                        })}
                      </div>
                    ))}
                    {c.report &&
                      (c.report.moved.length
                        ? c.report.moved.map((m) => (
                            <div key={m.tokenId}>
                              {t('migrations.move', {
                                from: label(sources.get(m.from), m.from),
                                to: label(targets.get(m.to), m.to),
                              })}
                            </div>
                          ))
                        : !c.report.entered?.length && t('migrations.nothing'))}
                    {c.report?.tasks
                      .filter((x) => x.sla === 'replanned')
                      .map((x) => (
                        <div key={x.taskId} className="muted">
                          {x.to}: {t('migrations.sla.replanned')}
                        </div>
                      ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {job && (
        <div className="card" data-testid="migration-progress" data-status={job.status}>
          <p>
            {t('migrations.progress', progressParams(job))} · {t(`migrations.state.${job.status}`)}
          </p>
          <progress max={Math.max(1, job.total)} value={job.done + job.failed} style={{ width: '100%' }} />
          {job.failures.map((f) => (
            <div key={f.instanceId} className="text-bad">
              {f.instanceId}: {f.reason}
            </div>
          ))}
        </div>
      )}
      <div className="card admin-table">
        <h2>{t('migrations.recent')}</h2>
        {recent.data && !recent.data.items.length ? (
          <p className="muted">{t('migrations.none')}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>{t('migrations.at')}</th>
                <th>{t('migrations.process')}</th>
                <th>{t('migrations.versions')}</th>
                <th>{t('migrations.state')}</th>
              </tr>
            </thead>
            <tbody>
              {(recent.data?.items ?? []).map((j) => (
                <tr key={j.id}>
                  <td data-label={t('migrations.at')}>{formatDateTime(j.createdAt)}</td>
                  <td data-label={t('migrations.process')}>{j.definitionKey}</td>
                  <td data-label={t('migrations.versions')}>
                    v{j.fromVersion} → v{j.toVersion}
                  </td>
                  <td data-label={t('migrations.state')}>
                    {t(`migrations.state.${j.status}`)} · {t('migrations.progress', progressParams(j))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {dialog}
    </div>
  );
}
