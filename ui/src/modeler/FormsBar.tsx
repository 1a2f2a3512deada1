// The forms of the open diagram (every grid:formKey in it, and the forms edited in this session): which
// ones are new or changed (they are deployed with the diagram), the server's refusals per form (codes
// rendered here), and the way into the form editor.
import { useI18n } from '../i18n';
import type { FieldError } from '../types';

export interface FormsBarProps {
  /** form keys the diagram refers to */
  keys: string[];
  /** forms edited in this session: key → new (not yet on the server) */
  edited: Record<string, { isNew: boolean }>;
  errors: Record<string, FieldError[]>;
  onEdit: (key: string) => void;
}

export function FormsBar({ keys, edited, errors, onEdit }: FormsBarProps) {
  const { t, tOr } = useI18n();
  const all = [...new Set([...keys, ...Object.keys(edited), ...Object.keys(errors)])].sort();
  return (
    <div className="modeler__forms" data-testid="forms-bar">
      <span className="modeler__forms-label">{t('formEditor.forms')}</span>
      {!all.length && <span className="muted">{t('formEditor.noForms')}</span>}
      {all.map((key) => (
        <span
          key={key}
          className={`modeler__form ${errors[key]?.length ? 'modeler__form--error' : ''}`}
          data-testid={`form-chip-${key}`}
        >
          <button type="button" className="btn btn--small" onClick={() => onEdit(key)}>
            {key} ✎
          </button>
          {edited[key] && (
            <span className="tag tag--warned" title={t('formEditor.edited')}>
              {edited[key].isNew ? t('formEditor.new.tag') : t('formEditor.edited')}
            </span>
          )}
          {(errors[key] ?? []).map((e, i) => (
            <span key={i} className="field__error" role="alert" data-testid={`form-error-${key}`}>
              {tOr(
                `formEditor.code.${e.code ?? ''}`,
                t('formEditor.code.other'),
                e.params as Record<string, string | number> | undefined,
              )}
            </span>
          ))}
        </span>
      ))}
    </div>
  );
}
