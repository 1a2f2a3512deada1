// Submitted form values, read-only: each under its field's title; enum values by their option labels,
// yes/no in the UI language, date-times formatted, web addresses (photos, attachments) as links.
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import type { CaseFileField } from '../../types';
import { AttachmentFieldValue } from './CaseAttachments';

const isWebAddress = (v: unknown): v is string => typeof v === 'string' && /^https?:\/\/\S+$/i.test(v);

export function FieldValue({ field }: { field: CaseFileField }) {
  const { t } = useI18n();
  const { value, labels, format, rows } = field;
  if (labels?.length) return <>{labels.join(t('file.listSep'))}</>;
  if (rows?.length)
    return (
      <ol className="file-rows">
        {rows.map((row, i) => (
          <li key={i} data-row={i}>
            {row.map((f, j) => (
              <span key={f.name || j} className="file-rows__cell" data-field={f.name || undefined}>
                {f.title && (
                  <span className="muted">{t('common.labelValue', { label: f.title, value: '' })}</span>
                )}
                <FieldValue field={f} />
              </span>
            ))}
          </li>
        ))}
      </ol>
    );
  if (value === undefined || value === null || value === '') return <span className="muted">—</span>;
  // photos and files: attachment ids, shown as thumbnails that open full size
  if (format === 'attachment' && Array.isArray(value))
    return <AttachmentFieldValue ids={value.filter((v): v is string => typeof v === 'string')} />;
  if (typeof value === 'boolean') return <>{value ? t('file.yes') : t('file.no')}</>;
  const one = (v: unknown) =>
    format === 'date-time' && typeof v === 'string'
      ? formatDateTime(v)
      : typeof v === 'object'
        ? JSON.stringify(v)
        : String(v);
  if (Array.isArray(value)) {
    if (value.length && value.every(isWebAddress))
      return (
        <ul className="file-links">
          {value.map((v, i) => (
            <li key={i}>
              <a href={v} target="_blank" rel="noopener noreferrer">
                {v}
              </a>
            </li>
          ))}
        </ul>
      );
    return <>{value.map(one).join(t('file.listSep'))}</>;
  }
  if (isWebAddress(value))
    return (
      <a href={value} target="_blank" rel="noopener noreferrer">
        {value}
      </a>
    );
  return <span className="file-text">{one(value)}</span>;
}

export function FieldValues({ fields }: { fields: CaseFileField[] }) {
  const { t } = useI18n();
  if (!fields.length) return <p className="muted">{t('file.noData')}</p>;
  return (
    <dl className="file-fields">
      {fields.map((f) => (
        <div key={f.name} className="file-fields__row" data-field={f.name}>
          <dt>{f.title}</dt>
          <dd>
            <FieldValue field={f} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
