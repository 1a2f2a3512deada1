// The operator's desk (/intake, 受理员): register a call on behalf of a citizen, with a click on the map
// to set the location (the grid it falls in is shown at once), and the 待受理 queue with 立案 / 并案 / 不予受理.
import { useCallback, useEffect, useState } from 'react';
import { ApiError, describeError } from '../../api';
import { Link } from '../../components/Link';
import { GridMap } from '../../components/map/GridMap';
import { intakeApi, uploadPhotos, type Boundaries, type IntakeEntry } from '../../components/map/intakeApi';
import { PhotoPicker } from './PhotoPicker';
import { useI18n, type MessageKey } from '../../i18n';
import { categoryLabel } from './PublicReportPage';

const EMPTY = { channel: '12345', name: '', phone: '', category: '', description: '', address: '' };

export function IntakePage() {
  const { t } = useI18n();
  const [boundaries, setBoundaries] = useState<Boundaries>();
  const [meta, setMeta] = useState<{ categories: string[]; channels: string[] }>({
    categories: [],
    channels: [],
  });
  const [form, setForm] = useState(EMPTY);
  const [point, setPoint] = useState<{ lat: number; lng: number } | null>(null);
  const [located, setLocated] = useState<string>('');
  const [error, setError] = useState('');
  const [result, setResult] = useState<IntakeEntry | null>(null);
  const [queue, setQueue] = useState<IntakeEntry[]>([]);
  const [open, setOpen] = useState<IntakeEntry | null>(null);
  const [photos, setPhotos] = useState<File[]>([]);
  const [photosStored, setPhotosStored] = useState<number | null>(null);

  const reload = useCallback(() => {
    void intakeApi.queue().then(
      (r) => setQueue(r.items),
      () => undefined,
    );
  }, []);
  useEffect(() => {
    void intakeApi.boundaries().then(setBoundaries, () => undefined);
    void intakeApi.categories().then((m) => {
      setMeta(m);
      setForm((f) => ({ ...f, category: f.category || m.categories[0] || '' }));
    });
    reload();
  }, [reload]);

  const pick = async (lat: number, lng: number) => {
    setPoint({ lat, lng });
    const r = await intakeApi.locate(lat, lng);
    setLocated(
      r.grid
        ? r.path
            .map((u) => u.name)
            .reverse()
            .join(' / ')
        : t('intake.noGrid'),
    );
  };

  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));

  const submit = async () => {
    setError('');
    if (!point) return setError(t('intake.pickOnMap'));
    try {
      const r = await intakeApi.register({
        channel: form.channel,
        reporter: { name: form.name.trim(), phone: form.phone.trim() },
        category: form.category,
        description: form.description.trim(),
        location: { ...point, ...(form.address.trim() ? { address: form.address.trim() } : {}) },
      });
      setPhotosStored(
        photos.length ? await uploadPhotos(photos, (f) => intakeApi.intakePhoto(r.receipt, f)) : null,
      );
      setPhotos([]);
      setResult(r);
      setForm({ ...EMPTY, category: form.category });
      setPoint(null);
      setLocated('');
      reload();
    } catch (err) {
      setError(describeError(err as ApiError));
    }
  };

  const decide = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      setOpen(null);
      reload();
    } catch {
      // reported by the fetch wrapper
    }
  };

  return (
    <div className="intake-page">
      <section className="card intake-form" data-testid="intake-form">
        <h2>{t('intake.register')}</h2>
        <div className="intake-form__row">
          <label>
            {t('intake.channel')}
            <select value={form.channel} onChange={set('channel')} data-testid="f-channel">
              {meta.channels.map((c) => (
                <option key={c} value={c}>
                  {t(`intake.channel.${c}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('intake.category')}
            <select value={form.category} onChange={set('category')} data-testid="f-category">
              {meta.categories.map((c) => (
                <option key={c} value={c}>
                  {categoryLabel(t, c)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="intake-form__row">
          <label>
            {t('intake.name')}
            <input value={form.name} onChange={set('name')} maxLength={40} data-testid="f-name" />
          </label>
          <label>
            {t('intake.phone')}
            <input
              value={form.phone}
              onChange={set('phone')}
              maxLength={20}
              inputMode="tel"
              data-testid="f-phone"
            />
          </label>
        </div>
        <label>
          {t('intake.description')}
          <textarea
            value={form.description}
            onChange={set('description')}
            maxLength={2000}
            data-testid="f-description"
          />
        </label>
        <label>
          {t('intake.address')}
          <input value={form.address} onChange={set('address')} maxLength={200} data-testid="f-address" />
        </label>
        <PhotoPicker files={photos} onChange={setPhotos} />
        <div className="intake-form__map">
          <span data-testid="located">{point ? located || '…' : t('intake.pickOnMap')}</span>
          <GridMap
            boundaries={boundaries}
            marker={point}
            onPick={(lat, lng) => void pick(lat, lng)}
            height={320}
          />
        </div>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button className="btn btn--primary" onClick={() => void submit()} data-testid="intake-submit">
          {t('intake.submitRegister')}
        </button>
        {result && (
          <p className="intake-result" data-testid="intake-result">
            {t('intake.receipt')} {result.receipt} ·{' '}
            {result.instanceId ? (
              <Link href={`/cases/${result.instanceId}`}>
                {t('intake.dispatched')} {result.caseNo ?? ''}
              </Link>
            ) : (
              t('intake.waiting')
            )}
            {photosStored !== null && ` · ${t('intake.photosStored', { n: photosStored })}`}
          </p>
        )}
      </section>
      <section className="card" data-testid="intake-queue">
        <h2>
          {t('intake.queue')} ({queue.length})
        </h2>
        {!queue.length && <p className="muted">{t('intake.queueEmpty')}</p>}
        <ul className="intake-queue">
          {queue.map((e) => (
            <li key={e.receipt}>
              <button
                className="btn btn--ghost"
                onClick={() => void intakeApi.entry(e.receipt).then(setOpen)}
              >
                {e.receipt} · {categoryLabel(t, e.category)} · {e.description.slice(0, 40)}
              </button>
            </li>
          ))}
        </ul>
        {open && <Decision entry={open} decide={decide} />}
      </section>
    </div>
  );
}

function Decision({
  entry,
  decide,
}: {
  entry: IntakeEntry;
  decide: (fn: () => Promise<unknown>) => Promise<void>;
}) {
  const { t } = useI18n();
  const [grid, setGrid] = useState('');
  const [reason, setReason] = useState('');
  return (
    <div className="intake-decision" data-testid="intake-decision">
      <p>
        {entry.reporter.name} {entry.reporter.phone} · {entry.location.address ?? ''} ·{' '}
        {entry.grid
          ? entry.path
              ?.map((u) => u.name)
              .reverse()
              .join(' / ')
          : t('intake.noGrid')}
      </p>
      <p>{entry.description}</p>
      {!entry.grid && (
        <input value={grid} onChange={(e) => setGrid(e.target.value)} placeholder={t('intake.gridCode')} />
      )}
      <div className="intake-decision__actions">
        <button
          className="btn btn--primary"
          data-testid="intake-accept"
          onClick={() => void decide(() => intakeApi.accept(entry.receipt, grid || undefined))}
        >
          {t('intake.accept')}
        </button>
        {entry.suggestions?.map((s) => (
          <button
            key={s.instanceId}
            className="btn"
            onClick={() => void decide(() => intakeApi.merge(entry.receipt, s.instanceId))}
          >
            {t('intake.mergeInto', { distance: s.distanceM })} {s.description.slice(0, 20)}
          </button>
        ))}
        <input
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder={t('intake.rejectReason')}
        />
        <button
          className="btn btn--danger"
          disabled={!reason.trim()}
          onClick={() => void decide(() => intakeApi.reject(entry.receipt, reason))}
        >
          {t('intake.reject')}
        </button>
      </div>
    </div>
  );
}
