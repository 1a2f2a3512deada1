// 修改密码 for everyone signed in (the forced first change is ChangePasswordPage): the answer carries a new
// token, since the change ends every other session of the user.
import { useState, type FormEvent } from 'react';
import { api, describeError } from '../../api';
import { useI18n } from '../../i18n';
import { connectEvents, disconnectEvents } from '../../lib/events';
import { signIn, type Session } from '../../lib/session';
import { toast } from '../../lib/toasts';

export function PasswordPage({ session }: { session: Session }) {
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
    // the change ends every session, this one's live stream too: a stream ending before the answer arrives
    // would be taken for a lost session (App's handler asks /api/me with the old token). Closed here first,
    // it reopens with the new token (App's effect on the token), or with the old one if the change failed.
    disconnectEvents();
    try {
      const res = await api.changePassword(current, next);
      signIn({ token: res.token, user: session.user });
      setCurrent('');
      setNext('');
      setAgain('');
      toast('success', t('account.passwordChanged'));
    } catch (err) {
      connectEvents(session.token, () => void api.me().catch(() => undefined));
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

  return (
    <div className="page account">
      <form className="card account__card" onSubmit={submit} noValidate>
        <h1>{t('account.passwordTitle')}</h1>
        <p className="muted">{t('account.passwordHint')}</p>
        {field(t('password.current'), current, setCurrent, 'current-password', 'pw-current')}
        {field(t('password.new'), next, setNext, 'new-password', 'pw-new')}
        {field(t('password.confirm'), again, setAgain, 'new-password', 'pw-again')}
        {error && (
          <div className="banner banner--error" role="alert">
            {error}
          </div>
        )}
        <button className="btn btn--primary" type="submit" disabled={busy} data-testid="pw-submit">
          {t('password.submit')}
        </button>
      </form>
    </div>
  );
}
