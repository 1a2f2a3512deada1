// The shape of a deployed DMN document once parsed and checked (engine/dmn/parse.ts): plain data, JSON-safe,
// evaluated by the pure evaluator (engine/dmn/evaluate.ts).
import type { DetailCode } from '../error-codes.js';

/** Hit policies of DMN 1.3 decision tables that this engine evaluates (OUTPUT ORDER included: it is cheap). */
export const HIT_POLICIES = [
  'UNIQUE',
  'FIRST',
  'PRIORITY',
  'ANY',
  'COLLECT',
  'RULE ORDER',
  'OUTPUT ORDER',
] as const;
export type HitPolicy = (typeof HIT_POLICIES)[number];

/** Aggregations of a COLLECT table (DMN's C+, C<, C>, C#). */
export const AGGREGATIONS = ['SUM', 'MIN', 'MAX', 'COUNT'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

export interface DecisionInput {
  id: string;
  label?: string;
  /** FEEL expression evaluated against the variables (the input value) */
  expression: string;
  typeRef?: string;
}

export interface DecisionOutput {
  id: string;
  /** the key of this output in a rule's result context (`result` for a single unnamed output) */
  name: string;
  label?: string;
  typeRef?: string;
  /** the output values in priority order (PRIORITY and OUTPUT ORDER), evaluated at deploy */
  priority?: unknown[];
}

export interface DecisionRule {
  id: string;
  description?: string;
  /** unary tests per input, in input order ('-' matches anything) */
  inputEntries: Array<{ id: string; text: string }>;
  /** FEEL expression per output, in output order ('' yields null) */
  outputEntries: Array<{ id: string; text: string }>;
}

export interface DecisionTableLogic {
  kind: 'table';
  id: string;
  hitPolicy: HitPolicy;
  aggregation?: Aggregation;
  inputs: DecisionInput[];
  outputs: DecisionOutput[];
  rules: DecisionRule[];
}

/** A decision whose logic is one FEEL expression (a literal expression), bound to `variable`. */
export interface LiteralLogic {
  kind: 'literal';
  id: string;
  expression: string;
  variable: string;
}

export interface CompiledDecision {
  id: string;
  name?: string;
  logic: DecisionTableLogic | LiteralLogic;
  /** the decisions whose results this one reads (information requirements), evaluated first */
  requires: string[];
}

export interface CompiledDecisionModel {
  /** the id of the dmn:definitions element */
  id: string;
  name?: string;
  decisions: Record<string, CompiledDecision>;
}

/** A problem of a DMN document; the same shape as a BPMN deploy problem (engine/model/types.ts DeployError). */
export interface DecisionDeployError {
  elementId: string;
  message: string;
  /** a DETAIL_CODES code: the compiler refuses one without its words */
  code: DetailCode;
  params: Record<string, unknown>;
}

/** A DMN document that cannot be deployed: every problem found, each naming the decision, rule or entry. */
export class DecisionDeploymentError extends Error {
  constructor(readonly details: DecisionDeployError[]) {
    super(`invalid decision definition: ${details.map((d) => `${d.elementId}: ${d.message}`).join('; ')}`);
    this.name = 'DecisionDeploymentError';
  }
}

/** Why a decision could not be evaluated (a stable code and the values its message needs). */
export class DecisionEvaluationError extends Error {
  constructor(
    /** dmn.unique-violated, dmn.any-conflict, dmn.expression, dmn.budget, dmn.not-found, dmn.single-result … */
    readonly code: string,
    message: string,
    readonly params: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DecisionEvaluationError';
  }
}

/** The result of evaluating a decision. */
export interface DecisionResult {
  decisionId: string;
  /** the matched rules after the hit policy chose among them, in the order they count (tables only) */
  matchedRules: string[];
  /**
   * One context per matched rule ({outputName: value}); a COLLECT table with an aggregation gives one entry
   * `{[outputName]: aggregate}`; a literal expression one entry `{[variable]: value}`.
   */
  entries: Array<Record<string, unknown>>;
  /**
   * The FEEL value of the decision: a single output's value or the context of several (UNIQUE, FIRST,
   * PRIORITY, ANY; null when no rule matched), a list of those (COLLECT, RULE ORDER, OUTPUT ORDER), the
   * aggregate (COLLECT with SUM/MIN/MAX/COUNT), or a literal expression's value.
   */
  value: unknown;
}
