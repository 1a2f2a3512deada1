// Renders every field of an object schema with its title, required mark, description and inline error.
// Arrays of objects (当事人, departments, measures) are repeatable groups of the same fields with add and
// remove; an address field (`location`, or `x-widget: location`) offers the phone's position.
import { useI18n } from '../i18n';
import type { JsonSchema } from '../types';
import { FieldInput } from './FieldInput';
import { LocationButton } from './LocationButton';
import {
  emptyRow,
  fieldKind,
  fieldsOf,
  rowErrors,
  type FormErrors,
  type RawForm,
  type RawValue,
} from './schema';

export interface SchemaFormProps {
  schema: JsonSchema;
  value: RawForm;
  onChange: (name: string, v: RawValue) => void;
  errors: FormErrors;
  disabled?: boolean;
  idPrefix?: string;
}

const isLocation = (name: string, s: JsonSchema) =>
  s['x-widget'] === 'location' || (name === 'location' && fieldKind(s) === 'string');

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
        const kind = fieldKind(s);
        const inline = kind === 'boolean';
        const off = disabled || s.readOnly;
        return (
          <div
            key={name}
            className={`field ${err ? 'field--error' : ''} ${inline ? 'field--inline' : ''}`}
            data-field={name}
          >
            <label
              className="field__label"
              id={`${id}-label`}
              htmlFor={kind === 'object-list' ? undefined : id}
            >
              {s.title ?? name}
              {required.has(name) && (
                <span className="field__req" aria-label={t('form.requiredMark')}>
                  *
                </span>
              )}
            </label>
            {kind === 'object-list' ? (
              <ObjectList
                id={id}
                name={name}
                schema={s}
                rows={Array.isArray(value[name]) ? (value[name] as RawForm[]) : []}
                onChange={(rows) => onChange(name, rows)}
                errors={errors}
                disabled={off}
              />
            ) : (
              <FieldInput
                id={id}
                name={name}
                schema={s}
                value={value[name]}
                onChange={(v) => onChange(name, v)}
                invalid={!!err}
                disabled={off}
              />
            )}
            {isLocation(name, s) && !off && (
              <LocationButton
                current={typeof value[name] === 'string' ? value[name] : ''}
                onLocated={(text) => onChange(name, text)}
              />
            )}
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

/** A repeatable group: one fieldset of the item's fields per row, with remove, and add below. */
function ObjectList({
  id,
  name,
  schema,
  rows,
  onChange,
  errors,
  disabled,
}: {
  id: string;
  name: string;
  schema: JsonSchema;
  rows: RawForm[];
  onChange: (rows: RawForm[]) => void;
  errors: FormErrors;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  const item = schema.items ?? {};
  const label = item.title ?? schema.title ?? name;
  const full = schema.maxItems !== undefined && rows.length >= schema.maxItems;
  return (
    <div className="group-list" role="group" aria-labelledby={`${id}-label`} data-group={name}>
      {rows.map((row, i) => (
        <fieldset key={i} className="fieldset group-list__row" data-row={i}>
          <legend>
            {label} {i + 1}
          </legend>
          <SchemaForm
            schema={item}
            value={row}
            onChange={(k, v) => onChange(rows.map((r, j) => (j === i ? { ...r, [k]: v } : r)))}
            errors={rowErrors(errors, name, i)}
            disabled={disabled}
            idPrefix={`${id}-${i}`}
          />
          <button
            type="button"
            className="btn btn--small group-list__remove"
            disabled={disabled}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
          >
            − {t('form.removeRow', { label })}
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        className="btn btn--small group-list__add"
        data-testid={`add-${name}`}
        disabled={disabled || full}
        onClick={() => onChange([...rows, emptyRow(schema)])}
      >
        + {t('form.addRow', { label })}
      </button>
    </div>
  );
}
