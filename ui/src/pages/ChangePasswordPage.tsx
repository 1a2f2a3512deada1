// Shown instead of the application while the signed-in user must change a generated first password (the
// API refuses everything else with password-change-required until then).
import { useState, type FormEvent } from 'react';
import { api, describeError } from '../api';
import { LangToggle } from '../components/LangToggle';
import { useI18n } from '../i18n';
import { signIn, signOut, type Session } from '../lib/session';

export function ChangePasswordPage({ session }: { session: Session }) {
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
      // the answer carries a new token: the old one ended with the change
      const res = await api.changePassword(current, next);
      signIn({ token: res.token, user: { ...session.user, mustChangePassword: false } });
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };

  const field = (label: string, value: string, set: (v: string) => void, auto: string) => (
    <label className="field">
      <span className="field__label">{label}</span>
      <input type="password" autoComplete={auto} value={value} onChange={(e) => set(e.target.value)} />
    </label>
  );

  return (
    <div className="login">
      <form className="login__card" onSubmit={submit} noValidate>
        <div className="login__lang">
          <LangToggle />
        </div>
        <h1 className="login__title">{t('password.title')}</h1>
        <p className="login__subtitle">{t('password.hint')}</p>
        {field(t('password.current'), current, setCurrent, 'current-password')}
        {field(t('password.new'), next, setNext, 'new-password')}
        {field(t('password.confirm'), again, setAgain, 'new-password')}
        {error && (
          <div className="banner banner--error" role="alert">
            {error}
          </div>
        )}
        <button className="btn btn--primary btn--block" type="submit" disabled={busy}>
          {t('password.submit')}
        </button>
        <button
          className="btn btn--ghost btn--block"
          type="button"
          onClick={() =>
            void api.logout().then(
              () => signOut(),
              () => signOut(),
            )
          }
        >
          {t('auth.logout')}
        </button>
      </form>
    </div>
  );
}
