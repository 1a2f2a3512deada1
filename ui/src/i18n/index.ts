// UI language: Simplified Chinese by default, English on demand; the choice persists in localStorage.
import { createStore, useStore } from '../lib/store';
import { readStorage, writeStorage } from '../lib/storage';
import { zh, type MessageKey } from './zh';
import { en } from './en';

export type Lang = 'zh' | 'en';
export type { MessageKey };

const LANG_KEY = 'grid.lang';
const dictionaries: Record<Lang, Record<MessageKey, string>> = { zh, en };

export const langStore = createStore<Lang>(readStorage(LANG_KEY) === 'en' ? 'en' : 'zh');

export function setLang(lang: Lang): void {
  writeStorage(LANG_KEY, lang);
  langStore.set(lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}

export type Params = Record<string, string | number | undefined>;

/** Translates with the current language; `{name}` placeholders are filled from params. */
export function t(key: MessageKey, params?: Params): string {
  const text = dictionaries[langStore.get()][key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (_, p: string) => String(params[p] ?? ''));
}

/** Looks up a key that may not exist (labels of server-side codes); falls back to the code itself. */
export function tOr(key: string, fallback: string, params?: Params): string {
  return key in zh ? t(key as MessageKey, params) : fallback;
}

/** Re-renders the component when the language changes; returns `t`. */
export function useI18n(): { t: typeof t; tOr: typeof tOr; lang: Lang } {
  const lang = useStore(langStore);
  return { t, tOr, lang };
}
