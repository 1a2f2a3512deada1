// Send task: sends a notification through the notification channels (the 'notify' effect, delivered by the
// outbox as in-app, webhook and SMS notices) to the roles grid:candidateRoles of the unit at grid:level on
// the case's chain (default: the case's own unit), then completes. Its name is the notice's title.
// BPMN 2.0.2 §10.3.3: the message is sent when the task starts, and the task then completes.
import { coded } from '../model/compile-parts.js';
import { checkLevel, parseCandidateRoles } from '../model/validate.js';
import { levelsOf, unitAtLevel } from '../sla/plan.js';
import { leave } from '../runtime/flow.js';
import type { ElementType } from './element.js';

export const sendTask: ElementType = {
  kind: 'sendTask',
  classify: (el) => el.$type === 'bpmn:SendTask',
  shape: 'flow',
  activity: true,
  compile(ctx, el, node) {
    // its grid: attributes are grid:level and grid:candidateRoles only (grid:SendConfig); any other is
    // an unknown attribute the parser reports
    const id = node.id;
    const roles = el.candidateRoles === undefined ? [] : parseCandidateRoles(el.candidateRoles);
    if (!roles.length)
      coded(ctx, id, 'send-task.recipients', 'send task needs the roles it notifies (grid:candidateRoles)');
    const level: string | undefined = el.level;
    if (level !== undefined)
      coded(ctx, id, 'send-task.level', checkLevel(level, ctx.levels)?.message, {
        level,
        levels: ctx.levels,
      });
    node.grid = { candidateRoles: roles, ladder: [], ...(level !== undefined ? { level } : {}) };
  },
  execute(tx, token, node) {
    const unit = unitAtLevel(tx.s.unitChain, node.grid?.level, levelsOf(tx));
    const title = node.name ?? node.id;
    tx.emit({
      type: 'notify',
      intent: {
        kind: 'info',
        unit: unit.code,
        roles: node.grid?.candidateRoles ?? [],
        title,
        body: [tx.s.caseNo ?? tx.s.businessKey ?? tx.s._id, tx.s.title].filter(Boolean).join(' · '),
      },
    });
    tx.record('message-sent', {
      elementId: node.id,
      from: 'ready',
      to: 'sent',
      details: { unit: unit.code, roles: node.grid?.candidateRoles },
    });
    leave(tx, token);
  },
};
