// Process definitions: list, deploy (BPMN XML), validate without deploying, read a version.
import { Router } from 'express';
import { summarize } from '../model/compile.js';
import { DeploymentError } from '../model/types.js';
import { op, reply, type ApiContext } from './context.js';
import { badRequest, deployDetail, notFound } from './errors.js';

export function definitionRoutes(ctx: ApiContext): Router {
  const r = Router();
  const { engine } = ctx;
  const defs = engine.definitions;

  const detail = async (key: string, version?: number) => {
    const doc = await defs.get(key, version);
    if (!doc) throw notFound('process definition not found');
    const compiled = await defs.compiled(doc.key, doc.version);
    return {
      key: doc.key,
      version: doc.version,
      name: doc.name,
      deployedAt: doc.deployedAt,
      deployedBy: doc.deployedBy,
      xml: doc.xml,
      summary: summarize(compiled),
      versions: await defs.versionHistory(doc.key),
    };
  };

  op(
    r,
    ctx,
    { method: 'get', path: '/definitions', summary: 'Latest version of every process', tag: 'definitions' },
    async () => {
      const list = await defs.list();
      const items = [];
      for (const d of list) {
        items.push({
          key: d.key,
          name: d.name,
          version: d.version,
          deployedAt: d.deployedAt,
          deployedBy: d.deployedBy,
          versions: (await defs.versions(d.key)).length,
        });
      }
      return { items };
    },
  );

  op<string>(
    r,
    ctx,
    {
      method: 'post',
      path: '/definitions',
      summary:
        'Deploy BPMN XML: a new version (201) unless identical to the latest version, which answers 200 with `unchanged: true`',
      description:
        'Only the latest version is compared: XML identical to an older version while another is the latest is a ' +
        'deliberate rollback and becomes a new version. Refused with 400 (details with `code` and the element id as ' +
        '`path`): unknown candidate roles (`unknown-role`), unknown formKeys (`unknown-form`), expressions in ' +
        'grid:candidateRoles (`candidate-roles-expression`), besides the structural problems.',
      tag: 'definitions',
      auth: 'admin',
      body: 'xml',
      status: 201,
    },
    async ({ body, user }) => {
      if (typeof body !== 'string' || !body.trim())
        throw badRequest('empty document', [{ path: 'definitions', message: 'expected BPMN 2.0 XML' }]);
      const d = await engine.deploy(body, user.username);
      // `unchanged`: the XML is the latest version's (compared with the latest only, as Camunda does)
      const out = { key: d.key, version: d.version, name: d.name, created: d.created, unchanged: !d.created };
      return d.created ? out : reply(200, out);
    },
  );

  op<string>(
    r,
    ctx,
    {
      method: 'post',
      path: '/definitions/validate',
      summary: 'Check BPMN XML without deploying it (used by the modeler)',
      tag: 'definitions',
      auth: 'admin',
      body: 'xml',
    },
    async ({ body }) => {
      try {
        const p = await engine.validateDefinition(typeof body === 'string' ? body : '');
        return { valid: true, details: [], key: p.key, name: p.name, summary: summarize(p) };
      } catch (err) {
        if (err instanceof DeploymentError) {
          return {
            valid: false,
            details: err.details.map(deployDetail),
          };
        }
        throw err;
      }
    },
  );

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/definitions/:key',
      summary: 'Latest version: XML, summary, versions',
      tag: 'definitions',
    },
    ({ params }) => detail(params.key),
  );

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/definitions/:key/versions/:version',
      summary: 'One version of a process',
      tag: 'definitions',
    },
    ({ params }) => {
      const v = Number(params.version);
      if (!Number.isInteger(v) || v < 1) throw notFound('process definition not found');
      return detail(params.key, v);
    },
  );

  op(r, ctx, { method: 'get', path: '/forms', summary: 'Known task form keys', tag: 'definitions' }, () => ({
    items: engine.forms.keys().sort(),
  }));

  op(
    r,
    ctx,
    { method: 'get', path: '/forms/:key', summary: "A task form's JSON Schema", tag: 'definitions' },
    ({ params }) => {
      const schema = engine.forms.schema(params.key);
      if (!schema) throw notFound('form not found');
      return schema;
    },
  );

  return r;
}
