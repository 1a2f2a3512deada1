// The photos and files of a case in its file: each form field of photos as thumbnails that open full size
// (FieldValue), the 处置前/处置后 photos side by side — the fields marked `x-stage: before` (the report's
// 现场照片) against those marked `after` (the photos of the rectification and the recheck) — and every
// attachment of the case, with who uploaded it and when.
import { createContext, useContext, useRef, useState } from 'react';
import { api, describeError } from '../../api';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import type { Attachment, CaseFile, CaseFileField } from '../../types';
import { AttachmentThumbs, type AttachmentRef } from '../attachments/AttachmentThumbs';

/** The case's attachments by id (names, kinds, thumbnails), for the fields that hold their ids. */
export const CaseAttachmentsContext = createContext<Record<string, Attachment>>({});

export function AttachmentFieldValue({ ids }: { ids: string[] }) {
  const known = useContext(CaseAttachmentsContext);
  const items: AttachmentRef[] = ids.map((id) => known[id] ?? { id });
  return <AttachmentThumbs items={items} />;
}

const idsOf = (f: CaseFileField) =>
  Array.isArray(f.value) ? f.value.filter((v): v is string => typeof v === 'string') : [];

/** Before/after photos of the case, in pairs: the first before beside the first after, and so on. */
export function BeforeAfter({ file }: { file: CaseFile }) {
  const { t } = useI18n();
  const known = useContext(CaseAttachmentsContext);
  const sections = [file.report, ...file.steps].filter((s): s is NonNullable<typeof s> => !!s);
  const fields = sections.flatMap((s) => s.fields).filter((f) => f.format === 'attachment');
  // the report is also the first completed step: each photo once
  const before = [...new Set(fields.filter((f) => f.stage === 'before').flatMap(idsOf))];
  const after = [...new Set(fields.filter((f) => f.stage === 'after').flatMap(idsOf))].filter(
    (id) => !before.includes(id),
  );
  if (!before.length || !after.length) return null;
  const rows = Math.max(before.length, after.length);
  const cell = (id: string | undefined) =>
    id ? <AttachmentThumbs items={[known[id] ?? { id }]} /> : <span className="muted">—</span>;
  return (
    <section className="case-file__part" data-part="before-after">
      <h4>{t('att.compare')}</h4>
      <div className="before-after" role="table">
        <div className="before-after__row before-after__head" role="row">
          <span role="columnheader">{t('att.before')}</span>
          <span role="columnheader">{t('att.after')}</span>
        </div>
        {Array.from({ length: rows }, (_, i) => (
          <div key={i} className="before-after__row" role="row" data-pair={i}>
            <span role="cell" data-stage="before">
              {cell(before[i])}
            </span>
            <span role="cell" data-stage="after">
              {cell(after[i])}
            </span>
          </div>
        ))}
      </div>
    </section>
  );
}

/**
 * Every attachment of the case: thumbnails, with the uploader and time under each; while the case is open,
 * a button adds photos or files to the case itself (not to a step).
 */
export function CaseAttachmentList({
  instanceId,
  items,
  people,
  open,
  onAdded,
}: {
  instanceId: string;
  items: Attachment[];
  people: Record<string, string>;
  open: boolean;
  onAdded?: () => void;
}) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const add = async (files: File[]) => {
    setError(null);
    for (const f of files) {
      setBusy(f.name);
      try {
        await api.uploadAttachment(instanceId, f);
      } catch (err) {
        setError(t('att.uploadFailed', { name: f.name, reason: describeError(err) }));
      }
    }
    setBusy(null);
    onAdded?.();
  };
  return (
    <section className="case-file__part" data-part="attachments">
      <h4>{t('att.title')}</h4>
      {items.length ? (
        <ul className="att-list">
          {items.map((a) => (
            <li key={a.id} data-attachment-row={a.id}>
              <AttachmentThumbs items={[a]} />
              <span className="att-list__meta">
                <span className="att-list__name">{a.name}</span>
                <span className="muted">
                  {t('att.by', { user: people[a.uploader] ?? a.uploader, at: formatDateTime(a.createdAt) })}
                </span>
                {a.takenAt !== undefined && (
                  <span className="muted">{t('att.takenAt', { at: formatDateTime(a.takenAt) })}</span>
                )}
              </span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('att.none')}</p>
      )}
      {open && (
        <div className="att-add">
          <input
            ref={input}
            type="file"
            className="photo-field__input"
            data-testid="case-attachment-input"
            accept="image/*,application/pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx"
            multiple
            onChange={(e) => {
              const files = [...(e.target.files ?? [])];
              e.target.value = '';
              void add(files);
            }}
          />
          <button
            type="button"
            className="btn btn--small"
            disabled={!!busy}
            onClick={() => input.current?.click()}
          >
            {busy ? t('att.uploading', { name: busy }) : `+ ${t('att.addToCase')}`}
          </button>
          {error && (
            <div className="field__error" role="alert">
              {error}
            </div>
          )}
        </div>
      )}
    </section>
  );
}
