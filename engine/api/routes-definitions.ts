// Process definitions: list, deploy (BPMN XML), validate without deploying, read a version.
import { Router } from 'express';
import { summarize } from '../model/compile.js';
import { DeploymentError } from '../model/types.js';
import { op, reply, type ApiContext } from './context.js';
import { audit } from './audit.js';
import { badRequest, deployDetail, notFound, warningDetail } from './errors.js';

export function definitionRoutes(ctx: ApiContext): Router {
  const r = Router();
  const { engine } = ctx;
  const defs = engine.definitions;

  const detail = async (key: string, version?: number) => {
    const doc = await defs.get(key, version);
    if (!doc) throw notFound('definition.not-found');
    const compiled = await defs.compiled(doc.key, doc.version);
    return {
      key: doc.key,
      version: doc.version,
      name: doc.name,
      deployedAt: doc.deployedAt,
      deployedBy: doc.deployedBy,
      retired: await defs.isKeyRetired(doc.key),
      versionRetired: !!doc.retired,
      xml: doc.xml,
      summary: summarize(compiled),
      versions: await defs.versionHistory(doc.key),
      // the schedules of its timer start events: the next occurrence of each (engine/starts/timer-starts.ts)
      timerSchedules: (await engine.timerStarts.ofProcess(doc.key)).map((s) => ({
        version: s.version,
        nodeId: s.nodeId,
        nextAt: s.nextAt ?? null,
        lastAt: s.lastAt ?? null,
        stopped: !!s.stopped,
      })),
    };
  };

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/definitions',
      summary:
        'Latest version of every process; `retired` when no case can start on it (the process or all its versions retired). Only admins see retired processes',
      tag: 'definitions',
    },
    async ({ user }) => {
      const list = await defs.list();
      const retiredKeys = await defs.retiredAmong(list.map((d) => d.key));
      const items = [];
      for (const d of list) {
        const versions = await defs.versionHistory(d.key);
        const retired = retiredKeys.has(d.key) || versions.every((v) => v.retired);
        if (retired && !user.admin) continue;
        items.push({
          key: d.key,
          name: d.name,
          version: d.version,
          deployedAt: d.deployedAt,
          deployedBy: d.deployedBy,
          versions: versions.length,
          retired,
          retiredVersions: versions.filter((v) => v.retired).map((v) => v.version),
          // false: only a timer or a message opens its cases (POST /instances answers definition.no-none-start)
          manualStart: summarize(await defs.compiled(d.key, d.version)).manualStart,
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
        'grid:candidateRoles (`candidate-roles-expression`), besides the structural problems. A collaboration deploys ' +
        "each executable process (`processes`, the first also at the top level); other modelling tools' metadata " +
        '(Signavio, Trisotech, W4, ITP…) is ignored and listed in `warnings` (`extension.ignored`), while other ' +
        "execution engines' extensions (camunda:, zeebe:, activiti:, flowable:, drools:) are refused " +
        '(`extension.other-engine`). The body is decoded by its byte order mark, charset parameter or XML ' +
        'declaration (ISO-8859-1, GBK, UTF-16…); an unknown encoding answers 415 `xml.encoding-unsupported`.',
      tag: 'definitions',
      auth: 'admin',
      body: 'xml',
      status: 201,
    },
    async ({ body, user }) => {
      if (typeof body !== 'string' || !body.trim())
        throw badRequest('definition.empty-document', [
          {
            path: 'definitions',
            message: 'expected BPMN 2.0 XML',
            code: 'document.empty',
            params: { elementId: 'definitions' },
          },
        ]);
      const d = await engine.deploy(body, user.username);
      // `unchanged`: the XML is the latest version's (compared with the latest only, as Camunda does)
      const processes = d.processes.map((p) => ({
        key: p.key,
        version: p.version,
        name: p.name,
        created: p.created,
        unchanged: !p.created,
      }));
      const out = { ...processes[0], processes, warnings: d.warnings.map(warningDetail) };
      return processes.some((p) => p.created) ? out : reply(200, out);
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
        const doc = await engine.validateDefinition(typeof body === 'string' ? body : '');
        const processes = doc.processes.map((p) => ({ key: p.key, name: p.name, summary: summarize(p) }));
        return {
          valid: true,
          details: [],
          ...processes[0],
          processes,
          warnings: doc.warnings.map(warningDetail),
        };
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
      if (!Number.isInteger(v) || v < 1) throw notFound('definition.not-found');
      return detail(params.key, v);
    },
  );

  // Retiring: no new case starts on the process (or the version); running cases go on. Reactivating undoes it.
  for (const [action, retired] of [
    ['retire', true],
    ['reactivate', false],
  ] as const) {
    op(
      r,
      ctx,
      {
        method: 'post',
        path: `/definitions/:key/${action}`,
        summary: retired
          ? 'Retire a process (admin): new starts are refused with 409 `definition.retired`, running cases continue; a later deploy or start-up does not undo it'
          : 'Reactivate a retired process (admin)',
        tag: 'definitions',
        auth: 'admin',
      },
      async ({ params, user }) => {
        if (!(await engine.setRetired(params.key, undefined, retired, user.username)))
          throw notFound('definition.not-found');
        await audit(ctx, user.username, retired ? 'definition-retired' : 'definition-reactivated', {
          type: 'definition',
          id: params.key,
        });
        return { key: params.key, retired };
      },
    );
    op(
      r,
      ctx,
      {
        method: 'post',
        path: `/definitions/:key/versions/:version/${action}`,
        summary: retired
          ? 'Retire one version (admin): no new case starts on it (a start without a version takes the latest active one); running cases continue'
          : 'Reactivate a retired version (admin)',
        tag: 'definitions',
        auth: 'admin',
      },
      async ({ params, user }) => {
        const v = Number(params.version);
        if (
          !Number.isInteger(v) ||
          v < 1 ||
          !(await engine.setRetired(params.key, v, retired, user.username))
        )
          throw notFound('definition.not-found');
        await audit(
          ctx,
          user.username,
          retired ? 'definition-version-retired' : 'definition-version-reactivated',
          { type: 'definition', id: `${params.key}@${v}` },
        );
        return { key: params.key, version: v, retired };
      },
    );
  }

  op(r, ctx, { method: 'get', path: '/forms', summary: 'Known task form keys', tag: 'definitions' }, () => ({
    items: engine.forms.keys().sort(),
  }));

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/forms/:key',
      summary: "A task form's JSON Schema: the current one of a key, or a pinned version (`key@…`)",
      tag: 'definitions',
    },
    async ({ params }) => {
      await engine.formVersions.ensure([params.key]);
      // a pinned version is served exactly, never the current form in its place
      const schema = params.key.includes('@')
        ? engine.forms.hasExact(params.key) && engine.forms.schema(params.key)
        : engine.forms.schema(params.key);
      if (!schema) throw notFound('form.not-found', { formKey: params.key });
      return schema;
    },
  );

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/forms/:key/versions',
      summary: 'The versions of a form pinned by deployments, newest first',
      tag: 'definitions',
    },
    async ({ params }) => ({ items: await engine.formVersions.history(params.key) }),
  );

  op<{ bpmn: string; forms?: Record<string, object> }>(
    r,
    ctx,
    {
      method: 'post',
      path: '/deployments',
      summary: 'Deploy BPMN XML together with the form schemas it refers to (admin)',
      description:
        'JSON `{bpmn, forms: {formKey: JSON Schema}}`. Each form key the processes refer to is pinned to the ' +
        'schema brought, or else to the current form of that key; cases of this definition version keep ' +
        'these forms whatever changes later. A key with neither is refused (`unknown-form`); a schema ajv ' +
        'refuses, or not `type: object`, is refused with `form.invalid` naming `forms/<key>` (at most 100 ' +
        'forms of 256 KB each). Forms brought become the current ones of their keys. Answers like ' +
        '`POST /definitions`, with `forms`: formKey → pinned version per process.',
      tag: 'definitions',
      auth: 'admin',
      body: 'DeploymentBundle',
      status: 201,
    },
    async ({ body, user }) => {
      const d = await engine.deploy(body.bpmn, user.username, body.forms ?? {});
      const processes = await Promise.all(
        d.processes.map(async (p) => ({
          key: p.key,
          version: p.version,
          name: p.name,
          created: p.created,
          unchanged: !p.created,
          forms: (await engine.definitions.get(p.key, p.version))?.forms ?? {},
        })),
      );
      const out = { ...processes[0], processes, warnings: d.warnings.map(warningDetail) };
      return processes.some((p) => p.created) ? out : reply(200, out);
    },
  );

  return r;
}
