// The scoring scheme editor (admins): the latest version as JSON, saved as a new version; the server
// validates it and its messages name the fields (a form editor per item is not built yet).
import { useEffect, useState } from 'react';
import { ApiError, describeError } from '../../api';
import { useI18n } from '../../i18n';
import { problemText } from '../../i18n/render';
import { useRequest } from '../../lib/hooks';
import { assessmentApi } from './api';
import { SchemeForm } from './SchemeForm';

export function SchemeEditor() {
  const { t } = useI18n();
  const versions = useRequest(() => assessmentApi.schemes(), []);
  const latest = versions.data?.versions[0];
  const [text, setText] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [saved, setSaved] = useState<number | null>(null);
  const [asForm, setAsForm] = useState(true);
  useEffect(() => {
    if (!latest) return;
    const { _id: _i, schemeId: _s, version: _v, savedBy: _b, savedAt: _a, ...body } = latest;
    setText(JSON.stringify(body, null, 2));
  }, [latest]);
  const save = async () => {
    setProblems([]);
    setSaved(null);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      setProblems([t('assess.badJson', { detail: (err as Error).message })]);
      return;
    }
    try {
      const v = await assessmentApi.saveScheme(body, latest?.version ?? 0);
      setSaved(v.version);
      versions.reload();
    } catch (err) {
      if (err instanceof ApiError)
        // each problem from its code in the UI language (scheme.* and field codes), naming the field
        setProblems(
          err.details.length ? err.details.map((d) => `${d.path}: ${problemText(d)}`) : [describeError(err)],
        );
      else throw err;
    }
  };
  return (
    <section className="card assess-scheme">
      <h2>{t('assess.schemeEditor')}</h2>
      {latest && (
        <p className="muted">{t('assess.schemeVersion', { version: latest.version, by: latest.savedBy })}</p>
      )}
      <div className="tabs" role="tablist">
        <button
          type="button"
          role="tab"
          aria-selected={asForm}
          className={`tabs__tab ${asForm ? 'tabs__tab--on' : ''}`}
          onClick={() => setAsForm(true)}
        >
          {t('assess.asForm')}
        </button>
        <button
          type="button"
          role="tab"
          aria-selected={!asForm}
          className={`tabs__tab ${asForm ? '' : 'tabs__tab--on'}`}
          onClick={() => setAsForm(false)}
        >
          JSON
        </button>
      </div>
      {asForm ? (
        <SchemeForm text={text} onChange={setText} />
      ) : (
        <textarea
          aria-label={t('assess.schemeEditor')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={16}
          spellCheck={false}
        />
      )}
      {problems.length > 0 && (
        <ul className="field__error" role="alert">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {saved !== null && <p role="status">{t('assess.schemeSaved', { version: saved })}</p>}
      <button type="button" className="btn btn--primary" onClick={() => void save()}>
        {t('assess.saveScheme')}
      </button>
    </section>
  );
}
