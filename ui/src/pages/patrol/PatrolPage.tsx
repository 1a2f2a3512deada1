// 巡查日志 on the phone: a grid worker (a handler) starts a patrol (asked first whether the position may be recorded),
// sees it running (time, points sent), takes photos, reports a problem found as a case from the patrol and
// ends it; below, the patrols they may see — their own, or a head's subtree — newest first, paged.
import { useEffect, useMemo, useRef, useState } from 'react';
import { api, describeError, serverNow } from '../../api';
import { useConfirm } from '../../components/ConfirmDialog';
import { Async } from '../../components/States';
import { useI18n } from '../../i18n';
import { formatDateTime, formatDuration } from '../../lib/format';
import { useRequest } from '../../lib/hooks';
import { navigate } from '../../lib/router';
import { hasRole, sessionStore } from '../../lib/session';
import { toast } from '../../lib/toasts';
import { StartCaseDialog } from '../inbox/StartCaseDialog';
import { patrolApi, type Patrol } from './api';
import { startTrack, type TrackState } from './track';

export default function PatrolPage() {
  const { t } = useI18n();
  const current = useRequest(() => patrolApi.current(), []);
  const [listTick, setListTick] = useState(0);
  const changed = () => {
    current.reload();
    setListTick((n) => n + 1);
  };
  const open = current.data?.patrol ?? null;
  return (
    <div className="page page--patrol">
      <header className="page__head">
        <h1>{t('patrol.title')}</h1>
      </header>
      <Async state={current}>
        {() =>
          open ? (
            <Running patrol={open} onChanged={changed} />
          ) : hasRole(sessionStore.get()?.user, 'handler') ? (
            <StartForm onStarted={changed} />
          ) : null
        }
      </Async>
      <PatrolList tick={listTick} />
    </div>
  );
}

