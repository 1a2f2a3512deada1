// The purity of execution semantics is a lint rule (eslint.config.js), not a comment: code in
// engine/runtime that reads the clock, draws random numbers or does I/O fails `npm run lint`.
import { expect } from 'chai';
import { ESLint } from 'eslint';

describe('lint: execution semantics stay pure', function () {
  this.timeout(60000);
  const eslint = new ESLint();
  const problems = async (code: string, filePath: string) =>
    (await eslint.lintText(code, { filePath }))[0].messages.map((m) => m.ruleId);

  it('refuses the clock, randomness, timers and I/O in engine/runtime', async () => {
    const code = [
      "import { readFileSync } from 'node:fs';",
      "import { Redis } from 'ioredis';",
      "import { openStore } from '../store/index.js';",
      'export const a = Date.now() + Math.random() + new Date().getTime();',
      'export const b = () => setTimeout(() => readFileSync(process.cwd()), 1);',
      'export const c = [Redis, openStore];',
      '',
    ].join('\n');
    const found = await problems(code, 'engine/runtime/example.ts');
    expect(found.filter((r) => r === 'no-restricted-imports')).to.have.length(3);
    expect(found.filter((r) => r === 'no-restricted-properties')).to.have.length(2);
    expect(found).to.include.members(['no-restricted-syntax', 'no-restricted-globals']);
  });

  it('refuses the same in the element modules (engine/elements), and BPMN parsing, logging, setImmediate', async () => {
    const code = [
      "import { BpmnModdle } from 'bpmn-moddle';",
      "import { parseBpmn } from '../model/parse.js';",
      "import { log } from '../logger.js';",
      "import { systemClock } from '../clock.js';",
      'export const a = [BpmnModdle, parseBpmn, log, systemClock, Date.now()];',
      'export const b = () => setImmediate(() => undefined);',
      '',
    ].join('\n');
    const found = await problems(code, 'engine/elements/example.ts');
    expect(found.filter((r) => r === 'no-restricted-imports')).to.have.length(4);
    expect(found.filter((r) => r === 'no-restricted-properties')).to.have.length(1);
    expect(found.filter((r) => r === 'no-restricted-globals')).to.have.length(1);
  });

  it('allows the same code at the edges (engine/queue)', async () => {
    const found = await problems(
      "import { readFileSync } from 'node:fs';\nexport const a = Date.now() + readFileSync('x').length;\n",
      'engine/queue/example.ts',
    );
    expect(found).to.deep.equal([]);
  });
});
