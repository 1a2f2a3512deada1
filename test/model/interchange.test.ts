// Diagrams from other tools: the 21 reference diagrams of the OMG BPMN MIWG test suite (test/fixtures/miwg),
// exported by Trisotech, Signavio, W4, ITP and Camunda tools. None may be refused for reasons that are not
// about execution: their encoding, other tools' metadata, or a collaboration of several pools.
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { compileDocument } from '../../engine/model/compile.js';
import { parseBpmn } from '../../engine/model/parse.js';
import { DeploymentError, type DeployError } from '../../engine/model/types.js';
import { decodeXml, XmlEncodingError } from '../../engine/model/xml-encoding.js';

const DIR = new URL('../fixtures/miwg/', import.meta.url);
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.bpmn'));
const read = (f: string) => decodeXml(readFileSync(new URL(f, DIR)));

/** Refusals that would be about the file rather than about what runs. */
const NOT_ABOUT_EXECUTION =
  /encoding|only one pool|more than one process|signavio|w4graph|itp:|triso:|adonis:|openapi:|i18n:/;

async function refusals(xml: string): Promise<DeployError[]> {
  try {
    await compileDocument(xml);
    return [];
  } catch (err) {
    if (err instanceof DeploymentError) return err.details;
    throw err;
  }
}

describe('model: diagrams from other modelling tools (OMG MIWG reference suite)', () => {
  it('holds the 21 reference diagrams', () => expect(FILES).to.have.length(21));

  for (const f of FILES) {
    it(`${f}: read, and refused (if at all) only for what it asks the engine to run`, async () => {
      const xml = read(f).replace(/isExecutable="false"/g, 'isExecutable="true"');
      for (const d of await refusals(xml)) expect(d.message).not.to.match(NOT_ABOUT_EXECUTION);
    });
  }

  it('deploys the diagrams that only lacked isExecutable once made executable (as in our modeler after import)', async () => {
    const keys = async (f: string) =>
      (await compileDocument(read(f).replace(/isExecutable="false"/g, 'isExecutable="true"'))).processes.map(
        (p) => p.key,
      );
    expect(await keys('A.1.0.bpmn')).to.deep.equal(['WFP-6-']);
    // a collaboration of two pools: each process deploys
    expect(await keys('A.4.0.bpmn')).to.deep.equal(['WFP-6-1', 'WFP-6-2']);
    // a Signavio export: its metadata ignored
    expect(await keys('A.4.1.bpmn')).to.have.length(2);
  });

  it('decodes ISO-8859-1 documents by their declaration and declares UTF-8 afterwards', () => {
    const bytes = readFileSync(new URL('A.1.0.bpmn', DIR));
    expect(bytes.toString('latin1')).to.match(/encoding="ISO-8859-1"/);
    expect(read('A.1.0.bpmn')).to.match(/^<\?xml version="1.0" encoding="UTF-8"/);
    const latin = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a name="Prüfung"/>', 'latin1');
    expect(decodeXml(latin)).to.contain('Prüfung');
    // GBK (older Chinese tools): 网格 is CD F8 B8 F1
    const gbk = Buffer.concat([
      Buffer.from('<?xml version="1.0" encoding="GBK"?><a name="'),
      Buffer.from([0xcd, 0xf8, 0xb8, 0xf1]),
      Buffer.from('"/>'),
    ]);
    expect(decodeXml(gbk)).to.equal('<?xml version="1.0" encoding="UTF-8"?><a name="网格"/>');
    // a byte order mark wins over the declaration, a transport charset over the declaration
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<a name="网格"/>', 'utf16le')]);
    expect(decodeXml(utf16)).to.equal('<a name="网格"/>');
    expect(decodeXml(Buffer.from('<?xml version="1.0" encoding="GBK"?><a/>'), 'utf-8')).to.contain('<a/>');
  });

  it('refuses an unknown encoding and bytes invalid in the declared one, with a code', () => {
    const unknown = () => decodeXml(Buffer.from('<?xml version="1.0" encoding="EBCDIC-X"?><a/>'));
    expect(unknown).to.throw(XmlEncodingError).with.property('code', 'xml.encoding-unsupported');
    const invalid = () => decodeXml(Buffer.from([0x3c, 0x61, 0xff, 0xfe, 0xfd, 0x2f, 0x3e]), 'utf-8');
    expect(invalid).to.throw(XmlEncodingError).with.property('code', 'xml.encoding-invalid');
  });

  it("lists other tools' metadata as ignored, grouped per kind with a count", async () => {
    const signavio = (await parseBpmn(read('A.4.1.bpmn'))).ignored;
    const meta = signavio.find((w) => w.params.name === 'signavio:signavioMetaData');
    expect(meta).to.include({ code: 'extension.ignored' });
    expect(meta!.params).to.include({ namespace: 'http://www.signavio.com', count: 34 });
    expect(meta!.params.elementIds).to.have.length(10);
    const w4 = (await parseBpmn(read('A.2.1.bpmn'))).ignored;
    expect(w4.map((w) => w.params.name)).to.deep.equal(['w4graph:graphStyle']);
  });

  it("still refuses other execution engines' extensions, naming the element", async () => {
    const details = await refusals(read('C.9.1.bpmn'));
    const zeebe = details.find(
      (d) => d.code === 'extension.other-engine' && /zeebe:subscription/.test(d.message),
    );
    expect(zeebe?.elementId).to.equal('Message_1');
    // C.1.1 binds the prefix camunda: to the Activiti namespace: refused all the same
    const activiti = (await refusals(read('C.1.1.bpmn'))).filter((d) => d.code === 'extension.other-engine');
    expect(activiti.map((d) => d.elementId)).to.include('approveInvoice');
  });

  it('compiles each executable process of a collaboration, and leaves non-executable pools aside', async () => {
    const xml = read('C.5.0.bpmn');
    const keys = ['_3d1ef204-2d4c-4643-8fc5-c319cc032ec0', '_774bc005-0917-43d5-ab70-0f9fe123fbd1'];
    const details = await refusals(xml);
    // both processes are checked: problems of each are reported together (their call activities compile)
    expect(details.some((d) => d.message.includes('several'))).to.equal(false);
    for (const k of keys) {
      const start = xml.indexOf(`<semantic:process id="${k}"`);
      expect(start, k).to.be.greaterThan(-1);
      const body = xml.slice(start, xml.indexOf('</semantic:process>', start));
      expect(
        details.some((d) => body.includes(`id="${d.elementId}"`)),
        `a problem of ${k}`,
      ).to.equal(true);
    }
  });
});
