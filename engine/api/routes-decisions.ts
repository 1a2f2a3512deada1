// DMN decision definitions (admins): deploy DMN 1.3 XML, list, read a version's XML, validate, and evaluate
// a decision with test variables. Versioning is that of processes (engine/dmn/repository.ts).
import { Router } from 'express';
import { evaluateDecision } from '../dmn/service.js';
import { DecisionDeploymentError, DecisionEvaluationError } from '../dmn/types.js';
import { parseDecisions } from '../dmn/parse.js';
import { op, reply, type ApiContext } from './context.js';
import { audit } from './audit.js';
import type { ErrorCode } from '../error-codes.js';
import { codedError, deployDetail } from './errors.js';

/** A refused DMN document: 400 `decision.invalid`, one detail per problem (path = the decision/rule id). */
const invalid = (err: DecisionDeploymentError) =>
  codedError(400, 'decision.invalid', 'invalid decision definition', {}, err.details.map(deployDetail));

const notFound = (key: string, version?: number) =>
  codedError(404, 'decision.not-found', 'decision not found', {
    key,
    ...(version === undefined ? {} : { version }),
  });

const versionParam = (key: string, raw: string) => {
  const v = Number(raw);
  if (!Number.isInteger(v) || v < 1) throw notFound(key);
  return v;
};

export function decisionRoutes(ctx: ApiContext): Router {
  const r = Router();
  const decisions = ctx.engine.decisions;

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/decisions',
      summary: 'Latest version of every decision (admin): key, name, hit policy, number of versions',
      tag: 'decisions',
      auth: 'admin',
    },
    async () => ({ items: await decisions.list() }),
  );

  op<string>(
    r,
    ctx,
    {
      method: 'post',
      path: '/decisions',
      summary:
        'Deploy DMN 1.3 XML (admin): a new version of each decision whose latest version differs (201), else 200 with `unchanged: true`',
      description:
        'The key of a decision is its id. A document is compared with the latest version of each of its decisions only ' +
        '(as process definitions are). Refused with 400 `decision.invalid`, details naming the decision, input, rule ' +
        'or entry as `path` with a code: dmn.xml, dmn.no-decision, dmn.decision-id, dmn.decision-logic, dmn.hit-policy, ' +
        'dmn.aggregation, dmn.priority-values, dmn.no-output, dmn.output-name, dmn.output-values, dmn.input-expression, dmn.input-values, ' +
        'dmn.input-entry, dmn.output-entry, dmn.rule-shape, dmn.unknown-requirement, dmn.requirement-cycle, dmn.too-large.',
      tag: 'decisions',
      auth: 'admin',
      body: 'xml',
      status: 201,
    },
    async ({ body, user }) => {
      let deployed;
      try {
        deployed = await decisions.deploy(typeof body === 'string' ? body : '', user.username, ctx.now());
      } catch (err) {
        if (err instanceof DecisionDeploymentError) throw invalid(err);
        throw err;
      }
      for (const d of deployed.filter((x) => x.created))
        await audit(ctx, user.username, 'decision-deployed', {
          type: 'decision',
          id: `${d.key}@${d.version}`,
        });
      const items = deployed.map((d) => ({ ...d, unchanged: !d.created }));
      const created = items.some((d) => d.created);
      const out = { items, created, unchanged: !created };
      return created ? out : reply(200, out);
    },
  );

  op<string>(
    r,
    ctx,
    {
      method: 'post',
      path: '/decisions/validate',
      summary: 'Check DMN XML without deploying it (admin; the decision editor)',
      tag: 'decisions',
      auth: 'admin',
      body: 'xml',
    },
    async ({ body }) => {
      try {
        const model = await parseDecisions(typeof body === 'string' ? body : '');
        return { valid: true, details: [], decisions: Object.keys(model.decisions) };
      } catch (err) {
        if (err instanceof DecisionDeploymentError)
          return { valid: false, details: err.details.map(deployDetail), decisions: [] };
        throw err;
      }
    },
  );

  const detail = async (key: string, version?: number) => {
    const doc = await decisions.get(key, version);
    if (!doc) throw notFound(key, version);
    const decision = (await decisions.model(doc)).decisions[key];
    const logic = decision.logic;
    return {
      key: doc.key,
      version: doc.version,
      name: doc.name,
      hitPolicy: doc.hitPolicy,
      deployedAt: doc.deployedAt,
      deployedBy: doc.deployedBy,
      requires: decision.requires,
      ...(logic.kind === 'table'
        ? {
            aggregation: logic.aggregation,
            inputs: logic.inputs.map((i) => ({ id: i.id, label: i.label, expression: i.expression })),
            outputs: logic.outputs.map((o) => ({ id: o.id, name: o.name, label: o.label })),
            rules: logic.rules.length,
          }
        : { expression: logic.expression }),
      versions: await decisions.versionHistory(doc.key),
    };
  };

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/decisions/:key',
      summary: 'Latest version of a decision (admin): its inputs, outputs, number of rules and versions',
      tag: 'decisions',
      auth: 'admin',
    },
    ({ params }) => detail(params.key),
  );

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/decisions/:key/versions/:version',
      summary: 'One version of a decision (admin)',
      tag: 'decisions',
      auth: 'admin',
    },
    ({ params }) => detail(params.key, versionParam(params.key, params.version)),
  );

  const sendXml = async (res: import('express').Response, key: string, version?: number) => {
    const doc = await decisions.get(key, version);
    if (!doc) throw notFound(key, version);
    res.type('application/xml').send(doc.xml);
  };

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/decisions/:key/xml',
      summary: 'The DMN XML of the latest version (admin)',
      tag: 'decisions',
      auth: 'admin',
      produces: 'application/xml',
    },
    ({ res, params }) => sendXml(res, params.key),
  );

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/decisions/:key/versions/:version/xml',
      summary: 'The DMN XML of one version (admin)',
      tag: 'decisions',
      auth: 'admin',
      produces: 'application/xml',
    },
    ({ res, params }) => sendXml(res, params.key, versionParam(params.key, params.version)),
  );

  op<{ variables: Record<string, unknown>; version?: number }>(
    r,
    ctx,
    {
      method: 'post',
      path: '/decisions/:key/evaluate',
      summary:
        'Evaluate a decision with test variables (admin): `{value, matchedRules, entries}` as a business rule task would get it',
      description:
        'Refused with 404 `decision.not-found`, or 400 with the evaluation’s code and params (naming the decision and ' +
        'rules): dmn.unique-violated (several rules of a UNIQUE table match), dmn.any-conflict (ANY rules disagree), ' +
        'dmn.expression (an expression failed), dmn.budget (an expression ran over FEEL_BUDGET_MS), dmn.aggregation-type.',
      tag: 'decisions',
      auth: 'admin',
      body: 'DecisionEvaluateBody',
    },
    async ({ params, body }) => {
      try {
        return await evaluateDecision(
          decisions,
          params.key,
          body.variables,
          body.version === undefined ? 'latest' : { version: body.version },
        );
      } catch (err) {
        if (err instanceof DecisionEvaluationError) {
          if (err.code === 'dmn.not-found') throw notFound(params.key, body.version);
          // the evaluation codes are listed in engine/error-codes.ts (test/ui/message-codes.test.ts checks)
          throw codedError(400, err.code as ErrorCode, err.message, err.params);
        }
        throw err;
      }
    },
  );

  return r;
}
