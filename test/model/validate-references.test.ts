// Deploy-time checks of a definition's references (engine/model/validate-references.ts): candidate roles
// from the role catalogue, formKeys from the form registry, no expressions in grid:candidateRoles.
import { expect } from 'chai';
import { compileDefinition } from '../../engine/model/compile.js';
import type { ReferenceCatalogue } from '../../engine/model/validate-references.js';
import { around, errorsOf, ladder, userTask } from './helpers.js';

const catalogue: ReferenceCatalogue = {
  roles: new Set(['handler', 'supervisor', 'fire']),
  forms: new Set(['fire-check']),
};
const task = (attrs: string, inner = '') =>
  around(userTask('x', `grid:level="grid" ${attrs}`, inner), '', { id: 'refs' });

describe('model: references to roles and forms are checked on deploy', () => {
  it('refuses an unknown candidate role with the code unknown-role naming the element and the role', async () => {
    const details = await errorsOf(task('grid:candidateRoles="handler, lampfixer_nonexistent"'), {
      catalogue,
    });
    expect(details).to.deep.include({
      elementId: 'x',
      code: 'unknown-role',
      params: { elementId: 'x', role: 'lampfixer_nonexistent' },
      message:
        'unknown candidate role "lampfixer_nonexistent" (not in the role catalogue: fire, handler, supervisor)',
    });
    expect(details.filter((d) => d.code === 'unknown-role')).to.have.length(1); // handler is known
  });

  it('checks the roles of escalation rungs too', async () => {
    const inner = ladder([['community', 'P1D']]).replace(
      '<grid:step level="community" sla="P1D"/>',
      '<grid:step level="community" sla="P1D" candidateRoles="nobody"/>',
    );
    const details = await errorsOf(task('grid:sla="P1D"', inner), { catalogue });
    expect(details).to.have.length(1);
    expect(details[0]).to.include({ elementId: 'x', code: 'unknown-role' });
    expect(details[0].params).to.deep.equal({ elementId: 'x', role: 'nobody', step: '1' });
    expect(details[0].message).to.match(/^escalation step 1: unknown candidate role "nobody"/);
  });

  it('refuses an unknown formKey with the code unknown-form', async () => {
    const details = await errorsOf(task('grid:formKey="lamp-report"'), { catalogue });
    expect(details).to.deep.equal([
      {
        elementId: 'x',
        code: 'unknown-form',
        params: { elementId: 'x', formKey: 'lamp-report' },
        message: 'unknown form "lamp-report" (grid:formKey): no form schema with this key',
      },
    ]);
  });

  it('refuses an expression in grid:candidateRoles (it would be taken as a role named "=...")', async () => {
    const details = await errorsOf(
      task('grid:candidateRoles="=if urgent then &quot;fire&quot; else &quot;handler&quot;"'),
      {
        catalogue: {},
      },
    );
    expect(details).to.have.length(1);
    expect(details[0]).to.include({ elementId: 'x', code: 'candidate-roles-expression' });
    expect(details[0].message).to.match(/grid:candidateRoles "=if urgent.*" is an expression/);
  });

  it('accepts known roles and forms, and checks nothing without a catalogue (recompiling stored versions)', async () => {
    const ok = task('grid:candidateRoles="fire, handler" grid:formKey="fire-check"');
    expect((await compileDefinition(ok, { catalogue })).nodes.x.grid!.candidateRoles).to.deep.equal([
      'fire',
      'handler',
    ]);
    const unknown = task('grid:candidateRoles="=roles" grid:formKey="lamp-report"');
    expect((await compileDefinition(unknown)).key).to.equal('refs');
    // a store without a role catalogue checks forms but not role names
    const noRoles = await errorsOf(task('grid:candidateRoles="anyone" grid:formKey="lamp-report"'), {
      catalogue: { forms: catalogue.forms },
    });
    expect(noRoles.map((d) => d.code)).to.deep.equal(['unknown-form']);
  });
});
