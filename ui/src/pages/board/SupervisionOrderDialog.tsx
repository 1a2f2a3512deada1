// 督办单 / 交办单: to a unit on the case's path or a department, with content and a reply deadline.
import { useMemo, useState } from 'react';
import { ApiError, api, describeError } from '../../api';
import { Dialog } from '../../components/Dialog';
import { useI18n } from '../../i18n';
import { problemText } from '../../i18n/render';
import { useRequest } from '../../lib/hooks';
import { levelLabel, roleLabel } from '../../lib/labels';
import { toast } from '../../lib/toasts';
import { chainOf } from '../../lib/units';
import { isIsoDuration } from '../../lib/duration';

const REPLY_SLAS = ['PT4H', 'P1D', 'P2D', 'P3D', 'P5D'] as const;
const DEPARTMENTS = [
  'police',
  'fire',
  'safety',
  'urban',
  'demolition',
  'planning',
  'judicial',
  'education',
  'civil',
];

export function SupervisionOrderDialog({
  instanceId,
  unit,
  onClose,
  onDone,
}: {
  instanceId: string;
  unit: string;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const units = useRequest(() => api.units(), []);
  const path = useMemo(() => (units.data ? chainOf(units.data, unit) : []), [units.data, unit]);
  const [kind, setKind] = useState<'duban' | 'jiaoban'>('duban');
  const [to, setTo] = useState(unit);
  const [content, setContent] = useState('');
  const [replySla, setReplySla] = useState<string>('P1D');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const errs: Record<string, string> = {};
    if (!to.trim()) errs.to = t('form.required');
    if (!content.trim()) errs.content = t('form.required');
    if (!isIsoDuration(replySla)) errs.replySla = t('modeler.badDuration');
    setErrors(errs);
    setFormError(null);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      await api.supervisionOrder(instanceId, { kind, to: to.trim(), content: content.trim(), replySla });
      toast('success', t(kind === 'duban' ? 'order.sentDuban' : 'order.sentJiaoban'));
      onDone();
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        const e: Record<string, string> = {};
        for (const d of err.details) {
          const m = /^\/(to|content|replySla|kind)$/.exec(d.path);
          if (m) e[m[1]] = problemText(d, '');
        }
        setErrors(e);
      }
      setFormError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  const err = (name: string) =>
    errors[name] && (
      <div className="field__error" role="alert">
        {errors[name]}
      </div>
    );

  return (
    <Dialog
      title={t('order.title')}
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button className="btn btn--danger" onClick={submit} disabled={busy}>
            {t('order.send')}
          </button>
        </>
      }
    >
      <div className="form-grid">
        <div className="field">
          <span className="field__label">{t('order.kind')}</span>
          <div className="radios">
            {(['duban', 'jiaoban'] as const).map((k) => (
              <label key={k} className="radio">
                <input type="radio" name="order-kind" checked={kind === k} onChange={() => setKind(k)} />
                {t(`order.${k}`)}
              </label>
            ))}
          </div>
        </div>
        <div className={`field ${errors.to ? 'field--error' : ''}`}>
          <label className="field__label" htmlFor="order-to">
            {t('order.to')}
            <span className="field__req">*</span>
          </label>
          <select id="order-to" value={to} onChange={(e) => setTo(e.target.value)}>
            <optgroup label={t('order.units')}>
              {(path.length ? path : [{ code: unit, name: unit, level: '' }]).map((u) => (
                <option key={u.code} value={u.code}>
                  {u.name}
                  {u.level && t('common.withLevel', { level: levelLabel(u.level) })}
                </option>
              ))}
            </optgroup>
            <optgroup label={t('order.departments')}>
              {DEPARTMENTS.map((r) => (
                <option key={r} value={r}>
                  {roleLabel(r)}
                </option>
              ))}
            </optgroup>
          </select>
          {err('to')}
        </div>
        <div className={`field ${errors.content ? 'field--error' : ''}`}>
          <label className="field__label" htmlFor="order-content">
            {t('order.content')}
            <span className="field__req">*</span>
          </label>
          <textarea
            id="order-content"
            rows={4}
            value={content}
            placeholder={t('order.contentPh')}
            onChange={(e) => setContent(e.target.value)}
          />
          {err('content')}
        </div>
        <div className={`field ${errors.replySla ? 'field--error' : ''}`}>
          <label className="field__label" htmlFor="order-sla">
            {t('order.replySla')}
          </label>
          <select id="order-sla" value={replySla} onChange={(e) => setReplySla(e.target.value)}>
            {REPLY_SLAS.map((d) => (
              <option key={d} value={d}>
                {t(`order.sla.${d}` as const)}
              </option>
            ))}
          </select>
          {err('replySla')}
        </div>
        {formError && (
          <div className="banner banner--error" role="alert">
            {formError}
          </div>
        )}
      </div>
    </Dialog>
  );
}
