// Migration of running cases between versions of a process (admins): the plan with its defaults, a dry run,
// the run itself (a job record and batches on the queue) and its progress. The rules are those of
// engine/runtime/migration.ts; README "Migrating running cases" walks through an example.
import { Router } from 'express';
import { MigrationRefused, type MigrationInput } from '../migration/service.js';
import type { MigrationProblem } from '../runtime/migration.js';
import { audit } from './audit.js';
import { op, type ApiContext } from './context.js';
import { codedError, notFound, type Detail } from './errors.js';
import { messageOf } from '../error-codes.js';

const problemDetail = (p: MigrationProblem & { cases?: string[] }): Detail => {
  const params = { ...p.params, ...(p.cases ? { cases: p.cases } : {}) };
  return { path: p.elementId, message: messageOf(p.code, params), code: p.code, params };
};

/** A refused plan as a coded 4xx: the problems as details naming the old element ids. */
async function refusals<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof MigrationRefused)) throw err;
    const status = err.code === 'migration.version-not-found' ? 404 : 400;
    throw codedError(status, err.code, undefined, err.params, err.problems.map(problemDetail));
  }
}

const inputOf = (body: MigrationInput): MigrationInput => ({ ...body, mapping: body.mapping ?? {} });

export function migrationRoutes(ctx: ApiContext): Router {
  const r = Router();
  const migrations = ctx.engine.migrations;

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/migrations',
      summary: 'Recent migrations with their progress (admin)',
      tag: 'migrations',
      auth: 'admin',
    },
    async () => ({ items: await migrations.list() }),
  );

  op<MigrationInput>(
    r,
    ctx,
    {
      method: 'post',
      path: '/migrations/plan',
      summary:
        'A plan with its defaults (identical ids), the elements of both versions and the problems of its own entries (admin)',
      tag: 'migrations',
      auth: 'admin',
      body: 'MigrationBody',
    },
    async ({ body }) => {
      const plan = await refusals(() => migrations.describePlan(inputOf(body)));
      return { ...plan, problems: plan.problems.map(problemDetail) };
    },
  );

  op<MigrationInput>(
    r,
    ctx,
    {
      method: 'post',
      path: '/migrations/shipped',
      summary:
        'The migration plan shipped with the bundled process for these two versions, or plan: null (admin)',
      description:
        'A plan of processes/migrations fits when the source version is the shipped version it was written for ' +
        '(by canonical hash) and the target is the current bundled file: {plan: {file, title, mapping, enter, ' +
        'notes}}. The mapping in the body is ignored. Writes nothing.',
      tag: 'migrations',
      auth: 'admin',
      body: 'MigrationBody',
    },
    async ({ body }) => ({
      plan: await refusals(() =>
        migrations.shippedPlan(body.definitionKey, body.fromVersion, body.toVersion),
      ),
    }),
  );

  op<MigrationInput>(
    r,
    ctx,
    {
      method: 'post',
      path: '/migrations/dry-run',
      summary: 'What a migration would do to each open case of the source version, without writing (admin)',
      tag: 'migrations',
      auth: 'admin',
      body: 'MigrationBody',
    },
    async ({ body, user }) => {
      const out = await refusals(() => migrations.dryRun(inputOf(body), user.username));
      return { ...out, problems: out.problems.map(problemDetail) };
    },
  );

  op<MigrationInput>(
    r,
    ctx,
    {
      method: 'post',
      path: '/migrations',
      summary:
        'Migrate every open case of the source version to the target version (admin); 202 with the job',
      description:
        'Checked against every open case first: refused with 400 `migration.invalid` and one detail per problem ' +
        '(path = the old element id; codes migration.unmapped, migration.incompatible, migration.scope, ' +
        'migration.boundary-host, migration.drop, migration.join-flows, migration.unknown-source, ' +
        'migration.unknown-target; params.cases = some of the cases concerned). Runs in batches; GET /migrations/{id} ' +
        'shows total, done and failed.',
      tag: 'migrations',
      auth: 'admin',
      body: 'MigrationBody',
      status: 202,
    },
    async ({ body, user }) => {
      const job = await refusals(() => migrations.start(inputOf(body), user.username));
      await audit(
        ctx,
        user.username,
        'migration-started',
        { type: 'definition', id: `${job.definitionKey}@${job.fromVersion}` },
        {
          migrationId: job.id,
          toVersion: job.toVersion,
          cases: job.total,
        },
      );
      return job;
    },
  );

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/migrations/:id',
      summary: 'Progress of a migration: total, done, failed (admin)',
      tag: 'migrations',
      auth: 'admin',
    },
    async ({ params }) => {
      const job = await migrations.get(params.id);
      if (!job) throw notFound('migration.not-found', { id: params.id });
      return job;
    },
  );
  return r;
}
