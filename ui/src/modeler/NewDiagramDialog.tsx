// "新建": asks for the process name (Chinese) and its key, derived from the name and editable, checked as the
// server checks process ids (engine/model/validate.ts PROCESS_KEY).
import { useState, type FormEvent } from 'react';
import { Dialog } from '../components/Dialog';
import { useI18n } from '../i18n';
import { deriveKey, isProcessKey } from './newDiagram';

export function NewDiagramDialog({
  takenKeys,
  onCreate,
  onClose,
}: {
  takenKeys: string[];
  onCreate: (name: string, key: string) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [key, setKey] = useState(() => deriveKey(''));
  /** the key follows the name until the admin edits it */
  const [keyEdited, setKeyEdited] = useState(false);
  const [tried, setTried] = useState(false);
  const nameError = !name.trim() ? t('modeler.newNameRequired') : null;
  const keyError = !isProcessKey(key) ? t('modeler.newKeyBad') : null;
  const taken = takenKeys.includes(key);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (nameError || keyError) return;
    onCreate(name.trim(), key);
  };

  return (
    <Dialog
      title={t('modeler.newTitle')}
      onClose={onClose}
      footer={
        <>
          <button className="btn" type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button className="btn btn--primary" type="submit" form="new-diagram" data-testid="new-create">
            {t('modeler.create')}
          </button>
        </>
      }
    >
      <form id="new-diagram" onSubmit={submit} noValidate>
        <label className={`field ${tried && nameError ? 'field--error' : ''}`}>
          <span className="field__label">{t('modeler.newName')}</span>
          <input
            data-testid="new-name"
            value={name}
            autoFocus
            maxLength={100}
            onChange={(e) => {
              setName(e.target.value);
              if (!keyEdited) setKey(deriveKey(e.target.value));
            }}
          />
          {tried && nameError && <span className="field__error">{nameError}</span>}
        </label>
        <label className={`field ${keyError ? 'field--error' : ''}`}>
          <span className="field__label">{t('modeler.newKey')}</span>
          <input
            data-testid="new-key"
            value={key}
            maxLength={64}
            onChange={(e) => {
              setKey(e.target.value.trim());
              setKeyEdited(true);
            }}
          />
          {keyError ? (
            <span className="field__error">{keyError}</span>
          ) : taken ? (
            <span className="field__hint text-bad">{t('modeler.newKeyTaken')}</span>
          ) : (
            <span className="field__hint">{t('modeler.newKeyHint')}</span>
          )}
        </label>
      </form>
    </Dialog>
  );
}
