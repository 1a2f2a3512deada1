// Local file I/O of the modeler: download the XML, read an uploaded .bpmn.
import { decodeXml } from '../../../engine/model/xml-encoding';
export function downloadText(filename: string, text: string, type = 'application/xml'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * An uploaded .bpmn as text, decoded as its XML declaration says (ISO-8859-1 from many modelling tools, GBK
 * from older Chinese ones): the same decoding as the server's (engine/model/xml-encoding.ts).
 */
export async function readXmlFile(file: File): Promise<string> {
  return decodeXml(new Uint8Array(await file.arrayBuffer()));
}
