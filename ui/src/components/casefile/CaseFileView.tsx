// 案卷: the case file, read-only — the report, each completed step (who, when, what was submitted; a
// step opens on click), the comments (with a box to add one) and the supervision orders. Shown in the task panel and on the case page.
import { useEffect, useMemo, useRef } from 'react';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../lib/format';
import type { CaseFile, CaseFileStep } from '../../types';
import { BeforeAfter, CaseAttachmentList, CaseAttachmentsContext } from './CaseAttachments';
import { CaseComments } from './CaseComments';
import { FieldValues } from './FieldValues';

export function StepMeta({
  step,
  people = {},
}: {
  step: Pick<CaseFileStep, 'completedBy' | 'completedAt'>;
  /** login → display name (the case file's `people`) */
  people?: Record<string, string>;
}) {
  const { t } = useI18n();
  const by = step.completedBy;
  return (
    <span className="muted" title={by}>
      {t('file.doneBy', { user: (by && people[by]) ?? by ?? '—', at: formatDateTime(step.completedAt) })}
    </span>
  );
}

export function CaseFileView({
  file,
  open,
  onChanged,
}: {
  file: CaseFile;
  open?: string | null;
  /** something was added to the case (a comment): reload the file */
  onChanged?: () => void;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    ref.current?.querySelector(`[data-step="${CSS.escape(open)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [open]);
  const { report, steps, stepsTotal, orders } = file;
  const people = file.people ?? {};
  const who = (login: string) => people[login] ?? login;
  const attachments = useMemo(
    () => Object.fromEntries((file.attachments ?? []).map((a) => [a.id, a])),
    [file.attachments],
  );
  return (
    <CaseAttachmentsContext.Provider value={attachments}>
      <div className="case-file" data-testid="case-file" ref={ref}>
        <section className="case-file__part" data-part="report">
          <h4>
            {t('file.report')}
            {report?.formTitle && <span className="muted"> · {report.formTitle}</span>}
          </h4>
          {report ? (
            <>
              <div className="case-file__meta muted">
                {t('file.reportedBy', { user: who(report.by), at: formatDateTime(report.at) })}
              </div>
              <FieldValues fields={report.fields} />
            </>
          ) : (
            <p className="muted">{t('file.noReport')}</p>
          )}
        </section>
        <section className="case-file__part" data-part="steps">
          <h4>{t('file.steps')}</h4>
          {stepsTotal > steps.length && (
            <p className="muted">{t('file.stepsShown', { shown: steps.length, total: stepsTotal })}</p>
          )}
          {steps.length ? (
            <ol className="case-file__steps">
              {steps.map((s) => (
                <li key={s.taskId}>
                  <details className="file-step" data-step={s.taskId} open={open === s.taskId || undefined}>
                    <summary>
                      <span className="file-step__name">{s.name ?? s.nodeId}</span>
                      <StepMeta step={s} people={people} />
                    </summary>
                    <FieldValues fields={s.fields} />
                  </details>
                </li>
              ))}
            </ol>
          ) : (
            <p className="muted">{t('file.noSteps')}</p>
          )}
        </section>
        <BeforeAfter file={file} />
        {file.attachments && (
          <CaseAttachmentList
            instanceId={file.instanceId}
            items={file.attachments}
            people={people}
            open={file.status === 'active'}
            onAdded={() => onChanged?.()}
          />
        )}
        {file.comments && (
          <CaseComments
            instanceId={file.instanceId}
            comments={file.comments}
            total={file.commentsTotal ?? file.comments.length}
            onAdded={() => onChanged?.()}
          />
        )}
        {orders.length > 0 && (
          <section className="case-file__part" data-part="orders">
            <h4>{t('case.orders')}</h4>
            <ul className="case-file__orders">
              {orders.map((o) => (
                <li key={o.id}>
                  <span className="tag tag--supervised">{t(`order.${o.kind}`)}</span>{' '}
                  <span className="muted">
                    {t('file.doneBy', { user: who(o.createdBy), at: formatDateTime(o.createdAt) })}
                  </span>
                  <div className="file-text">{o.content}</div>
                  {o.reply && (
                    <div className="order__reply">
                      {t('order.replyText', { text: o.reply.content })}{' '}
                      <span className="muted">
                        {t('file.doneBy', { user: who(o.reply.by), at: formatDateTime(o.reply.at) })}
                      </span>
                    </div>
                  )}
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </CaseAttachmentsContext.Provider>
  );
}
