// Documents beyond the documented limits are refused before the parser can stack-overflow or take seconds;
// large documents compile in a worker thread with the same result; compiled graphs are cached durably.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { compileDefinition } from '../../engine/model/compile.js';
import { compileMaybeOffThread } from '../../engine/model/compile-off-thread.js';
import { MAX_SUBPROCESS_DEPTH, MAX_XML_BYTES, MAX_XML_DEPTH } from '../../engine/model/limits.js';
import { DefinitionRepository } from '../../engine/model/repository.js';
import { DeploymentError } from '../../engine/model/types.js';
import { openStore } from '../../engine/store/index.js';
import type { Store } from '../../engine/store/types.js';
import { bpmnXml, flow } from '../fixtures/bpmn.js';

const LEVELS = ['grid', 'zone', 'community', 'street', 'district'];

async function refusal(xml: string): Promise<DeploymentError> {
  try {
    await compileDefinition(xml, { levels: LEVELS });
  } catch (err) {
    expect(err).to.be.instanceOf(DeploymentError);
    return err as DeploymentError;
  }
  throw new Error('expected a DeploymentError');
}

/** start → n sub-processes nested in each other → end */
function nested(n: number): string {
  let inner = `<bpmn:startEvent id="s${n}"/>${flow(`f${n}`, `s${n}`, `e${n}`)}<bpmn:endEvent id="e${n}"/>`;
  for (let i = n - 1; i >= 0; i--)
    inner =
      `<bpmn:startEvent id="s${i}"/>${flow(`fa${i}`, `s${i}`, `sub${i}`)}` +
      `<bpmn:subProcess id="sub${i}">${inner}</bpmn:subProcess>` +
      `${flow(`fb${i}`, `sub${i}`, `e${i}`)}<bpmn:endEvent id="e${i}"/>`;
  return bpmnXml(inner);
}

/** start → n user tasks in a row → end */
function chain(n: number): string {
  let body = `<bpmn:startEvent id="s"/>${flow('f0', 's', 't1')}`;
  for (let i = 1; i <= n; i++)
    body +=
      `<bpmn:userTask id="t${i}" name="环节 ${i}" grid:level="grid" grid:sla="P1D"/>` +
      flow(`f${i}`, `t${i}`, i === n ? 'e' : `t${i + 1}`);
  return bpmnXml(`${body}<bpmn:endEvent id="e"/>`, { id: 'long' });
}

describe('model: document limits', function () {
  this.timeout(60000);

  for (const depth of [2000, 6000])
    it(`${depth} nested sub-processes: refused by the nesting limit, no stack overflow`, async () => {
      const started = Date.now();
      const err = await refusal(nested(depth));
      expect(err.details).to.have.length(1);
      expect(err.details[0]).to.include({ elementId: 'definitions', code: 'limit.xml-depth' });
      expect(err.details[0].params).to.deep.equal({ limit: MAX_XML_DEPTH });
      expect(Date.now() - started).to.be.below(5000); // a safety bound: it used to take 10–16 s
    });

  it(`more than ${MAX_SUBPROCESS_DEPTH} nested sub-processes: refused naming the sub-process`, async () => {
    const err = await refusal(nested(MAX_SUBPROCESS_DEPTH + 1));
    const d = err.details.find((x) => x.code === 'limit.subprocess-depth');
    expect(d?.elementId).to.equal(`sub${MAX_SUBPROCESS_DEPTH}`);
    await compileDefinition(nested(MAX_SUBPROCESS_DEPTH), { levels: LEVELS }); // the limit itself compiles
  });

  it('a document over the size limit is refused before parsing', async () => {
    const xml = bpmnXml(`<!-- ${'x'.repeat(MAX_XML_BYTES)} --><bpmn:startEvent id="s"/>`);
    const err = await refusal(xml);
    expect(err.details[0]).to.include({ code: 'limit.xml-bytes' });
  });

  it('comments, CDATA and quoted ">" do not confuse the nesting count', async () => {
    const xml = bpmnXml(
      `<!-- <a><b><c> --><bpmn:startEvent id="s" name="a &gt; b"/>${flow('f', 's', 'e')}` +
        `<bpmn:endEvent id="e"><bpmn:documentation><![CDATA[<x><y><z>]]></bpmn:documentation></bpmn:endEvent>`,
    );
    expect((await compileDefinition(xml, { levels: LEVELS })).startNode).to.equal('s');
  });

  it('a large document compiles in a worker thread with the same result as in-process', async () => {
    const xml = chain(600);
    expect(Buffer.byteLength(xml)).to.be.above(64 * 1024);
    const inline = await compileDefinition(xml, { levels: LEVELS });
    const off = await compileMaybeOffThread(xml, { levels: LEVELS }, true, 1024);
    expect(off.processes).to.deep.equal([inline]);
    expect(off.hash).to.match(/^[0-9a-f]{64}$/);
    // problems come back as a DeploymentError too
    let err: unknown;
    try {
      await compileMaybeOffThread(
        xml.replace('grid:sla="P1D"', 'grid:sla="P1X"'),
        { levels: LEVELS },
        false,
        1024,
      );
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(DeploymentError);
    expect((err as DeploymentError).details[0].elementId).to.equal('t1');
  });

  describe('compiled graphs are stored with the definition', () => {
    let dir: string;
    let store: Store;
    before(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'grid-compiled-'));
      store = await openStore({ dataDir: dir });
    });
    after(async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('a restart reads the stored graph; another grid level order recompiles it', async () => {
      const xml = chain(3);
      const d = await new DefinitionRepository(store, LEVELS).deploy(xml, 'admin', Date.now());
      const col = store.collection<{ _id: string; compiledJson?: string; compiledFor?: string }>(
        'definitions',
      );
      const doc = await col.findOne({ _id: `long@${d.version}` });
      const fresh = await compileDefinition(xml, { levels: LEVELS });
      expect(JSON.parse(doc!.compiledJson!)).to.deep.equal(JSON.parse(JSON.stringify(fresh)));

      // a marker only a stored graph can carry proves that the next process does not recompile
      const marked = { ...JSON.parse(doc!.compiledJson!), name: 'from the store' };
      await col.updateOne({ _id: doc!._id }, { $set: { compiledJson: JSON.stringify(marked) } });
      expect((await new DefinitionRepository(store, LEVELS).compiled('long', d.version)).name).to.equal(
        'from the store',
      );
      const other = ['grid', 'community', 'street', 'district'];
      const recompiled = await new DefinitionRepository(store, other).compiled('long', d.version);
      expect(recompiled.name).to.equal(undefined);
      expect(recompiled.levels).to.deep.equal(other);
      expect((await col.findOne({ _id: doc!._id }))!.compiledFor).to.match(/grid,community,street,district$/);
    });
  });
});
