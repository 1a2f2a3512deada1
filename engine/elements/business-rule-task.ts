// Business rule task: evaluates a DMN decision (engine/dmn) with the case's variables and stores the mapped
// result in grid:resultVariable — Camunda's decisionRef / resultVariable / mapDecisionResult. The decision is
// read from the store, so it runs like a service task: a job of its own (the built-in worker
// DECISION_WORKER, engine/dmn/task-worker.ts), retried, then an incident naming the DMN error code.
import { coded, problem } from '../model/compile-parts.js';
import { checkRetries, DEFAULT_RETRIES } from '../model/validate.js';
import { RESULT_MAPPINGS, type ResultMapping } from '../dmn/result-mapping.js';
import type { ElementType } from './element.js';
import { serviceTask } from './service-task.js';

/** The worker type of every business rule task (a name no grid:workerType can take: it has a dot). */
export const DECISION_WORKER = 'grid.decision';

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export const businessRuleTask: ElementType = {
  ...serviceTask,
  kind: 'businessRuleTask',
  classify: (el) => el.$type === 'bpmn:BusinessRuleTask',
  compile(ctx, el, node) {
    const id = node.id;
    const ref = typeof el.decisionRef === 'string' ? el.decisionRef.trim() : '';
    if (!ref)
      coded(
        ctx,
        id,
        'business-rule-task.decision-ref',
        'business rule task needs grid:decisionRef (a decision id)',
      );
    const resultVariable = typeof el.resultVariable === 'string' ? el.resultVariable.trim() : '';
    if (!VARIABLE.test(resultVariable))
      coded(
        ctx,
        id,
        'business-rule-task.result-variable',
        'business rule task needs grid:resultVariable: a variable name (letters, digits, _)',
        { value: resultVariable },
      );
    const mapping = (el.mapDecisionResult ?? 'resultList') as ResultMapping;
    if (!RESULT_MAPPINGS.includes(mapping))
      coded(
        ctx,
        id,
        'business-rule-task.mapping',
        `grid:mapDecisionResult must be one of ${RESULT_MAPPINGS.join(', ')}`,
        {
          value: mapping,
          allowed: [...RESULT_MAPPINGS],
        },
      );
    const binding = el.decisionRefBinding ?? 'latest';
    const version = el.decisionRefVersion;
    if (binding !== 'latest' && binding !== 'version')
      coded(ctx, id, 'business-rule-task.binding', 'grid:decisionRefBinding must be latest or version', {
        value: binding,
      });
    if (binding === 'version' && !(Number.isInteger(version) && version >= 1))
      coded(
        ctx,
        id,
        'business-rule-task.version',
        'grid:decisionRefBinding="version" needs grid:decisionRefVersion (a version number from 1)',
        { value: version ?? null },
      );
    problem(ctx, id, checkRetries(el.retries));
    node.workerType = DECISION_WORKER;
    node.retries = el.retries ?? DEFAULT_RETRIES;
    node.decision = {
      ref,
      resultVariable,
      mapping,
      ...(binding === 'version' && Number.isInteger(version) ? { version: version as number } : {}),
    };
  },
};
