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
  // the order of a diagram's shapes and edges means nothing (bpmn-js draws by the process, and writes them
  // back in its own order): a file laid out by hand and the modeler's download of it are the same document
  for (const diagram of rootElement.diagrams ?? []) {
    const plane = diagram.plane;
    if (Array.isArray(plane?.planeElement))
      plane.planeElement.sort((a: { id?: string }, b: { id?: string }) =>
        String(a.id ?? '').localeCompare(String(b.id ?? '')),
      );
  }
  const { xml: canonical } = await moddle.toXML(rootElement, { format: false });
  return createHash('sha256').update(canonical).digest('hex');
}
