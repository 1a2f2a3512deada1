// DMN documents for tests, written from a compact description of a decision table.
export interface TableSpec {
  id?: string;
  hitPolicy?: string;
  aggregation?: string;
  inputs: string[];
  /** output names; `values` gives an output's output values (priority order) */
  outputs: Array<string | { name: string; values?: string }>;
  /** [inputEntries..., outputEntries...] per rule */
  rules: string[][];
  requires?: string[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function decisionXml(spec: TableSpec): string {
  const id = spec.id ?? 'd';
  const outs = spec.outputs.map((o) => (typeof o === 'string' ? { name: o } : o));
  const agg = spec.aggregation ? ` aggregation="${spec.aggregation}"` : '';
  const reqs = (spec.requires ?? [])
    .map(
      (r) =>
        `<informationRequirement id="ir_${id}_${r}"><requiredDecision href="#${r}"/></informationRequirement>`,
    )
    .join('');
  return (
    `<decision id="${id}" name="${id}">${reqs}<decisionTable id="${id}_t" hitPolicy="${spec.hitPolicy ?? 'UNIQUE'}"${agg}>` +
    spec.inputs
      .map(
        (e, k) =>
          `<input id="${id}_i${k}"><inputExpression id="${id}_ie${k}"><text>${esc(e)}</text></inputExpression></input>`,
      )
      .join('') +
    outs
      .map(
        (o, k) =>
          `<output id="${id}_o${k}" name="${o.name}">` +
          (o.values ? `<outputValues id="${id}_ov${k}"><text>${esc(o.values)}</text></outputValues>` : '') +
          `</output>`,
      )
      .join('') +
    spec.rules
      .map(
        (r, n) =>
          `<rule id="${id}_r${n + 1}">` +
          r
            .slice(0, spec.inputs.length)
            .map((t, k) => `<inputEntry id="${id}_r${n + 1}_i${k}"><text>${esc(t)}</text></inputEntry>`)
            .join('') +
          r
            .slice(spec.inputs.length)
            .map((t, k) => `<outputEntry id="${id}_r${n + 1}_o${k}"><text>${esc(t)}</text></outputEntry>`)
            .join('') +
          `</rule>`,
      )
      .join('') +
    `</decisionTable></decision>`
  );
}

export function dmnXml(...decisions: string[]): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="defs" name="test" namespace="https://grid.example/test">` +
    decisions.join('') +
    `</definitions>`
  );
}

export const tableXml = (spec: TableSpec) => dmnXml(decisionXml(spec));
