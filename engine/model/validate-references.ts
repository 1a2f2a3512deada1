// Deploy-time checks of what a process refers to outside itself: the candidate roles of its user tasks
// (and of their escalation rungs) must be roles of the org's role catalogue, and their formKeys must be
// forms the engine knows. Without them a definition deploys, becomes the latest version, and its tasks
// reach nobody (no one holds the role) or accept any data (no schema). These checks run on deploy and on
// validate only: recompiling a stored version (a cache miss) must not fail when the catalogue changed later.
//
// grid:candidateRoles is a list of role names; a FEEL expression ("=...") there is refused rather than
// silently taken as a role called "=..." (candidate roles are not evaluated per case).
import type { DeployError, FlowNode } from './types.js';

/** What the org and the form registry know, as the deploy checks see it. */
export interface ReferenceCatalogue {
  /** role names of the role catalogue; undefined: no catalogue stored (role names are not checked) */
  roles?: ReadonlySet<string>;
  /** form keys of the registry; undefined: forms are not checked */
  forms?: ReadonlySet<string>;
  /** keys of the deployed processes; undefined: a call activity's calledElement is not checked */
  processes?: ReadonlySet<string>;
}

/** Stable codes of these problems (DeployError.code; the UI words them from the code and its params). */
export const REFERENCE_CODES = {
  unknownRole: 'unknown-role',
  unknownForm: 'unknown-form',
  rolesExpression: 'candidate-roles-expression',
} as const;

/** Where a list of roles is declared on a task: the task itself or its escalation rung n (1-based). */
const where = (step?: number) => (step === undefined ? '' : `escalation step ${step}: `);

/** The problems of one list of candidate roles. */
export function checkRoleNames(
  elementId: string,
  roles: readonly string[],
  known: ReadonlySet<string> | undefined,
  step?: number,
): DeployError[] {
  if (roles.some((r) => r.startsWith('='))) {
    const expr = roles.join(', ');
    return [
      {
        elementId,
        code: REFERENCE_CODES.rolesExpression,
        params: { elementId, expression: expr, ...(step ? { step: String(step) } : {}) },
        message: `${where(step)}grid:candidateRoles "${expr}" is an expression: candidate roles must be role names (expressions are not evaluated here)`,
      },
    ];
  }
  if (!known) return [];
  return roles
    .filter((role) => !known.has(role))
    .map((role) => ({
      elementId,
      code: REFERENCE_CODES.unknownRole,
      params: { elementId, role, ...(step ? { step: String(step) } : {}) },
      message: `${where(step)}unknown candidate role "${role}" (not in the role catalogue: ${[...known].sort().join(', ')})`,
    }));
}

/** A task's formKey names a known form (a malformed key is reported by the syntax check instead). */
export function checkFormReference(
  elementId: string,
  formKey: string | undefined,
  known: ReadonlySet<string> | undefined,
): DeployError[] {
  if (formKey === undefined || !known || known.has(formKey) || !/^[a-z0-9-]+$/.test(formKey)) return [];
  return [
    {
      elementId,
      code: REFERENCE_CODES.unknownForm,
      params: { elementId, formKey },
      message: `unknown form "${formKey}" (grid:formKey): no form schema with this key`,
    },
  ];
}

/**
 * Every reference problem of the compiled nodes; nothing without a catalogue (recompiling a stored
 * version). With one, expressions in grid:candidateRoles are refused even when it holds no role names.
 */
export function checkReferences(
  nodes: Record<string, Pick<FlowNode, 'id' | 'grid' | 'formKey'>>,
  catalogue: ReferenceCatalogue | undefined,
): DeployError[] {
  if (!catalogue) return [];
  const errors: DeployError[] = [];
  for (const n of Object.values(nodes)) {
    // a start event's form (the inputs of a new case)
    if (n.formKey !== undefined) errors.push(...checkFormReference(n.id, n.formKey, catalogue.forms));
    if (!n.grid) continue;
    errors.push(...checkRoleNames(n.id, n.grid.candidateRoles, catalogue.roles));
    n.grid.ladder.forEach((step, i) => {
      if (step.candidateRoles)
        errors.push(...checkRoleNames(n.id, step.candidateRoles, catalogue.roles, i + 1));
    });
    errors.push(...checkFormReference(n.id, n.grid.formKey, catalogue.forms));
  }
  return errors;
}
