// 修改密码 for everyone signed in (the forced first change is ChangePasswordPage): the answer carries a new
// token, since the change ends every other session of the user.
import { api } from '../../api';
import { usePasswordForm } from '../../components/PasswordFields';
import { useI18n } from '../../i18n';
import { connectEvents, disconnectEvents } from '../../lib/events';
import { signIn, type Session } from '../../lib/session';
import { toast } from '../../lib/toasts';

export function PasswordPage({ session }: { session: Session }) {
  const { t } = useI18n();
  const form = usePasswordForm(async (current, next) => {
    // the change ends every session, this one's live stream too: a stream ending before the answer arrives
    // would be taken for a lost session (App's handler asks /api/me with the old token). Closed here first,
    // it reopens with the new token (App's effect on the token), or with the old one if the change failed.
    disconnectEvents();
    try {
      const res = await api.changePassword(current, next);
      signIn({ token: res.token, user: session.user });
      toast('success', t('account.passwordChanged'));
    } catch (err) {
      connectEvents(session.token, () => void api.me().catch(() => undefined));
      throw err;
    }
  });

  return (
    <div className="page account">
      <form className="card account__card" onSubmit={form.submit} noValidate>
        <h1>{t('account.passwordTitle')}</h1>
        <p className="muted">{t('account.passwordHint')}</p>
        {form.fields}
        {form.error}
        <button className="btn btn--primary" type="submit" disabled={form.busy} data-testid="pw-submit">
          {t('password.submit')}
        </button>
      </form>
    </div>
  );
}
