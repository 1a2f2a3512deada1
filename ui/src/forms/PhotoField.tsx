// A form field of photos or files (`items.format: "attachment"`; `x-widget: photos` takes pictures, `files`
// any accepted file): its value is the list of attachment ids, shown as thumbnails that open full size.
//
// Where the files go depends on the form (AttachmentTarget): a step's form uploads each file to its case at
// once, for that step and field (POST /api/instances/:id/attachments), and holds the ids answered. The report
// dialog has no case yet: it keeps the chosen files on the page and uploads them right after the case is
// created, for the first step (StartCaseDialog) — simpler than a staging area on the server, and nothing is
// stored for a report that is never sent.
import { createContext, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { api, describeError } from '../api';
import { AttachmentThumbs, type AttachmentRef } from '../components/attachments/AttachmentThumbs';
import { useI18n } from '../i18n';
import type { Attachment, JsonSchema } from '../types';

export type AttachmentTarget =
  | {
      kind: 'case';
      instanceId: string;
      taskId?: string;
      /** attachments already known (e.g. uploaded for this step before): their names and kinds */
      known?: Attachment[];
    }
  | {
      kind: 'pending';
      files: Record<string, File[]>;
      setFiles: (field: string, files: File[]) => void;
    };

export const AttachmentTargetContext = createContext<AttachmentTarget | null>(null);

const FILE_TYPES = 'image/*,application/pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx';

export function PhotoField({
  id,
  name,
  schema,
  value,
  onChange,
  disabled,
}: {
  id: string;
  name: string;
  schema: JsonSchema;
  value: string[];
  onChange: (ids: string[]) => void;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  const target = useContext(AttachmentTargetContext);
  const photos = schema['x-widget'] !== 'files';
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [known, setKnown] = useState<Record<string, Attachment>>({});
  // the latest value, for uploads that finish one after another
  const current = useRef(value);
  current.current = value;

  useEffect(() => {
    if (target?.kind === 'case' && target.known)
      setKnown((k) => ({ ...Object.fromEntries(target.known!.map((a) => [a.id, a])), ...k }));
  }, [target]);

  const pending = target?.kind === 'pending' ? (target.files[name] ?? []) : [];
  const previews = useMemo(() => pending.map((f) => URL.createObjectURL(f)), [pending]);
  useEffect(() => () => previews.forEach((u) => URL.revokeObjectURL(u)), [previews]);

  const choose = async (files: File[]) => {
    setError(null);
    if (!files.length || !target) return;
    if (target.kind === 'pending') {
      target.setFiles(name, [...pending, ...files]);
      return;
    }
    for (const f of files) {
      setBusy(f.name);
      try {
        const a = await api.uploadAttachment(target.instanceId, f, { taskId: target.taskId, field: name });
        setKnown((k) => ({ ...k, [a.id]: a }));
        current.current = [...current.current, a.id];
        onChange(current.current);
      } catch (err) {
        setError(t('att.uploadFailed', { name: f.name, reason: describeError(err) }));
      }
    }
    setBusy(null);
  };

  const items: AttachmentRef[] = value.map((v) => known[v] ?? { id: v });
  const full = schema.maxItems !== undefined && value.length + pending.length >= schema.maxItems;
  return (
    <div className="photo-field" data-photo-field={name}>
      {items.length > 0 && (
        <AttachmentThumbs
          items={items}
          onRemove={disabled ? undefined : (x) => onChange(value.filter((v) => v !== x))}
        />
      )}
      {pending.length > 0 && (
        <div className="att-thumbs">
          {pending.map((f, i) => (
            <span key={i} className="att-thumb" data-pending={f.name}>
              <span className="att-thumb__open">
                {f.type.startsWith('image/') ? (
                  <img src={previews[i]} alt={f.name} />
                ) : (
                  <span className="att-thumb__file">
                    <span className="att-thumb__name">{f.name}</span>
                  </span>
                )}
              </span>
              <button
                type="button"
                className="att-thumb__remove icon-btn"
                aria-label={t('att.remove', { name: f.name })}
                onClick={() =>
                  target?.kind === 'pending' &&
                  target.setFiles(
                    name,
                    pending.filter((_, j) => j !== i),
                  )
                }
              >
                ×
              </button>
            </span>
          ))}
          <p className="muted">{t('att.pending', { n: pending.length })}</p>
        </div>
      )}
      <input
        ref={input}
        id={id}
        name={name}
        type="file"
        className="photo-field__input"
        accept={photos ? 'image/*' : FILE_TYPES}
        // a phone opens its camera straight away (desktop browsers ignore it)
        {...(photos ? { capture: 'environment' } : {})}
        multiple
        disabled={disabled || !!busy || full || !target}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          void choose(files);
        }}
      />
      <button
        type="button"
        className="btn photo-field__add"
        disabled={disabled || !!busy || full || !target}
        onClick={() => input.current?.click()}
      >
        {busy ? t('att.uploading', { name: busy }) : photos ? t('att.add') : t('att.addFile')}
      </button>
      {error && (
        <div className="field__error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
