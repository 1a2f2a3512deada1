// Every code the server can answer with (engine/error-codes.ts: error and detail codes; the codes the
// BPMN model's validators put on deploy problems) and every notification type it stores
// (engine/notifications/messages.ts) has a Chinese and an English text in the UI (ui/src/i18n/codes.ts), and
// the UI has no text for a code the server no longer sends. Pure: tables and sources, no server.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'chai';
import { DETAIL_CODES, ERROR_CODES } from '../../engine/error-codes.js';
import { NOTIFICATION_TYPES } from '../../engine/notifications/messages.js';
import * as tables from '../../ui/src/i18n/codes.js';

// looked up by any string here: the point is to find what is missing (the UI's types also enforce it)
const codesZh: Record<string, string> = tables.codesZh;
const codesEn: Record<string, string> = tables.codesEn;
const notificationsZh: Record<string, string> = tables.notificationsZh;
const notificationsEn: Record<string, string> = tables.notificationsEn;

const CJK = /[\u4e00-\u9fff]/;
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await sources(p)));
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

describe('machine-readable messages: every server code has zh and en text in the UI', () => {
  const serverCodes = [...new Set([...Object.keys(ERROR_CODES), ...Object.keys(DETAIL_CODES)])];

  it('error and detail codes', () => {
    const missing = serverCodes.filter((c) => !codesZh[c] || !codesEn[c]);
    expect(missing, 'codes without zh or en text').to.deep.equal([]);
    for (const c of serverCodes) {
      if (c !== 'deploy.problem') expect(codesZh[c], c).to.match(CJK);
      expect(codesEn[c], c).to.not.match(CJK);
    }
    const stale = Object.keys({ ...codesZh, ...codesEn }).filter((c) => !serverCodes.includes(c));
    expect(stale, 'UI texts for codes the server does not list').to.deep.equal([]);
  });

  it('zh and en of a code name the same params', () => {
    for (const c of serverCodes) expect(placeholders(codesEn[c]), c).to.deep.equal(placeholders(codesZh[c]));
  });

  it('notification types (titles and sentence bodies)', () => {
    const types = Object.keys(NOTIFICATION_TYPES);
    expect(types.filter((t) => !notificationsZh[t] || !notificationsEn[t])).to.deep.equal([]);
    for (const t of Object.keys(notificationsZh)) {
      expect(types, t).to.include(t.replace(/\.body$/, ''));
      expect(notificationsEn[t], t).to.be.a('string').and.not.match(CJK);
      expect(placeholders(notificationsEn[t]), t).to.deep.equal(placeholders(notificationsZh[t]));
    }
  });

  it('the codes the BPMN model, its elements and the DMN engine put on problems are listed (and so worded by the UI)', async () => {
    const found = new Set<string>();
    const dirs = ['engine/model', 'engine/elements', 'engine/dmn'];
    for (const file of (await Promise.all(dirs.map(sources))).flat()) {
      const text = await readFile(file, 'utf8');
      for (const m of text.matchAll(/\bcode: '([a-z][\w.-]*)'/g)) found.add(m[1]);
      for (const m of text.matchAll(/'((?:dmn|xml)\.[a-z][\w-]*)'/g)) found.add(m[1]);
      // the element registry's coded(ctx, id, '<code>', …)
      for (const m of text.matchAll(/\bcoded\(\s*\w+,\s*[\w.]+,\s*'([a-z][\w.-]*)'/g)) found.add(m[1]);
      // the reference codes are a table of their own
      for (const m of text.matchAll(/^\s+\w+: '([a-z][\w.-]*-[\w.-]*)',$/gm))
        if (file.endsWith('validate-references.ts')) found.add(m[1]);
    }
    expect(found.size).to.be.greaterThan(5);
    // dmn.not-found is answered as decision.not-found
    found.delete('dmn.not-found');
    expect([...found].filter((c) => !(c in DETAIL_CODES) && !(c in ERROR_CODES))).to.deep.equal([]);
  });
});
