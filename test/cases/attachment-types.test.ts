// What an upload is, from its bytes (engine/cases/attachment-types.ts): images by sharp, PDF by its header,
// Office documents as OOXML packages or OLE compound files; everything else refused. Names made harmless.
// Limits from the environment, refused when they make no sense.
import { expect } from 'chai';
import ExcelJS from 'exceljs';
import sharp from 'sharp';
import {
  attachmentLimitsFromEnv,
  DEFAULT_ATTACHMENT_MAX_BYTES,
  MAX_NAME_LENGTH,
  sanitizeName,
  sniff,
} from '../../engine/cases/attachment-types.js';

describe('attachment types: sniffed from the bytes', () => {
  it('knows images by decoding them, whatever their name says', async () => {
    const img = (f: 'png' | 'webp' | 'gif' | 'jpeg') =>
      sharp({ create: { width: 8, height: 8, channels: 3, background: '#123' } })
        [f]()
        .toBuffer();
    expect(await sniff(await img('png'), 'a.jpg')).to.deep.equal({
      kind: 'image',
      contentType: 'image/png',
      ext: 'png',
    });
    expect((await sniff(await img('webp'), 'a'))!.contentType).to.equal('image/webp');
    expect((await sniff(await img('gif'), 'a'))!.contentType).to.equal('image/gif');
    expect((await sniff(await img('jpeg'), 'a.png'))!.ext).to.equal('jpg');
    // an SVG is text a browser would run: not an image here
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    expect(await sniff(svg, 'a.svg')).to.equal(undefined);
  });

  it('knows PDF by its header and Office files by their package, refusing a plain zip', async () => {
    expect(await sniff(Buffer.from('%PDF-1.7\n…'), 'x.docx')).to.deep.equal({
      kind: 'pdf',
      contentType: 'application/pdf',
      ext: 'pdf',
    });
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('台账').addRow(['隐患', '地址']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    expect(await sniff(xlsx, '台账.pdf')).to.deep.include({
      kind: 'office',
      ext: 'xlsx',
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    const ole = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(504),
    ]);
    expect(await sniff(ole, '通知.xls')).to.deep.include({
      kind: 'office',
      contentType: 'application/vnd.ms-excel',
    });
    expect(await sniff(ole, 'x.exe')).to.deep.include({ kind: 'office', ext: 'doc' });
    const zip = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.from('payload.exe')]);
    expect(await sniff(zip, 'a.docx')).to.equal(undefined);
    expect(await sniff(Buffer.from('MZ\x90\x00'), 'a.pdf')).to.equal(undefined);
  });

  it('keeps a harmless name: last path segment, no control or bidi characters, the content’s extension, capped', () => {
    const jpg = { ext: 'jpg' };
    expect(sanitizeName('C:\\Users\\王伟\\现场 1.JPG', jpg)).to.equal('现场 1.JPG');
    expect(sanitizeName('../../etc/passwd', jpg)).to.equal('passwd.jpg');
    expect(sanitizeName('photo\u202egpj.exe', jpg)).to.equal('photogpj.exe.jpg');
    expect(sanitizeName('a\u0000b\u0007c.jpeg', jpg)).to.equal('abc.jpeg');
    expect(sanitizeName('...', { ext: 'pdf' })).to.equal('file.pdf');
    expect(sanitizeName('', { ext: 'pdf' })).to.equal('file.pdf');
    const long = sanitizeName(`${'很长的名字'.repeat(40)}.pdf`, { ext: 'pdf' });
    expect([...long]).to.have.length(MAX_NAME_LENGTH);
    expect(long.endsWith('.pdf')).to.equal(true);
  });

  it('reads its limits from the environment and refuses nonsense', () => {
    expect(attachmentLimitsFromEnv({})).to.deep.equal({
      maxBytes: DEFAULT_ATTACHMENT_MAX_BYTES,
      kinds: ['image', 'pdf', 'office'],
    });
    expect(
      attachmentLimitsFromEnv({ ATTACHMENT_MAX_BYTES: '1048576', ATTACHMENT_KINDS: 'image' }),
    ).to.deep.equal({
      maxBytes: 1048576,
      kinds: ['image'],
    });
    expect(() => attachmentLimitsFromEnv({ ATTACHMENT_MAX_BYTES: '20MB' })).to.throw(/ATTACHMENT_MAX_BYTES/);
    expect(() => attachmentLimitsFromEnv({ ATTACHMENT_MAX_BYTES: '0' })).to.throw(/ATTACHMENT_MAX_BYTES/);
    expect(() => attachmentLimitsFromEnv({ ATTACHMENT_KINDS: 'image,exe' })).to.throw(/unknown kind "exe"/);
  });
});
