// What a FEEL expression may cost, read from its syntax tree once per expression text: "bounded" when its
// work is linear in the size of the variables it reads (comparisons, arithmetic, paths, if/then/else, list
// and context literals, a fixed set of built-in functions), "unbounded" when it can iterate or backtrack
// (for, some/every, filters, function definitions, regular expressions, other built-ins). Unbounded
// expressions are evaluated in the sandbox with a time budget (feel-sandbox.ts); bounded ones inline.
import { parseExpression, parseUnaryTests } from 'feelin';

const UNBOUNDED_NODES = new Set([
  'ForExpression',
  'QuantifiedExpression',
  'FilterExpression',
  'FunctionDefinition',
  'IterationContext',
]);

/** Built-ins that run in time linear in their arguments (no regular expressions, no sorting, no n²). */
const BOUNDED_FUNCTIONS = new Set([
  'not',
  'string',
  'number',
  'date',
  'time',
  'date and time',
  'duration',
  'years and months duration',
  'substring',
  'string length',
  'upper case',
  'lower case',
  'substring before',
  'substring after',
  'contains',
  'starts with',
  'ends with',
  'list contains',
  'count',
  'min',
  'max',
  'sum',
  'mean',
  'all',
  'any',
  'and',
  'or',
  'append',
  'is defined',
  'get or else',
  'get value',
  'abs',
  'floor',
  'ceiling',
  'round up',
  'round down',
  'round half up',
  'round half down',
  'decimal',
  'modulo',
  'odd',
  'even',
  'now',
  'today',
  'day of week',
  'day of year',
  'month of year',
  'week of year',
  'trim',
  'is empty',
]);

const costs = new Map<string, 'bounded' | 'unbounded'>();

export function expressionCost(text: string): 'bounded' | 'unbounded' {
  return treeCost(text, text, () => parseExpression(text, {}, undefined));
}

/** The same for DMN unary tests (an input entry of a decision table: `"a","b"`, `< 10`, `not(...)`). */
export function unaryTestsCost(text: string): 'bounded' | 'unbounded' {
  return treeCost(`?${text}`, text, () => parseUnaryTests(text, {}, undefined));
}

function treeCost(
  cacheKey: string,
  text: string,
  parse: () => ReturnType<typeof parseExpression>,
): 'bounded' | 'unbounded' {
  let cost = costs.get(cacheKey);
  if (cost) return cost;
  cost = 'bounded';
  try {
    const tree = parse();
    tree.iterate({
      enter: (node) => {
        if (cost === 'unbounded') return false;
        if (UNBOUNDED_NODES.has(node.type.name)) cost = 'unbounded';
        else if (node.type.name === 'FunctionInvocation') {
          const callee = node.node.firstChild;
          const name = callee ? text.slice(callee.from, callee.to).replace(/\s+/g, ' ').trim() : '';
          if (!BOUNDED_FUNCTIONS.has(name)) cost = 'unbounded';
        }
        return undefined;
      },
    });
  } catch {
    cost = 'unbounded';
  }
  if (costs.size >= 10_000) costs.clear();
  costs.set(cacheKey, cost);
  return cost;
}

/**
 * The variables an expression reads, as written (`checkSla`, `timeLimits.checkSla`): named in the message
 * of a failed evaluation so that an admin knows which value to fix.
 */
export function referencedVariables(text: string): string[] {
  const out = new Set<string>();
  try {
    parseExpression(text, {}, undefined).iterate({
      enter: (node) => {
        const parent = node.node.parent;
        if (parent?.type.name === 'FunctionInvocation' && parent.firstChild?.from === node.from) return false;
        if (node.type.name === 'PathExpression' || node.type.name === 'VariableName') {
          out.add(text.slice(node.from, node.to).replace(/\s+/g, ' '));
          return false; // the outermost path only
        }
        return undefined;
      },
    });
  } catch {
    // a syntax error: no names to offer
  }
  return [...out];
}
