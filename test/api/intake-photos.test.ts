// Photos of reports through the attachments module: the public page uploads to the report it filed with
// its upload token (images only, at most 3, nothing without the token or after the report was decided),
// the photos move to the case at 立案 (and at 并案) and are seen there by the grid's handler; an operator's
// photo on an accepted report goes to its case.
import { expect } from 'chai';
import sharp from 'sharp';
import { harness, type Harness } from './helpers.js';
import { flow, processXml } from './fixtures.js';

const FLOW = processXml(
  'xphoto',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'work')}
   <bpmn:userTask id="work" name="处置" grid:level="grid" grid:candidateRoles="handler"/>
   ${flow('f1', 'work', 'e')}<bpmn:endEvent id="e"/>`,
  '',
  '照片测试',
);
const IN_GRID1 = { lat: 27.72, lng: 111.969 };

const solve = (q: string) => {
  const m = /^(\d+) ([+−]) (\d+) = \?$/.exec(q);
  if (!m) throw new Error(`unexpected question ${q}`);
  return m[2] === '+' ? Number(m[1]) + Number(m[3]) : Number(m[1]) - Number(m[3]);
};

describe('API: photos of reports (intake)', () => {
  let h: Harness;
  let png: Buffer;
  before(async () => {
    h = await harness({}, { config: { intakeProcesses: { fire: 'xphoto' } } });
    await h.t.engine.deploy(FLOW);
    png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#c00' } })
      .png()
      .toBuffer();
  });
  after(() => h.close());

  const file = async (phone: string) => {
    const ch = await h.get(null, '/api/public/challenge');
    const res = await h.post(null, '/api/public/reports', {
      reporter: { name: '李四', phone },
      category: 'fire',
      description: '消防通道被车辆占用',
      location: IN_GRID1,
      challengeId: ch.body.id,
      challengeAnswer: solve(ch.body.question),
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body as { receipt: string; uploadToken: string };
  };
  const publicUpload = (receipt: string, token: string | null, data: Buffer, name = 'p.png') => {
    const r = h.http().post(`/api/public/reports/${receipt}/photos`);
    if (token) r.set('X-Upload-Token', token);
    return r.attach('file', data, { filename: name, contentType: 'image/png' });
  };
  const staffUpload = async (user: string, receipt: string, data: Buffer) =>
    h
      .http()
      .post(`/api/intake/${receipt}/photos`)
      .set('Authorization', `Bearer ${await h.token(user)}`)
      .attach('file', data, { filename: 'scene.png', contentType: 'image/png' });

  it('the public page uploads with its token: images only, at most 3; they join the case at 立案', async () => {
    const { receipt, uploadToken } = await file('13900002222');
    expect(uploadToken).to.be.a('string').with.length.above(20);
    expect((await publicUpload(receipt, null, png)).status).to.equal(404);
    expect((await publicUpload(receipt, 'x'.repeat(24), png)).status).to.equal(404);
    const pdf = await publicUpload(receipt, uploadToken, Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n'), 'a.pdf');
    expect(pdf.status).to.equal(400);
    expect(pdf.body.error.code).to.equal('attachment.type-not-allowed');
    for (let i = 0; i < 3; i++) {
      const ok = await publicUpload(receipt, uploadToken, png);
      expect(ok.status, JSON.stringify(ok.body)).to.equal(201);
      expect(Object.keys(ok.body).sort()).to.deep.equal(['id', 'name', 'size']);
    }
    const fourth = await publicUpload(receipt, uploadToken, png);
    expect(fourth.status).to.equal(409);
    expect(fourth.body.error.code).to.equal('intake.too-many-photos');
    // the token is never shown to the operator
    const entry = await h.get('sunqing', `/api/intake/${receipt}`);
    expect(JSON.stringify(entry.body)).not.to.include(uploadToken);
    expect(entry.body).not.to.have.property('photoToken');
    const accepted = await h.post('sunqing', `/api/intake/${receipt}/accept`, {});
    expect(accepted.status, JSON.stringify(accepted.body)).to.equal(200);
    const id = accepted.body.instanceId as string;
    const list = await h.get('wangwei', `/api/instances/${id}/attachments`);
    expect(list.status).to.equal(200);
    const items = list.body.items ?? list.body;
    expect(items).to.have.length(3);
    expect(items[0]).to.include({ uploader: 'public', kind: 'image' });
    // decided: the public token opens nothing any more
    expect((await publicUpload(receipt, uploadToken, png)).status).to.equal(404);
  });

  it('operator photos: on a waiting report they follow it at 并案; on an accepted one they go to its case', async () => {
    const target = await file('13900003333');
    const t = await h.post('sunqing', `/api/intake/${target.receipt}/accept`, {});
    const caseId = t.body.instanceId as string;
    const dup = await file('13900004444');
    const up = await staffUpload('sunqing', dup.receipt, png);
    expect(up.status, JSON.stringify(up.body)).to.equal(201);
    expect(up.body.instanceId).to.equal(`intake.${dup.receipt}`);
    // an operator of another street does not reach the report
    expect((await staffUpload('qianyu', dup.receipt, png)).status).to.equal(404);
    expect((await staffUpload('wangwei', dup.receipt, png)).status).to.equal(404);
    const merged = await h.post('sunqing', `/api/intake/${dup.receipt}/merge`, { instanceId: caseId });
    expect(merged.status, JSON.stringify(merged.body)).to.equal(200);
    const after1 = await h.get('wangwei', `/api/instances/${caseId}/attachments`);
    expect(after1.body.items ?? after1.body).to.have.length(1);
    const onCase = await staffUpload('sunqing', target.receipt, png);
    expect(onCase.status).to.equal(201);
    expect(onCase.body.instanceId).to.equal(caseId);
  });
});
