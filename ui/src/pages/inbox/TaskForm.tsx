// The task's form: client-side validation first, then the server's 400 details mapped onto the fields.
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ApiError, api, describeError } from '../../api';
import { AttachmentTargetContext, type AttachmentTarget } from '../../forms/PhotoField';
import { SchemaForm } from '../../forms/SchemaForm';
import {
  fieldKind,
  initialRaw,
  mapServerErrors,
  validate,
  type FormErrors,
  type RawForm,
} from '../../forms/schema';
import { useI18n } from '../../i18n';
import type { Attachment, JsonSchema } from '../../types';

/**
 * The values a task's form opens with: the case variables for its fields (the report filled in when the
 * case was opened, what earlier steps set) — not for read-only fields, which keep their schema default, nor
 * for photo fields.
 */
export function prefill(
  schema: JsonSchema | undefined,
  variables: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(schema?.properties ?? {}))
    // photo fields belong to their step (the photos after the rectification are not the report's): they
    // open with what was uploaded for this step, not with the case variable an earlier step set
    if (!s.readOnly && fieldKind(s) !== 'attachments' && variables && Object.hasOwn(variables, name))
      out[name] = variables[name];
  return out;
}

export function TaskForm({
  taskId,
  instanceId,
  schema,
  variables,
  disabled,
  onCompleted,
}: {
  taskId: string;
  /** the case: photos and files of the form are uploaded to it */
  instanceId?: string;
  schema: JsonSchema | undefined;
  /** the case variables: initial values of the form's fields */
  variables?: Record<string, unknown>;
  disabled: boolean;
  onCompleted: () => void;
}) {
  const { t } = useI18n();
  const [raw, setRaw] = useState<RawForm>(() => initialRaw(schema, prefill(schema, variables)));
  const prefilled = Object.keys(prefill(schema, variables)).length > 0;
  const [errors, setErrors] = useState<FormErrors>({});
  const [formError, setFormError] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [uploaded, setUploaded] = useState<Attachment[]>([]);

  // Photo fields with no value yet open with what was uploaded for this step and field before: the photos
  // taken in the report dialog (uploaded once the case existed), or in an earlier visit to this form.
  useEffect(() => {
    const fields = Object.entries(schema?.properties ?? {}).filter(([, s]) => fieldKind(s) === 'attachments');
    if (!instanceId || !fields.length) return;
    let stale = false;
    api.attachments(instanceId).then(
      ({ items }) => {
        if (stale) return;
        const mine = items.filter((a) => a.taskId === taskId);
        setUploaded(mine);
        setRaw((r) => {
          const next = { ...r };
          for (const [name] of fields) {
            const cur = next[name];
            if (Array.isArray(cur) && cur.length) continue;
            const ids = mine.filter((a) => a.field === name).map((a) => a.id);
            if (ids.length) next[name] = ids;
          }
          return next;
        });
      },
      () => undefined,
    );
    return () => {
      stale = true;
    };
  }, [instanceId, taskId, schema]);
  const target = useMemo<AttachmentTarget | null>(
    () => (instanceId ? { kind: 'case', instanceId, taskId, known: uploaded } : null),
    [instanceId, taskId, uploaded],
  );

  const focusFirst = (errs: FormErrors) => {
    const first = Object.keys(errs)[0];
    if (first) document.getElementById(`task-${first}`)?.focus();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { data, errors: clientErrors } = validate(schema, raw);
    setErrors(clientErrors);
    setFormError([]);
    if (Object.keys(clientErrors).length) {
      focusFirst(clientErrors);
      return;
    }
    setBusy(true);
    try {
      await api.complete(taskId, data);
      onCompleted();
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        const mapped = mapServerErrors(schema, err.details);
        setErrors(mapped.fields);
        setFormError(
          mapped.other.length || !Object.keys(mapped.fields).length
            ? [describeError(err), ...mapped.other]
            : [],
        );
        focusFirst(mapped.fields);
      } else setFormError([describeError(err)]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="task-form" onSubmit={submit} noValidate data-testid="task-form">
      {prefilled && !disabled && <p className="muted">{t('task.prefilled')}</p>}
      {schema ? (
        <AttachmentTargetContext.Provider value={target}>
          <SchemaForm
            schema={schema}
            value={raw}
            idPrefix="task"
            disabled={disabled || busy}
            errors={errors}
            onChange={(name, v) => {
              setRaw((r) => ({ ...r, [name]: v }));
              setErrors(({ [name]: _, ...rest }) => rest);
            }}
          />
        </AttachmentTargetContext.Provider>
      ) : (
        <p className="muted">{t('form.noSchema')}</p>
      )}
      {!!formError.length && (
        <div className="banner banner--error" role="alert">
          {formError.map((m, i) => (
            <div key={i}>{m}</div>
          ))}
        </div>
      )}
      <div className="actions">
        <button className="btn btn--primary" type="submit" disabled={disabled || busy}>
          {busy ? t('task.submitting') : t('task.complete')}
        </button>
      </div>
    </form>
  );
}
