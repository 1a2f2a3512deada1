// The scheme that ships (version 1 of `default`), after the seeds (shared/DOMAIN.md, Assessment): a
// 100-point scheme for community staff — on-time handling ≥ 95 % worth 10 points with −0.5 per 5 % below,
// weekly 交办函 and meetings 10 points each, −5 per unreported major matter (uncapped) — the grid worker
// reward of +50 for ≥ 20 valid reports a month, and the grades 优秀 ≥ 95, 良好 85–94, 合格 65–84,
// 不合格 < 65. Places differ: an admin saves a new version (engine/scoring/schemes.ts).
import type { SchemeBody } from './scheme.js';

export const DEFAULT_SCHEME_ID = 'default';

export const DEFAULT_GRADES: SchemeBody['grades'] = [
  { grade: 'excellent', label: '优秀', min: 95 },
  { grade: 'good', label: '良好', min: 85 },
  { grade: 'pass', label: '合格', min: 65 },
  { grade: 'fail', label: '不合格', min: 0 },
];

export const DEFAULT_SCHEME: SchemeBody = {
  name: '网格化管理考核（默认）',
  validFrom: '2000-01-01',
  // the routine work every row is credited with; the items below make up the rest of the 100
  base: 50,
  items: [
    {
      kind: 'target',
      id: 'onTime',
      label: '限时办结率 ≥ 95%',
      figure: 'taskOnTimeRate',
      target: 0.95,
      points: 10,
      step: 0.05,
      stepPoints: 0.5,
    },
    {
      kind: 'target',
      id: 'rework',
      label: '返工率 ≤ 5%',
      figure: 'reworkRate',
      direction: 'atMost',
      target: 0.05,
      points: 10,
      step: 0.05,
      stepPoints: 2,
    },
    {
      kind: 'target',
      id: 'returns',
      label: '退单率 ≤ 10%',
      figure: 'returnRate',
      direction: 'atMost',
      target: 0.1,
      points: 10,
      step: 0.05,
      stepPoints: 2,
    },
    { kind: 'manual', id: 'letters', label: '交办函（每周）', min: 0, max: 10 },
    { kind: 'manual', id: 'meetings', label: '例会', min: 0, max: 10 },
    { kind: 'perEvent', id: 'unreported', label: '重大事项未报告（每例）', points: -5 },
    {
      kind: 'perEvent',
      id: 'supervised',
      label: '挂牌督办（每件）',
      figure: 'supervised',
      points: -2,
      min: -10,
    },
    {
      kind: 'threshold',
      id: 'reports',
      label: '有效信息 ≥ 20 条/月',
      figure: 'validReports',
      atLeast: 20,
      points: 50,
    },
  ],
  grades: DEFAULT_GRADES,
  min: 0,
};
