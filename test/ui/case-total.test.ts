// The case list's total in words (ui/src/pages/caselist/query.ts), in both languages: exact, or "more than"
// when the server counted up to its cap (GET /api/instances `totalCapped`), and the pager's page count then.
import { expect } from 'chai';
import { langStore } from '../../ui/src/i18n/index.js';
import { pageCountText, totalText } from '../../ui/src/pages/caselist/query.js';

describe('UI: the case list total, exact or capped (zh and en)', () => {
  afterEach(() => langStore.set('zh'));

  it('says the exact total, and "more than" past the cap', () => {
    langStore.set('zh');
    expect(totalText(37, undefined)).to.equal('共 37 件');
    expect(totalText(1000, false)).to.equal('共 1,000 件');
    expect(totalText(1000, true)).to.equal('超过 1,000 件（请缩小范围）');
    langStore.set('en');
    expect(totalText(1000, true)).to.equal('More than 1,000 cases (narrow the filters)');
    expect(totalText(1000, undefined)).not.to.match(/More than/);
  });

  it('counts pages exactly, or open-ended past the cap', () => {
    expect(pageCountText(50, 1, undefined)).to.equal('50');
    expect(pageCountText(50, 1, true)).to.equal('50+');
    // paged past the last counted page: that page and more
    expect(pageCountText(50, 52, true)).to.equal('52+');
  });
});
