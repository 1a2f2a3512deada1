// ECharts options of the dashboard, built from the assessment (pure functions). Per-child charts get the
// chart's width so that the unit names on the x axis stay readable (as they are, wrapped or rotated).
import { t } from '../../i18n';
import { gridLevels } from '../../lib/catalogue';
import { levelLabel } from '../../lib/labels';
import { slaLabel } from '../../lib/labels';
import type { Stats } from '../../types';
import type { ChartOption } from './EChart';

export const LEVEL_COLOURS: Record<string, string> = {
  zone: '#91caff',
  community: '#4096ff',
  street: '#9254de',
  district: '#c41d7f',
  supervised: '#7a0b0b',
};

const labelOf = (lvl: string) => (lvl === 'supervised' ? slaLabel('supervised') : levelLabel(lvl));

/** Escalations per day, stacked by the level they climbed to. */
export function escalationSeriesOption(s: Stats): ChartOption {
  const levels = [...gridLevels(), 'supervised'].filter(
    (l) => s.series.some((d) => d.byLevel[l]) || s.escalations.byLevel[l],
  );
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: s.series.map((d) => d.date.slice(5)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: (levels.length ? levels : ['community']).map((l) => ({
      name: labelOf(l),
      type: 'bar',
      stack: 'esc',
      itemStyle: { color: LEVEL_COLOURS[l] },
      data: s.series.map((d) => d.byLevel[l] ?? 0),
    })),
  };
}

/** Approximate width in px of a label at the axis font (12 px): CJK characters are about twice as wide. */
export function labelWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/.test(ch) ? 12 : 7;
  return w;
}

/** Horizontal room the axes, their labels and the margins take from a per-child chart. */
const AXES_PX = 110;

/**
 * Category labels for `names` on a chart `width` px wide: straight when the widest fits its slot,
 * wrapped onto two lines when that is enough (few categories), otherwise rotated (and long ones cut).
 */
export function categoryAxisLabel(names: string[], width: number) {
  const slot = (Math.max(width, 200) - AXES_PX) / Math.max(1, names.length) - 8;
  const widest = Math.max(0, ...names.map(labelWidth));
  if (widest <= slot) return { interval: 0, rotate: 0 };
  if (widest <= 2 * slot && names.length <= 6)
    return { interval: 0, rotate: 0, width: Math.floor(slot), overflow: 'break' as const, lineHeight: 14 };
  return {
    interval: 0,
    rotate: names.length > 8 ? 45 : 30,
    width: 140,
    overflow: 'truncate' as const,
  };
}

/** Labels may take the room they need below the plot; the grid shrinks instead of clipping them. */
const CHILD_GRID = {
  left: 8,
  right: 8,
  top: 36,
  bottom: 4,
  outerBoundsMode: 'same' as const,
  outerBoundsContain: 'axisLabel' as const,
};

const percent = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);
const hours = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

/** Per child unit: on-time rate (bars; a gap where nothing was due, like the table's "—") and overdue now. */
export function childrenOption(s: Stats, width: number): ChartOption {
  const names = s.children.map((c) => c.name);
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: CHILD_GRID,
    xAxis: { type: 'category', data: names, axisLabel: categoryAxisLabel(names, width) },
    yAxis: [
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      { type: 'value', minInterval: 1 },
    ],
    series: [
      {
        name: t('dash.onTimeRate'),
        type: 'bar',
        itemStyle: { color: '#52c41a' },
        tooltip: { valueFormatter: (v) => (typeof v === 'number' ? `${v}%` : '—') },
        data: s.children.map((c) => percent(c.onTimeRate)),
      },
      {
        name: t('dash.overdueNow'),
        type: 'line',
        yAxisIndex: 1,
        itemStyle: { color: '#cf1322' },
        data: s.children.map((c) => c.overdueNow),
      },
    ],
  };
}

/** Per child unit: average working hours per task and per closed case (a gap where nothing was closed). */
export function handlingTimeOption(s: Stats, width: number): ChartOption {
  const names = s.children.map((c) => c.name);
  const fmt = (v: unknown) => (typeof v === 'number' ? t('dash.hours', { n: v.toFixed(1) }) : '—');
  return {
    tooltip: { trigger: 'axis', valueFormatter: fmt },
    legend: { top: 0 },
    grid: CHILD_GRID,
    xAxis: { type: 'category', data: names, axisLabel: categoryAxisLabel(names, width) },
    yAxis: { type: 'value', name: t('dash.hoursAxis'), nameGap: 10, min: 0 },
    series: [
      {
        name: t('dash.avgTaskShort'),
        type: 'bar',
        itemStyle: { color: '#1677ff' },
        data: s.children.map((c) => hours(c.avgTaskHandlingHours)),
      },
      {
        name: t('dash.avgCase'),
        type: 'bar',
        itemStyle: { color: '#faad14' },
        data: s.children.map((c) => hours(c.avgCaseHandlingHours)),
      },
    ],
  };
}
