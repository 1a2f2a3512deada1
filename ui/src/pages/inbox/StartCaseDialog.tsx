// 发起案件: choose a process and a grid unit, fill the process's start form (the only start variables the
// server accepts: time limits and other settings are configured on units, not set by whoever opens a case).
// The start form is the first step's form: the case opens with that step claimed by the starter and
// pre-filled from what was entered here (claimFirstTask), so the starter reviews and completes it.
// Photos chosen here wait on the page until the case exists, then are uploaded for that first step and
// their field (forms/PhotoField.tsx), where its form shows them.
import { useEffect, useMemo, useState } from 'react';
import { ApiError, api, describeError } from '../../api';
import { Dialog } from '../../components/Dialog';
import { Loading } from '../../components/States';
import { AttachmentTargetContext, type AttachmentTarget } from '../../forms/PhotoField';
import { SchemaForm } from '../../forms/SchemaForm';
import { initialRaw, mapServerErrors, validate, type FormErrors, type RawForm } from '../../forms/schema';
import { useI18n } from '../../i18n';
import { problemText } from '../../i18n/render';
import { putDraftPhotos } from '../../lib/draftPhotos';
import { isOffline, newDraftId, saveDraft } from '../../lib/drafts';
import { useRequest } from '../../lib/hooks';
import { levelLabel } from '../../lib/labels';
import { sessionStore } from '../../lib/session';
import { toast } from '../../lib/toasts';
import { withinRoots } from '../../lib/units';
import type { JsonSchema } from '../../types';

