// The hash that identifies a BPMN document for duplicate filtering on deploy.
import { createHash } from 'node:crypto';
import { createModdle } from './parse.js';

/**
 * Hash of the document as bpmn-moddle writes it back: a diagram opened in the modeler and saved again
 * unchanged (re-indented, attributes reordered) hashes like the original; any change of content or
 * layout (DI) does not.
 */
export async function canonicalHash(xml: string): Promise<string> {
  const moddle = createModdle();
  const { rootElement } = await moddle.fromXML(xml, 'bpmn:Definitions');
  const { xml: canonical } = await moddle.toXML(rootElement, { format: false });
  return createHash('sha256').update(canonical).digest('hex');
}
