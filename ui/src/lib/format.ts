// Display formatting of times and durations in the current language.
import { langStore, t } from '../i18n';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** 2天3小时 / 2d 3h — the two largest units, minutes at least. */
export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  const d = Math.floor(abs / DAY);
  const h = Math.floor((abs % DAY) / HOUR);
  const m = Math.floor((abs % HOUR) / MIN);
  const s = Math.floor((abs % MIN) / 1000);
  const parts: string[] = [];
  if (d) parts.push(t('dur.d', { n: d }));
  if (h) parts.push(t('dur.h', { n: h }));
  if (!d && m) parts.push(t('dur.m', { n: m }));
  if (!d && !h && (s || !m)) parts.push(t('dur.s', { n: s }));
  return parts.slice(0, 2).join(langStore.get() === 'zh' ? '' : ' ');
}

export function formatDateTime(ms: number | string | undefined): string {
  if (ms === undefined || ms === null || ms === '') return '—';
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return String(ms);
  return d.toLocaleString(langStore.get() === 'zh' ? 'zh-CN' : 'en-GB', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
}

export function formatPercent(x: number | null | undefined): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  const v = x <= 1 ? x * 100 : x;
  return `${v.toFixed(1)}%`;
}
