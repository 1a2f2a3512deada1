// bpmn:sendTask: a notice through the notification channels, then on (pure semantics, no Redis).
import { expect } from 'chai';
import { flow, userTask } from '../engine/fixtures.js';
import { compile, table } from './pure.js';

const send = (attrs: string, name = '通知物业公司') =>
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'n')}
   <bpmn:sendTask id="n" name="${name}" ${attrs}/>
   ${flow('f1', 'n', 'u')}${userTask('u')}${flow('f2', 'u', 'e')}<bpmn:endEvent id="e"/>`;

describe('element sendTask: sends a notice and completes', () => {
  table([
    {
      name: 'notifies the roles at the unit of its level on the case chain, then the token moves on',
      body: send('grid:level="community" grid:candidateRoles="supervisor, property"'),
      tokens: ['u:waiting:task'],
      actions: ['notify', 'task', 'notify'],
      check: ({ effects, state }) => {
        const notice = effects.find((e) => e.type === 'notify');
        expect(notice).to.deep.include({
          type: 'notify',
          intent: {
            kind: 'info',
            unit: 'C1',
            roles: ['supervisor', 'property'],
            title: '通知物业公司',
            body: 'i1',
          },
        });
        const sent = effects.find((e) => e.type === 'history' && e.record.action === 'message-sent');
        expect(sent).to.exist;
        expect(state.status).to.equal('active');
      },
    },
    {
      name: 'without a level: the case’s own unit',
      body: send('grid:candidateRoles="handler"'),
      tokens: ['u:waiting:task'],
      check: ({ effects }) => {
        const notice = effects.find((e) => e.type === 'notify');
        expect(notice?.type === 'notify' && notice.intent.unit).to.equal('G1');
      },
    },
  ]);

  describe('deploy validation (coded, naming the element)', () => {
    const codes = async (body: string) =>
      ((await compile(body).catch((e) => e)).details ?? []).map((d: any) => [d.elementId, d.code]);
    it('refuses a send task without recipients', async () => {
      expect(await codes(send(''))).to.deep.equal([['n', 'send-task.recipients']]);
    });
    it('refuses an unknown level, and task attributes that mean nothing on it (unknown attributes)', async () => {
      const err = await compile(
        send('grid:candidateRoles="handler" grid:level="county" grid:sla="P1D"'),
      ).catch((e) => e);
      expect(err.details.map((d: any) => [d.elementId, d.code])).to.deep.equal([
        ['n', 'attribute.unknown'],
        ['n', 'send-task.level'],
      ]);
    });
  });
});
