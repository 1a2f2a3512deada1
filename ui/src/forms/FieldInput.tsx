// One input for one schema field, chosen by its kind.
import { useI18n } from '../i18n';
import type { JsonSchema } from '../types';
import { PhotoField } from './PhotoField';
import { fieldKind, optionsOf, type RawValue } from './schema';

export interface FieldInputProps {
  id: string;
  name: string;
  schema: JsonSchema;
  value: RawValue | undefined;
  onChange: (v: RawValue) => void;
  invalid: boolean;
  disabled?: boolean;
}

export function FieldInput({ id, name, schema, value, onChange, invalid, disabled }: FieldInputProps) {
  const { t } = useI18n();
  const kind = fieldKind(schema);
  const common = { id, name, disabled, 'aria-invalid': invalid || undefined };
  const text = typeof value === 'string' ? value : '';
  const strings = Array.isArray(value) ? value.filter((x): x is string => typeof x === 'string') : [];
  switch (kind) {
    case 'boolean':
      return (
        <input
          {...common}
          type="checkbox"
          checked={value === true}
          onChange={(e) => onChange(e.target.checked)}
        />
      );
    case 'enum': {
      const opts = optionsOf(schema)!;
      if (opts.length <= 4)
        return (
          <div className="radios" role="radiogroup" aria-labelledby={`${id}-label`}>
            {opts.map((o, i) => (
              <label key={i} className="radio">
                <input
                  type="radio"
                  name={id}
                  disabled={disabled}
                  checked={text === String(i)}
                  onChange={() => onChange(String(i))}
                />
                {o.label}
              </label>
            ))}
          </div>
        );
      return (
        <select {...common} value={text} onChange={(e) => onChange(e.target.value)}>
          <option value="">{t('form.choose')}</option>
          {opts.map((o, i) => (
            <option key={i} value={String(i)}>
              {o.label}
            </option>
          ))}
        </select>
      );
    }
    case 'multi-enum': {
      const opts = optionsOf(schema.items!)!;
      const list = strings;
      return (
        <div className="checks">
          {opts.map((o, i) => (
            <label key={i} className="radio">
              <input
                type="checkbox"
                disabled={disabled}
                checked={list.includes(String(i))}
                onChange={(e) =>
                  onChange(e.target.checked ? [...list, String(i)] : list.filter((x) => x !== String(i)))
                }
              />
              {o.label}
            </label>
          ))}
        </div>
      );
    }
    case 'string-list':
      return <StringList {...common} value={strings} onChange={onChange} />;
    case 'attachments':
      return (
        <PhotoField
          id={id}
          name={name}
          schema={schema}
          value={strings}
          onChange={onChange}
          disabled={disabled}
        />
      );
    case 'number':
    case 'integer':
      return (
        <input
          {...common}
          type="text"
          inputMode={kind === 'integer' ? 'numeric' : 'decimal'}
          value={text}
          onChange={(e) => onChange(e.target.value)}
        />
      );
    case 'date-time':
      return (
        <input {...common} type="datetime-local" value={text} onChange={(e) => onChange(e.target.value)} />
      );
    case 'date':
      return <input {...common} type="date" value={text} onChange={(e) => onChange(e.target.value)} />;
    case 'textarea':
    case 'unsupported':
      return <textarea {...common} rows={3} value={text} onChange={(e) => onChange(e.target.value)} />;
    default:
      return <input {...common} type="text" value={text} onChange={(e) => onChange(e.target.value)} />;
  }
}

function StringList(props: {
  id: string;
  name: string;
  value: string[];
  onChange: (v: string[]) => void;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  const { value, onChange } = props;
  const rows = value.length ? value : [''];
  return (
    <div className="string-list">
      {rows.map((v, i) => (
        <div key={i} className="string-list__row">
          <input
            id={i === 0 ? props.id : undefined}
            name={`${props.name}.${i}`}
            disabled={props.disabled}
            value={v}
            onChange={(e) => onChange(rows.map((x, j) => (j === i ? e.target.value : x)))}
          />
          <button
            type="button"
            className="icon-btn"
            disabled={props.disabled}
            onClick={() => onChange(rows.filter((_, j) => j !== i))}
            aria-label={t('common.remove')}
          >
            −
          </button>
        </div>
      ))}
      <button
        type="button"
        className="btn btn--small"
        disabled={props.disabled}
        onClick={() => onChange([...rows, ''])}
      >
        + {t('common.add')}
      </button>
    </div>
  );
}
