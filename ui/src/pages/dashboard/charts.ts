// ECharts options of the dashboard, built from the assessment (pure functions).
import { t } from '../../i18n';
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
const ORDER = ['grid', 'zone', 'community', 'street', 'district', 'supervised'];

const labelOf = (lvl: string) => (lvl === 'supervised' ? slaLabel('supervised') : levelLabel(lvl));

/** Escalations per day, stacked by the level they climbed to. */
export function escalationSeriesOption(s: Stats): ChartOption {
  const levels = ORDER.filter((l) => s.series.some((d) => d.byLevel[l]) || s.escalations.byLevel[l]);
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

/** Per child unit: on-time rate (bars) and overdue now (line). */
export function childrenOption(s: Stats): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 44, right: 44, top: 36, bottom: 60 },
    xAxis: {
      type: 'category',
      data: s.children.map((c) => c.name),
      axisLabel: { interval: 0, rotate: s.children.length > 5 ? 30 : 0 },
    },
    yAxis: [
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      { type: 'value', minInterval: 1 },
    ],
    series: [
      {
        name: t('dash.onTimeRate'),
        type: 'bar',
        itemStyle: { color: '#52c41a' },
        data: s.children.map((c) => (c.onTimeRate === null ? 0 : Math.round(c.onTimeRate * 1000) / 10)),
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
