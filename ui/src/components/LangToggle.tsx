// 中文 / English switch (persisted).
import { setLang, useI18n } from '../i18n';

export function LangToggle() {
  const { lang } = useI18n();
  return (
    <button
      className="btn btn--ghost lang-toggle"
      onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
      title={lang === 'zh' ? 'Switch to English' : '切换到中文'}
    >
      {lang === 'zh' ? 'EN' : '中文'}
    </button>
  );
}