function StartForm({ onStarted }: { onStarted: () => void }) {
  const { t } = useI18n();
  const user = sessionStore.get()?.user;
  const units = useRequest(() => api.units(), []);
  const own = useMemo(() => [...new Set((user?.roles ?? []).map((r) => r.unit))], [user]);
  const [unit, setUnit] = useState(own[0] ?? '');
  const [consent, setConsent] = useState(true);
  const [busy, setBusy] = useState(false);
  const names = new Map((units.data ?? []).map((u) => [u.code, u.name]));
  const start = async () => {
    setBusy(true);
    try {
      await patrolApi.start({ unit: unit || undefined, consent });
      onStarted();
    } catch (err) {
      toast('error', describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card patrol-start">
      <label className="field">
        <span className="field__label">{t('patrol.unit')}</span>
        <select value={unit} onChange={(e) => setUnit(e.target.value)} aria-label={t('patrol.unit')}>
          {own.map((c) => (
            <option key={c} value={c}>
              {names.get(c) ?? c}
            </option>
          ))}
        </select>
      </label>
      <label className="patrol-consent">
        <input
          type="checkbox"
          checked={consent}
          onChange={(e) => setConsent(e.target.checked)}
          data-testid="patrol-consent"
        />
        <span>{t('patrol.consent')}</span>
      </label>
      <button
        type="button"
        className="btn btn--primary btn--block"
        disabled={busy || !own.length}
        onClick={() => void start()}
        data-testid="patrol-start"
      >
        {t('patrol.start')}
      </button>
    </section>
  );
}

function Running({ patrol, onChanged }: { patrol: Patrol; onChanged: () => void }) {
  const { t } = useI18n();
  const [now, setNow] = useState(serverNow());
  const [track, setTrack] = useState<TrackState>({ sent: patrol.pointCount });
  const [notes, setNotes] = useState(patrol.notes ?? '');
  const [reporting, setReporting] = useState(false);
  const [photos, setPhotos] = useState(patrol.photos.length);
  const [dialog, ask] = useConfirm();
  const tracker = useRef<ReturnType<typeof startTrack> | null>(null);
  const photoSeq = useRef(0);

  useEffect(() => {
    const timer = window.setInterval(() => setNow(serverNow()), 15_000);
    return () => window.clearInterval(timer);
  }, []);
  useEffect(() => {
    if (!patrol.consent) return;
    const tr = startTrack(patrol.id, (s) => setTrack({ ...s, sent: patrol.pointCount + s.sent }));
    tracker.current = tr;
    return () => {
      void tr.stop();
      tracker.current = null;
    };
  }, [patrol.id, patrol.consent, patrol.pointCount]);

  const addPhoto = async (file: File | undefined) => {
    if (!file) return;
    try {
      photoSeq.current += 1;
      await patrolApi.photo(patrol.id, file, `${patrol.id}-${Date.now()}-${photoSeq.current}`);
      setPhotos((n) => n + 1);
      toast('success', t('patrol.photoSaved'));
    } catch (err) {
      toast('error', describeError(err));
    }
  };
  const end = async () => {
    if (!(await ask(t('patrol.endConfirm')))) return;
    try {
      await tracker.current?.stop();
      await patrolApi.end(patrol.id, notes.trim() || undefined);
      toast('success', t('patrol.ended'));
      onChanged();
    } catch (err) {
      toast('error', describeError(err));
    }
  };

  return (
    <section className="card patrol-running" data-testid="patrol-running">
      <div className="patrol-running__head">
        <span className="tag tag--warned">{t('patrol.running')}</span>
        <b>{patrol.unitName ?? patrol.unit}</b>
      </div>
      <dl className="facts">
        <dt>{t('patrol.startedAt')}</dt>
        <dd>{formatDateTime(patrol.startedAt)}</dd>
        <dt>{t('patrol.elapsed')}</dt>
        <dd data-testid="patrol-elapsed">{formatDuration(Math.max(0, now - patrol.startedAt))}</dd>
        <dt>{t('patrol.track')}</dt>
        <dd data-testid="patrol-track">
          {patrol.consent ? t('patrol.pointsSent', { n: track.sent }) : t('patrol.noConsent')}
          {track.error && (
            <span className="field__error"> {t('patrol.geoError', { detail: track.error })}</span>
          )}
        </dd>
        <dt>{t('patrol.photos')}</dt>
        <dd>{photos}</dd>
      </dl>
      <label className="field">
        <span className="field__label">{t('patrol.notes')}</span>
        <textarea rows={3} value={notes} onChange={(e) => setNotes(e.target.value)} />
      </label>
      <div className="patrol-actions">
        <label className="btn">
          {t('patrol.takePhoto')}
          <input
            type="file"
            accept="image/*"
            capture="environment"
            hidden
            onChange={(e) => {
              void addPhoto(e.target.files?.[0]);
              e.target.value = '';
            }}
          />
        </label>
        <button type="button" className="btn" onClick={() => setReporting(true)} data-testid="patrol-report">
          {t('patrol.report')}
        </button>
        <button
          type="button"
          className="btn btn--primary"
          onClick={() => void end()}
          data-testid="patrol-end"
        >
          {t('patrol.end')}
        </button>
      </div>
      {reporting && (
        <StartCaseDialog
          patrolId={patrol.id}
          onClose={() => setReporting(false)}
          onStarted={(id, firstTaskId) => {
            setReporting(false);
            navigate(
              firstTaskId
                ? `/inbox?task=${encodeURIComponent(firstTaskId)}`
                : `/cases/${encodeURIComponent(id)}`,
            );
          }}
        />
      )}
      {dialog}
    </section>
  );
}

const PAGE = 20;

function PatrolList({ tick }: { tick: number }) {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const list = useRequest(() => patrolApi.list({ page, pageSize: PAGE }), [page, tick]);
  return (
    <section className="card">
      <h2>{t('patrol.list')}</h2>
      <Async state={list} empty={(l) => !l.items.length} emptyTitle={t('patrol.none')}>
        {(l) => (
          <>
            <ul className="patrol-list" data-testid="patrol-list">
              {l.items.map((p) => (
                <li key={p.id}>
                  <div>
                    <b>{p.worker}</b> · {p.unitName ?? p.unit} · {p.day}
                  </div>
                  <div className="muted">
                    {formatDateTime(p.startedAt)} –{' '}
                    {p.endedAt ? formatDateTime(p.endedAt) : t('patrol.running')}
                    {p.countedMs !== undefined && ` · ${formatDuration(p.countedMs)}`}
                    {` · ${t('patrol.summary', { points: p.pointCount, photos: p.photos.length, cases: p.cases.length })}`}
                    {p.endedBy === 'auto' && (
                      <span className="tag tag--warned"> {t('patrol.autoClosed')}</span>
                    )}
                  </div>
                  {p.notes && <div>{p.notes}</div>}
                </li>
              ))}
            </ul>
            {l.total > PAGE && (
              <div className="pager">
                <button
                  type="button"
                  className="btn btn--small"
                  disabled={page <= 1}
                  onClick={() => setPage(page - 1)}
                >
                  {t('patrol.prev')}
                </button>
                <span>
                  {page} / {Math.ceil(l.total / PAGE)}
                </span>
                <button
                  type="button"
                  className="btn btn--small"
                  disabled={page * PAGE >= l.total}
                  onClick={() => setPage(page + 1)}
                >
                  {t('patrol.next')}
                </button>
              </div>
            )}
          </>
        )}
      </Async>
    </section>
  );
}
