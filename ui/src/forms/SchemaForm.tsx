// Renders every field of an object schema with its title, required mark, description and inline error.
import { useI18n } from '../i18n';
import type { JsonSchema } from '../types';
import { FieldInput } from './FieldInput';
import { fieldKind, fieldsOf, type FormErrors, type RawForm, type RawValue } from './schema';

export interface SchemaFormProps {
  schema: JsonSchema;
  value: RawForm;
  onChange: (name: string, v: RawValue) => void;
  errors: FormErrors;
  disabled?: boolean;
  idPrefix?: string;
}

export function SchemaForm({ schema, value, onChange, errors, disabled, idPrefix = 'f' }: SchemaFormProps) {
  const { t } = useI18n();
  const required = new Set(schema.required ?? []);
  const fields = fieldsOf(schema);
  if (!fields.length) return <p className="muted">{t('form.noFields')}</p>;
  return (
    <div className="schema-form">
      {fields.map(([name, s]) => {
        const id = `${idPrefix}-${name}`;
        const err = errors[name];
        const inline = fieldKind(s) === 'boolean';
        return (
          <div
            key={name}
            className={`field ${err ? 'field--error' : ''} ${inline ? 'field--inline' : ''}`}
            data-field={name}
          >
            <label className="field__label" id={`${id}-label`} htmlFor={id}>
              {s.title ?? name}
              {required.has(name) && (
                <span className="field__req" aria-label={t('form.requiredMark')}>
                  *
                </span>
              )}
            </label>
            <FieldInput
              id={id}
              name={name}
              schema={s}
              value={value[name]}
              onChange={(v) => onChange(name, v)}
              invalid={!!err}
              disabled={disabled || s.readOnly}
            />
            {s.description && <div className="field__hint">{s.description}</div>}
            {err && (
              <div className="field__error" role="alert" data-error-for={name}>
                {err}
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}