export function StartCaseDialog({
  onClose,
  onStarted,
  patrolId,
}: {
  onClose: () => void;
  /** a problem found on this patrol of the caller (巡查日志): the case is recorded on the patrol */
  patrolId?: string;
  /** `firstTaskId`: the first step, handed to the starter pre-filled (absent when it was not) */
  onStarted: (id: string, firstTaskId?: string) => void;
}) {
  const { t } = useI18n();
  const user = sessionStore.get()?.user;
  // retired processes take no new case (only admins are sent them, flagged)
  // a process opened only by a timer or a message is not offered (the server refuses it by hand)
  const defs = useRequest(
    async () => (await api.definitions()).filter((d) => !d.retired && d.manualStart !== false),
    [],
  );
  const units = useRequest(() => api.units(), []);
  const [key, setKey] = useState('');
  const [unit, setUnit] = useState('');
  const [businessKey, setBusinessKey] = useState('');
  const [schema, setSchema] = useState<JsonSchema | undefined>(undefined);
  const [raw, setRaw] = useState<RawForm>({});
  const [errors, setErrors] = useState<FormErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // photos and files chosen for the form's attachment fields, by field: uploaded once the case exists
  const [files, setFiles] = useState<Record<string, File[]>>({});
  const target = useMemo<AttachmentTarget>(
    () => ({ kind: 'pending', files, setFiles: (field, list) => setFiles((f) => ({ ...f, [field]: list })) }),
    [files],
  );
  // the device's id of this report: sent again (a lost answer, a draft sent later) it opens no second case
  const [draftId] = useState(newDraftId);

  const choices = useMemo(() => {
    if (!units.data) return [];
    const roots = user?.admin ? undefined : (user?.roles ?? []).map((r) => r.unit);
    // a disabled unit (and everything below it, disabled too) opens no case
    return withinRoots(
      units.data.filter((u) => !u.disabled),
      roots,
    );
  }, [units.data, user]);

  useEffect(() => {
    if (!key && defs.data?.length) setKey(defs.data[0].key);
  }, [defs.data, key]);
  useEffect(() => {
    if (!unit && choices.length) {
      const mine = choices.find((u) => user?.roles.some((r) => r.unit === u.code));
      setUnit((mine ?? choices[0]).code);
    }
  }, [choices, unit, user]);

  // the first user task's form, when the API can tell it (definition summary + form schema)
  useEffect(() => {
    setSchema(undefined);
    if (!key) return;
    let stale = false;
    void (async () => {
      try {
        const d = await api.definition(key);
        const formKey = d.summary?.startFormVersion ?? d.summary?.startFormKey;
        const s = formKey ? await api.formSchema(formKey) : undefined;
        if (stale || !s) return;
        const relaxed = { ...s, required: [] };
        setSchema(relaxed);
        setRaw(initialRaw(relaxed));
      } catch {
        // no start form: the case opens without variables (the definition error was already reported)
      }
    })();
    return () => {
      stale = true;
    };
  }, [key]);

  const submit = async () => {
    setFormError(null);
    const { data, errors: errs } = validate(schema, raw);
    const errs2: FormErrors = { ...errs };
    if (!key) errs2.definitionKey = t('form.required');
    if (!unit) errs2.gridUnit = t('form.required');
    setErrors(errs2);
    if (Object.keys(errs2).length) return;
    setBusy(true);
    const report = {
      definitionKey: key,
      gridUnit: unit,
      businessKey: businessKey.trim() || undefined,
      ...(patrolId ? { patrolId } : {}),
      // the start form's inputs only: read-only fields are not the starter's to set (the server refuses them)
      variables: Object.fromEntries(
        Object.entries(schema ? data : {}).filter(([k]) => schema?.properties?.[k]?.readOnly !== true),
      ),
    };
    try {
      const inst = await api.submitReport({
        draftId,
        ...report,
        // no double entry: the first step is this very form, handed to the starter pre-filled
        claimFirstTask: true,
      });
      const first = inst.firstTask;
      const instanceId = inst.id;
      const forStarter = first && first.assignee === user?.username ? first.id : undefined;
      // the request ids make a repeated upload (this report sent again) answer the first one
      for (const [field, list] of Object.entries(files))
        for (const [i, f] of list.entries()) {
          try {
            await api.uploadAttachment(instanceId, f, {
              taskId: forStarter,
              field,
              requestId: `${draftId}.${field}.${i}`,
            });
          } catch (err) {
            toast('error', t('att.uploadFailed', { name: f.name, reason: describeError(err) }));
          }
        }
      onStarted(instanceId, forStarter);
    } catch (err) {
      if (isOffline(err) && user) {
        // no network: the report stays on this device and goes out when the network is back
        // the photos as blobs beside the draft (lib/draftPhotos.ts), uploaded when it is sent
        const photos = Object.entries(files).flatMap(([field, list]) =>
          list.map((f) => ({ field, name: f.name, type: f.type, blob: f as Blob })),
        );
        let kept = 0;
        if (photos.length)
          try {
            await putDraftPhotos(draftId, photos);
            kept = photos.length;
          } catch {
            toast('info', t('draft.photosNotKept'));
          }
        saveDraft({ draftId, user: user.username, savedAt: Date.now(), body: report, photos: kept });
        toast('info', t('draft.saved'));
        onClose();
        return;
      }
      if (err instanceof ApiError && err.status === 400) {
        const top: FormErrors = {};
        const rest = err.details.filter((d) => {
          const m = /^\/(definitionKey|gridUnit|businessKey)$/.exec(d.path);
          if (m) top[m[1]] = problemText(d, '');
          return !m;
        });
        const vars = mapServerErrors(
          schema,
          rest.map((d) => ({ ...d, path: d.path.replace(/^\/variables/, '/data') })),
        );
        setErrors({ ...top, ...vars.fields });
        setFormError([describeError(err), ...vars.other].join(t('common.listSep')));
      } else setFormError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      wide
      title={t('start.title')}
      onClose={onClose}
      footer={
        <>
          <button className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button className="btn btn--primary" onClick={submit} disabled={busy || !defs.data}>
            {t('start.submit')}
          </button>
        </>
      }
    >
      {!defs.data || !units.data ? (
        defs.error || units.error ? (
          <div className="banner banner--error">{describeError(defs.error ?? units.error)}</div>
        ) : (
          <Loading />
        )
      ) : (
        <div className="form-grid">
          <div className={`field ${errors.definitionKey ? 'field--error' : ''}`}>
            <label className="field__label" htmlFor="start-process">
              {t('start.process')}
              <span className="field__req">*</span>
            </label>
            <select id="start-process" value={key} onChange={(e) => setKey(e.target.value)}>
              {defs.data.map((d) => (
                <option key={d.key} value={d.key}>
                  {d.name ?? d.key} (v{d.version})
                </option>
              ))}
            </select>
            {errors.definitionKey && <div className="field__error">{errors.definitionKey}</div>}
          </div>
          <div className={`field ${errors.gridUnit ? 'field--error' : ''}`}>
            <label className="field__label" htmlFor="start-unit">
              {t('start.unit')}
              <span className="field__req">*</span>
            </label>
            <select id="start-unit" value={unit} onChange={(e) => setUnit(e.target.value)}>
              {choices.map((u) => (
                <option key={u.code} value={u.code}>
                  {u.name}
                  {t('common.withLevel', { level: levelLabel(u.level) })}
                </option>
              ))}
            </select>
            {errors.gridUnit && <div className="field__error">{errors.gridUnit}</div>}
          </div>
          <div className={`field ${errors.businessKey ? 'field--error' : ''}`}>
            <label className="field__label" htmlFor="start-bk">
              {t('start.businessKey')}
            </label>
            <input
              id="start-bk"
              value={businessKey}
              placeholder={t('start.businessKeyHint')}
              onChange={(e) => setBusinessKey(e.target.value)}
            />
            {errors.businessKey && <div className="field__error">{errors.businessKey}</div>}
          </div>
          {schema && (
            <fieldset className="fieldset">
              <legend>{t('start.firstForm')}</legend>
              <p className="muted">{t('start.handoverHint')}</p>
              <AttachmentTargetContext.Provider value={target}>
                <SchemaForm
                  schema={schema}
                  value={raw}
                  idPrefix="start"
                  errors={errors}
                  onChange={(name, v) => setRaw((r) => ({ ...r, [name]: v }))}
                />
              </AttachmentTargetContext.Provider>
            </fieldset>
          )}
          {formError && (
            <div className="banner banner--error" role="alert">
              {formError}
            </div>
          )}
        </div>
      )}
    </Dialog>
  );
}
