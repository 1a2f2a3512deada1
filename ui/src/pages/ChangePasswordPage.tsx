// Shown instead of the application while the signed-in user must change a generated first password (the
// API refuses everything else with password-change-required until then).
import { api } from '../api';
import { LangToggle } from '../components/LangToggle';
import { usePasswordForm } from '../components/PasswordFields';
import { useI18n } from '../i18n';
import { signIn, signOut, type Session } from '../lib/session';

export function ChangePasswordPage({ session }: { session: Session }) {
  const { t } = useI18n();
  const form = usePasswordForm(async (current, next) => {
    // the answer carries a new token: the old one ended with the change
    const res = await api.changePassword(current, next);
    signIn({ token: res.token, user: { ...session.user, mustChangePassword: false } });
  });

  return (
    <div className="login">
      <form className="login__card" onSubmit={form.submit} noValidate>
        <div className="login__lang">
          <LangToggle />
        </div>
        <h1 className="login__title">{t('password.title')}</h1>
        <p className="login__subtitle">{t('password.hint')}</p>
        {form.fields}
        {form.error}
        <button className="btn btn--primary btn--block" type="submit" disabled={form.busy}>
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
