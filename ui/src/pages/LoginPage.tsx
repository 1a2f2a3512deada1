// Sign-in form; shows why the previous session ended (expired token) once.
import { useState, type FormEvent } from 'react';
import { api, describeError, ApiError } from '../api';
import { LangToggle } from '../components/LangToggle';
import { useI18n } from '../i18n';
import { logoutReason, signIn } from '../lib/session';
import { useStore } from '../lib/store';

export function LoginPage() {
  const { t } = useI18n();
  const reason = useStore(logoutReason);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!username.trim() || !password) {
      setError(t('auth.required'));
      return;
    }
    setBusy(true);
    try {
      const res = await api.login(username.trim(), password);
      signIn({ token: res.token, user: res.user });
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? t('auth.invalid') : describeError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login">
      <form className="login__card" onSubmit={submit} noValidate>
        <div className="login__lang">
          <LangToggle />
        </div>
        <h1 className="login__title">
          <span className="brand__mark" aria-hidden>
            ▦
          </span>
          {t('app.title')}
        </h1>
        <p className="login__subtitle">{t('auth.subtitle')}</p>
        {reason && (
          <div className="banner banner--warning" role="status">
            {reason}
          </div>
        )}
        <label className="field">
          <span className="field__label">{t('auth.username')}</span>
          <input
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoFocus
          />
        </label>
        <label className="field">
          <span className="field__label">{t('auth.password')}</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <div className="banner banner--error" role="alert">
            {error}
          </div>
        )}
        <button className="btn btn--primary btn--block" type="submit" disabled={busy}>
          {busy ? t('auth.signingIn') : t('auth.login')}
        </button>
      </form>
    </div>
  );
}
