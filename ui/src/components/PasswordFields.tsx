// The three fields of a password change (current, new, again) with their checks, shared by the forced first
// change (pages/ChangePasswordPage) and 修改密码 (pages/account/PasswordPage), which differ in their frame and
// in what they do with the answer.
import { useState, type FormEvent, type ReactNode } from 'react';
import { describeError } from '../api';
import { useI18n } from '../i18n';

export interface PasswordForm {
  fields: ReactNode;
  error: ReactNode;
  busy: boolean;
  submit(e: FormEvent): void;
}

/** `change` gets the current and the new password; a throw shows its message under the fields. */
export function usePasswordForm(change: (current: string, next: string) => Promise<void>): PasswordForm {
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (next.length < 8) return setError(t('password.tooShort'));
    if (next !== again) return setError(t('password.mismatch'));
    setBusy(true);
    try {
      await change(current, next);
      setCurrent('');
      setNext('');
      setAgain('');
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  const field = (label: string, value: string, set: (v: string) => void, auto: string, id: string) => (
    <label className="field">
      <span className="field__label">{label}</span>
      <input
        type="password"
        data-testid={id}
        autoComplete={auto}
        value={value}
        onChange={(e) => set(e.target.value)}
      />
    </label>
  );

  return {
    fields: (
      <>
        {field(t('password.current'), current, setCurrent, 'current-password', 'pw-current')}
        {field(t('password.new'), next, setNext, 'new-password', 'pw-new')}
        {field(t('password.confirm'), again, setAgain, 'new-password', 'pw-again')}
      </>
    ),
    error: error && (
      <div className="banner banner--error" role="alert">
        {error}
      </div>
    ),
    busy,
    submit: (e) => void submit(e),
  };
}
