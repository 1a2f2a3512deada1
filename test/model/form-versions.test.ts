// The current form of a key across restarts (engine/model/form-versions.ts): an admin's deployed form
// survives a restart with the same bundled file, a changed bundled file (a new release) replaces it.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { FormRegistry } from '../../engine/model/forms.js';
import { formVersionId, FormVersions, pinForms } from '../../engine/model/form-versions.js';
import type { CompiledProcess } from '../../engine/model/types.js';
import type { Store } from '../../engine/store/types.js';
import { openTestStore } from '../helpers/store.js';

const form = (field: string) => ({ type: 'object', properties: { [field]: { type: 'string' } } });

describe('model: form versions (current form per key, pins)', () => {
  let dir: string;
  let store: Store;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'grid-formversions-'));
    store = await openTestStore(dir);
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** A process start as Engine.open does it: the bundled files registered, then the stored versions. */
  async function start(file: object): Promise<{ registry: FormRegistry; versions: FormVersions }> {
    const registry = new FormRegistry();
    registry.register('report', file);
    const versions = new FormVersions(store, registry);
    await versions.load(['report'], 1000);
    return { registry, versions };
  }

  it("keeps an admin's form over the same bundled file, and a changed file over the admin's", async () => {
    const a = await start(form('fromFile'));
    expect(a.registry.schema('report')).to.deep.equal(form('fromFile'));
    await a.versions.pin(['report'], { report: form('fromAdmin') }, 'admin', 2000);
    expect(a.registry.schema('report')).to.deep.equal(form('fromAdmin'));

    const restarted = await start(form('fromFile'));
    expect(restarted.registry.schema('report')).to.deep.equal(form('fromAdmin'));

    const release = await start(form('fromNewRelease'));
    expect(release.registry.schema('report')).to.deep.equal(form('fromNewRelease'));
    expect((await release.versions.history('report')).map((v) => v.id)).to.have.members(
      ['fromFile', 'fromAdmin', 'fromNewRelease'].map((f) => formVersionId('report', form(f))),
    );
  });

  it('names a schema by its content, whatever the key order, and pins start and task forms', () => {
    expect(formVersionId('k', { type: 'object', title: 'x' })).to.equal(
      formVersionId('k', { title: 'x', type: 'object' }),
    );
    const p = {
      key: 'p',
      startNode: 's',
      nodes: {
        s: { id: 's', kind: 'startEvent', formKey: 'a', incoming: [], outgoing: [], boundaries: [] },
        t: {
          id: 't',
          kind: 'userTask',
          incoming: [],
          outgoing: [],
          boundaries: [],
          grid: { formKey: 'b', candidateRoles: [], ladder: [] },
        },
      },
      flows: {},
      inclusiveUpstream: {},
    } as unknown as CompiledProcess;
    const pinned = pinForms(p, { a: 'a@1', b: 'b@2' });
    expect(pinned.nodes.s.formKey).to.equal('a@1');
    expect(pinned.nodes.t.grid!.formKey).to.equal('b@2');
    expect(p.nodes.t.grid!.formKey).to.equal('b');
  });
});
