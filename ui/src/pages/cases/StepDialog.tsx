// What a completed step submitted, opened by clicking the step on the case page (from the case file).
import { Dialog } from '../../components/Dialog';
import { FieldValues } from '../../components/casefile/FieldValues';
import { StepMeta } from '../../components/casefile/CaseFileView';
import { useI18n } from '../../i18n';
import type { CaseFileStep } from '../../types';

export function StepDialog({
  name,
  step,
  people,
  onClose,
}: {
  name: string;
  step: CaseFileStep | undefined;
  /** login → display name */
  people?: Record<string, string>;
  onClose: () => void;
}) {
  const { t } = useI18n();
  return (
    <Dialog title={t('file.stepSubmitted', { name })} onClose={onClose}>
      <div data-testid="step-data">
        {step ? (
          <>
            <p>
              <StepMeta step={step} people={people} />
              {step.formTitle && <span className="muted"> · {step.formTitle}</span>}
            </p>
            <FieldValues fields={step.fields} />
          </>
        ) : (
          <p className="muted">{t('file.stepMissing')}</p>
        )}
      </div>
    </Dialog>
  );
}
