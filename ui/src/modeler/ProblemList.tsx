// The validation problems below the canvas; clicking one selects its element.
import { useI18n } from '../i18n';
import { problemText } from '../i18n/render';
import type { FieldError } from '../types';
import { focusElement } from './markers';

export function ProblemList({
  modeler,
  problems,
  onClose,
}: {
  modeler: any;
  problems: FieldError[];
  onClose: () => void;
}) {
  const { t } = useI18n();
  const registry = modeler.get('elementRegistry');
  return (
    <section
      className={`problems ${problems.length ? 'problems--bad' : 'problems--ok'}`}
      data-testid="problems"
    >
      <header className="problems__head">
        <strong>
          {problems.length ? t('modeler.problems', { n: problems.length }) : t('modeler.valid')}
        </strong>
        <button className="icon-btn" onClick={onClose} aria-label={t('common.close')}>
          ×
        </button>
      </header>
      {!!problems.length && (
        <ul>
          {problems.map((p, i) => {
            const el = registry.get(p.path);
            const name = el?.businessObject?.name;
            return (
              <li key={i}>
                <button
                  className="problems__item"
                  onClick={() => focusElement(modeler, p.path)}
                  disabled={!el}
                >
                  <code>{p.path}</code>
                  {name && <span className="muted"> {name}</span>}
                  <span> — {problemText(p)}</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
