// The public report page (/report, no sign-in): a citizen describes a problem, marks it on the map,
// answers an arithmetic question and gets a receipt number; the same page looks a receipt up (state only).
import { useEffect, useState } from 'react';
import { ApiError, describeError } from '../../api';
import { GridMap } from '../../components/map/GridMap';
import { intakeApi, uploadPhotos, type Boundaries } from '../../components/map/intakeApi';
import { PhotoPicker } from './PhotoPicker';
import { LangToggle } from '../../components/LangToggle';
import { useI18n, type MessageKey } from '../../i18n';
import { request } from '../../api';

export const categoryLabel = (t: (k: MessageKey) => string, c: string) => {
  const key = `intake.category.${c}` as MessageKey;
  const label = t(key);
  return label === key ? c : label;
};

export function PublicReportPage() {
  const { t } = useI18n();
  const [categories, setCategories] = useState<string[]>([]);
  const [boundaries, setBoundaries] = useState<Boundaries>();
  const [challenge, setChallenge] = useState<{ id: string; question: string }>();
  const [form, setForm] = useState({
    name: '',
    phone: '',
    category: '',
    description: '',
    address: '',
    answer: '',
  });
  const [point, setPoint] = useState<{ lat: number; lng: number } | null>(null);
  const [error, setError] = useState('');
  const [receipt, setReceipt] = useState('');
  const [lookup, setLookup] = useState('');
  const [lookupState, setLookupState] = useState('');
  const [photos, setPhotos] = useState<File[]>([]);
  const [photosStored, setPhotosStored] = useState<number | null>(null);

  const newChallenge = () => intakeApi.challenge().then(setChallenge, () => undefined);
  useEffect(() => {
    void intakeApi.uiConfig().then((c) => {
      const cats = (c as unknown as { categories?: string[] }).categories ?? [];
      setCategories(cats);
      setForm((f) => ({ ...f, category: f.category || cats[0] || '' }));
    });
    void request<Boundaries>('/api/public/boundaries', { quiet: true }).then(setBoundaries, () => undefined);
    void newChallenge();
  }, []);

  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));

  const submit = async () => {
    setError('');
    if (!point) return setError(t('intake.pickOnMap'));
    if (!challenge) return;
    try {
      const res = await intakeApi.publicReport({
        channel: 'web',
        reporter: { name: form.name.trim(), phone: form.phone.trim() },
        category: form.category,
        description: form.description.trim(),
        location: { ...point, ...(form.address.trim() ? { address: form.address.trim() } : {}) },
        challengeId: challenge.id,
        challengeAnswer: Number(form.answer),
      });
      const token = res.uploadToken;
      setPhotosStored(
        token && photos.length
          ? await uploadPhotos(photos, (f) => intakeApi.publicPhoto(res.receipt, token, f))
          : null,
      );
      setPhotos([]);
      setReceipt(res.receipt);
      setLookup(res.receipt);
    } catch (err) {
      const e = err as ApiError;
      setError(e.code === 'too-many-reports' ? t('intake.tooMany') : describeError(err));
      void newChallenge();
      setForm((f) => ({ ...f, answer: '' }));
    }
  };

  const find = async () => {
    setLookupState('');
    try {
      const r = await intakeApi.receipt(lookup);
      setLookupState(t(`intake.state.${r.state}` as MessageKey));
    } catch {
      setLookupState(t('intake.receiptUnknown'));
    }
  };

  return (
    <div className="public-report">
      <header className="public-report__head">
        <h1>{t('intake.publicTitle')}</h1>
        <LangToggle />
      </header>
      {receipt ? (
        <section className="card" data-testid="report-receipt">
          <h2>{t('intake.thanks')}</h2>
          <p>
            {t('intake.yourReceipt')} <strong data-testid="receipt-number">{receipt}</strong>
          </p>
          {photosStored !== null && (
            <p className="muted" data-testid="photos-stored">
              {t('intake.photosStored', { n: photosStored })}
            </p>
          )}
          <button className="btn" onClick={() => setReceipt('')}>
            {t('intake.another')}
          </button>
        </section>
      ) : (
        <section className="card intake-form" data-testid="public-report-form">
          <label>
            {t('intake.category')}
            <select value={form.category} onChange={set('category')} data-testid="f-category">
              {categories.map((c) => (
                <option key={c} value={c}>
                  {categoryLabel(t, c)}
                </option>
              ))}
            </select>
          </label>
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
            <span>{point ? `${point.lat.toFixed(5)}, ${point.lng.toFixed(5)}` : t('intake.pickOnMap')}</span>
            <GridMap
              boundaries={boundaries}
              marker={point}
              onPick={(lat, lng) => setPoint({ lat, lng })}
              height={260}
            />
          </div>
          <label>
            {t('intake.name')}
            <input value={form.name} onChange={set('name')} maxLength={40} data-testid="f-name" />
          </label>
          <label>
            {t('intake.phone')}
            <input
              value={form.phone}
              onChange={set('phone')}
              inputMode="tel"
              maxLength={20}
              data-testid="f-phone"
            />
          </label>
          <label>
            {t('intake.challenge')} <strong data-testid="challenge-question">{challenge?.question}</strong>
            <input value={form.answer} onChange={set('answer')} inputMode="numeric" data-testid="f-answer" />
          </label>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <button className="btn btn--primary" onClick={() => void submit()} data-testid="report-submit">
            {t('intake.submit')}
          </button>
        </section>
      )}
      <section className="card intake-form" data-testid="receipt-lookup">
        <h2>{t('intake.lookup')}</h2>
        <input
          value={lookup}
          onChange={(e) => setLookup(e.target.value)}
          placeholder="R20260101XXXXXXXX"
          data-testid="f-receipt"
        />
        <button className="btn" onClick={() => void find()} data-testid="lookup-submit">
          {t('intake.lookupButton')}
        </button>
        {lookupState && <p data-testid="lookup-state">{lookupState}</p>}
      </section>
    </div>
  );
}
