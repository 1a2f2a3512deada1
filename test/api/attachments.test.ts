// Attachments (POST /api/instances/:id/attachments, GET /api/attachments/:id[/thumbnail]): an upload and
// download round trip with its sha256, EXIF time and place, the upright thumbnail; 404 for someone of another
// grid; oversize and wrong-type uploads refused with nothing stored; sanitised names; a repeat with the same
// requestId stored once; uploads to a closed case or for a step of another case refused; the case file
// listing them; and the history cleanup deleting them with their case (and only then).
import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'chai';
import sharp from 'sharp';
import type { AttachmentDoc } from '../../engine/cases/attachments.js';
import { readArchive } from '../../engine/retention/archive.js';
import type { InstanceState } from '../../engine/runtime/types.js';
import { GRID1 } from '../helpers/engine.js';
import { retentionProcess } from '../retention/fixtures.js';
import { flow, processXml } from './fixtures.js';
import { harness, type Harness } from './helpers.js';

const MAX_BYTES = 200_000;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A 640×480 JPEG taken "on its side" (EXIF orientation 6) on 2026-12-01 09:30 local time, in Loudi. */
async function photo(colour = '#c33'): Promise<Buffer> {
  return sharp({ create: { width: 640, height: 480, channels: 3, background: colour } })
    .withExif({
      IFD0: { Make: 'TestCam' },
      IFD2: { DateTimeOriginal: '2026:12:01 09:30:00' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '27/1 44/1 2400/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '111/1 59/1 0/1',
      },
    })
    .withMetadata({ orientation: 6 })
    .jpeg()
    .toBuffer();
}

const binary = (res: { body: unknown }) => res.body as Buffer;

describe('API: attachments', function () {
  this.timeout(30000);
  let h: Harness;
  let caseId: string;
  let taskId: string;

  const upload = async (
    user: string,
    instanceId: string,
    data: Buffer,
    filename: string,
    fields: Record<string, string> = {},
    contentType = 'image/jpeg',
  ) => {
    const r = h
      .http()
      .post(`/api/instances/${instanceId}/attachments`)
      .set('Authorization', `Bearer ${await h.token(user)}`);
    for (const [k, v] of Object.entries(fields)) r.field(k, v);
    return r.attach('file', data, { filename, contentType });
  };
  const download = async (user: string, path: string) =>
    h
      .http()
      .get(path)
      .set('Authorization', `Bearer ${await h.token(user)}`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
  const docsOf = (instanceId: string) =>
    h.t.engine.store.collection<AttachmentDoc & { _id: string }>('attachments').find({ instanceId });
  const startCase = async (key = 'attcase') => {
    const res = await h.post('wangwei', '/api/instances', { definitionKey: key, gridUnit: GRID1 });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    await h.t.engine.waitForIdle(res.body.id);
    return res.body.id as string;
  };

  before(async () => {
    h = await harness(
      {},
      { config: { attachments: { maxBytes: MAX_BYTES, kinds: ['image', 'pdf', 'office'] } } },
    );
    await h.t.engine.deploy(retentionProcess('attcase', 'grid:historyTimeToLive="P1D"'));
    caseId = await startCase();
    taskId = (await h.t.engine.openTasksOfCase(caseId))[0]._id;
  });
  after(() => h.close());

  it('round trip: upload → 201 with sha256, EXIF time and place; download streams the same bytes', async () => {
    const jpeg = await photo();
    const res = await upload('wangwei', caseId, jpeg, '现场.jpg', { taskId });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body).to.include({
      name: '现场.jpg',
      size: jpeg.length,
      contentType: 'image/jpeg',
      sha256: sha(jpeg),
      instanceId: caseId,
      taskId,
      uploader: 'wangwei',
      hasThumbnail: true,
    });
    expect(res.body.id).to.match(/^a[0-9a-f]{20}$/);
    // EXIF 09:30 without an offset: local time in the business zone (Asia/Shanghai, UTC+8)
    expect(res.body.takenAt).to.equal(Date.parse('2026-12-01T01:30:00Z'));
    expect(res.body.location.lat).to.be.closeTo(27.74, 1e-6);
    expect(res.body.location.lon).to.be.closeTo(111.983333, 1e-6);
    // upright: orientation 6 turns 640×480 into 480×640
    expect([res.body.width, res.body.height]).to.deep.equal([480, 640]);

    const got = await download('wangwei', `/api/attachments/${res.body.id}`);
    expect(got.status).to.equal(200);
    expect(got.headers['content-type']).to.equal('image/jpeg');
    expect(sha(binary(got))).to.equal(res.body.sha256);
    expect(got.headers['content-disposition']).to.contain("filename*=UTF-8''%E7%8E%B0%E5%9C%BA.jpg");

    const thumb = await download('wangwei', `/api/attachments/${res.body.id}/thumbnail`);
    expect(thumb.status).to.equal(200);
    expect(thumb.headers['content-type']).to.equal('image/jpeg');
    const meta = await sharp(binary(thumb)).metadata();
    expect([meta.format, meta.width, meta.height]).to.deep.equal(['jpeg', 240, 320]);

    // the case file lists it
    const file = await h.get('wangwei', `/api/instances/${caseId}/file`);
    expect(file.body.attachments.map((a: { id: string }) => a.id)).to.include(res.body.id);
  });

  it('is 404 to a user of another grid — the attachment, its thumbnail, its info and uploading alike', async () => {
    const res = await upload('wangwei', caseId, await photo('#3c3'), 'b.jpg');
    expect(res.status).to.equal(201);
    const id = res.body.id as string;
    for (const path of [
      `/api/attachments/${id}`,
      `/api/attachments/${id}/thumbnail`,
      `/api/attachments/${id}/info`,
    ]) {
      const other = await download('lina', path);
      expect(other.status, path).to.equal(404);
      // the same answer as for an attachment that does not exist
      const absent = await download('lina', path.replace(id, 'a00000000000000000000'));
      expect(absent.status).to.equal(404);
      expect(JSON.parse(binary(other).toString())).to.deep.equal(JSON.parse(binary(absent).toString()));
    }
    const before = (await docsOf(caseId)).length;
    const up = await upload('lina', caseId, await photo('#33c'), 'c.jpg');
    expect(up.status).to.equal(404);
    expect((await docsOf(caseId)).length).to.equal(before);
    // the community's supervisor sees it
    expect((await download('chenmin', `/api/attachments/${id}`)).status).to.equal(200);
  });

  it('refuses an oversize upload with 413 and stores nothing', async () => {
    const big = await sharp(randomBytes(400 * 400 * 3), { raw: { width: 400, height: 400, channels: 3 } })
      .png()
      .toBuffer();
    expect(big.length).to.be.greaterThan(MAX_BYTES);
    const before = (await docsOf(caseId)).length;
    const res = await upload('wangwei', caseId, big, 'big.png', {}, 'image/png');
    expect(res.status, JSON.stringify(res.body)).to.equal(413);
    expect(res.body.error.code).to.equal('attachment.too-large');
    expect(res.body.error.params).to.deep.equal({ maxBytes: MAX_BYTES });
    expect((await docsOf(caseId)).length).to.equal(before);
    expect(await h.t.engine.store.blobs.stat(sha(big))).to.equal(null);
  });

  it('decides the type by the bytes: a disguised file is 400 with nothing stored, a PDF is a PDF', async () => {
    const before = (await docsOf(caseId)).length;
    const fakes: Array<[Buffer, string, string]> = [
      [Buffer.from('<html><script>alert(1)</script></html>'), 'photo.jpg', 'image/jpeg'],
      [
        Buffer.from('MZ\x90\x00\x03\x00\x00\x00' + 'x'.repeat(200), 'latin1'),
        'report.pdf',
        'application/pdf',
      ],
      // a zip that is no Office document
      [Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(300)]), 'a.docx', 'application/zip'],
      // a JPEG header and nothing after it
      [(await photo()).subarray(0, 200), 'cut.jpg', 'image/jpeg'],
    ];
    for (const [data, name, type] of fakes) {
      const res = await upload('wangwei', caseId, data, name, {}, type);
      expect(res.status, `${name}: ${JSON.stringify(res.body)}`).to.equal(400);
      expect(res.body.error.code).to.equal('attachment.type-not-allowed');
      expect(await h.t.engine.store.blobs.stat(sha(data))).to.equal(null);
    }
    expect((await docsOf(caseId)).length).to.equal(before);

    // a real PDF, declared as a PNG under a hostile name: stored as a PDF, the name made harmless
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const res = await upload('wangwei', caseId, pdf, '..\\..\\etc/整改\u202e通知书.png', {}, 'image/png');
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body).to.include({ contentType: 'application/pdf', hasThumbnail: false, sha256: sha(pdf) });
    expect(res.body.name).to.equal('整改通知书.png.pdf');
    const got = await download('wangwei', `/api/attachments/${res.body.id}`);
    expect(got.headers['content-type']).to.equal('application/pdf');
    expect(binary(got).equals(pdf)).to.equal(true);
    expect((await download('wangwei', `/api/attachments/${res.body.id}/thumbnail`)).status).to.equal(404);
  });

  it('stores a repeated upload (same requestId) once', async () => {
    const jpeg = await photo('#999');
    const one = await upload('wangwei', caseId, jpeg, 'r.jpg', { requestId: 'req-1' });
    const two = await upload('wangwei', caseId, jpeg, 'r.jpg', { requestId: 'req-1' });
    expect(one.status).to.equal(201);
    expect(two.status).to.equal(201);
    expect(two.body).to.deep.equal(one.body);
    expect((await docsOf(caseId)).filter((d) => d._id === one.body.id)).to.have.length(1);
  });

  it('records the form field an upload goes into; refuses a field that is no field name', async () => {
    const res = await upload('wangwei', caseId, await photo('#5a5'), 'f.jpg', { taskId, field: 'photos' });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body).to.include({ taskId, field: 'photos' });
    const list = await h.get('wangwei', `/api/instances/${caseId}/attachments`);
    expect(list.body.items.find((a: { id: string }) => a.id === res.body.id)).to.deep.equal(res.body);
    const bad = await upload('wangwei', caseId, await photo('#5a6'), 'g.jpg', { field: '../x' });
    expect(bad.status).to.equal(400);
    expect(bad.body.error.code).to.equal('attachment.bad-form');
    expect(bad.body.error.details[0].path).to.equal('/field');
  });

  it('is documented in the OpenAPI document as a multipart upload', async () => {
    const doc = (await h.http().get('/api/openapi.json')).body;
    const post = doc.paths['/api/instances/{id}/attachments'].post;
    expect(Object.keys(post.requestBody.content)).to.deep.equal(['multipart/form-data']);
    expect(post.requestBody.content['multipart/form-data'].schema.required).to.deep.equal(['file']);
    expect(post.responses).to.have.keys('201', '400', '401', '403', '404', '409', '413', '415', '500');
    expect(doc.paths['/api/attachments/{id}'].get.responses['200'].content).to.have.key(
      'application/octet-stream',
    );
    expect(doc.paths['/api/attachments/{id}/thumbnail'].get).to.be.an('object');
  });

  it('lets a form name only attachments of its own case', async () => {
    h.t.engine.forms.register('att-photo-form', {
      type: 'object',
      properties: {
        photos: { type: 'array', title: '现场照片', items: { type: 'string', format: 'attachment' } },
      },
    });
    await h.t.engine.deploy(
      processXml(
        'attform',
        `<bpmn:startEvent id="s"/>${flow('f0', 's', 'shoot')}
         <bpmn:userTask id="shoot" name="拍照" grid:level="grid" grid:candidateRoles="handler" grid:formKey="att-photo-form"/>
         ${flow('f1', 'shoot', 'e')}<bpmn:endEvent id="e"/>`,
      ),
    );
    const mine = await startCase('attform');
    const task = (await h.t.engine.openTasksOfCase(mine))[0]._id;
    await h.post('wangwei', `/api/tasks/${task}/claim`);
    const own = await upload('wangwei', mine, await photo('#111'), 'own.jpg', {
      taskId: task,
      field: 'photos',
    });
    const elsewhere = await upload('wangwei', caseId, await photo('#222'), 'elsewhere.jpg');
    const bad = await h.post('wangwei', `/api/tasks/${task}/complete`, {
      data: { photos: [own.body.id, elsewhere.body.id, 'a99999999999999999999'] },
    });
    expect(bad.status, JSON.stringify(bad.body)).to.equal(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal([
      '/data/photos/1',
      '/data/photos/2',
    ]);
    expect((await h.t.engine.getTask(task))!.status).to.equal('open');
    const ok = await h.post('wangwei', `/api/tasks/${task}/complete`, { data: { photos: [own.body.id] } });
    expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
    expect((await h.t.engine.getTask(task))!.data).to.deep.equal({ photos: [own.body.id] });
  });

  it('refuses a missing file, a step of another case and a closed case', async () => {
    const none = await h
      .http()
      .post(`/api/instances/${caseId}/attachments`)
      .set('Authorization', `Bearer ${await h.token('wangwei')}`)
      .field('taskId', taskId);
    expect(none.status).to.equal(400);
    expect(none.body.error.code).to.equal('attachment.file-missing');
    const json = await h.post('wangwei', `/api/instances/${caseId}/attachments`, { file: 'x' });
    expect(json.status).to.equal(415);

    const other = await startCase();
    const res = await upload('wangwei', other, await photo('#aaa'), 'x.jpg', { taskId });
    expect(res.status).to.equal(400);
    expect(res.body.error.code).to.equal('attachment.task-not-actionable');

    const otherTask = (await h.t.engine.openTasksOfCase(other))[0]._id;
    await h.t.engine.completeTask(otherTask, 'wangwei', {});
    await h.t.engine.waitForIdle(other);
    const closed = await upload('wangwei', other, await photo('#bbb'), 'y.jpg');
    expect(closed.status).to.equal(409);
    expect(closed.body.error.code).to.equal('attachment.case-closed');
    expect(await docsOf(other)).to.have.length(0);
  });

  it('goes only with its case, through the history cleanup: documents archived, unshared blobs deleted', async () => {
    const shared = await photo('#0af');
    const own = await photo('#fa0');
    const doomed = await startCase();
    const kept = await startCase();
    const a = await upload('wangwei', doomed, own, 'own.jpg');
    const b = await upload('wangwei', doomed, shared, 'shared.jpg');
    const c = await upload('wangwei', kept, shared, 'shared.jpg');
    for (const r of [a, b, c]) expect(r.status).to.equal(201);
    const thumbOf = async (id: string) =>
      (await h.t.engine.store
        .collection<AttachmentDoc & { _id: string }>('attachments')
        .findOne({ _id: id }))!.thumbnailSha256!;
    const ownThumb = await thumbOf(a.body.id);

    // closing the case deletes nothing; the cleanup after its time to live does
    const t = (await h.t.engine.openTasksOfCase(doomed))[0]._id;
    await h.t.engine.completeTask(t, 'wangwei', {});
    await h.t.engine.waitForIdle(doomed);
    // the outbox clearing write would otherwise follow within SWEEP_AFTER_MS (the cleanup waits for it)
    await h.t.engine.recovery.sweepOutboxes(0);
    expect(await docsOf(doomed)).to.have.length(2);
    expect(await h.t.engine.store.blobs.stat(sha(own))).to.deep.equal({ size: own.length });
    const s = (await h.t.engine.store.collection<InstanceState>('instances').findOne({ _id: doomed }))!;
    expect(s.removalAt).to.be.a('number');
    h.t.clock.set(s.removalAt! + 1);
    const report = await h.t.engine.retention.runCleanup('test');
    expect(await h.t.engine.cases.instance(doomed), JSON.stringify(report)).to.equal(null);
    // the archive says what each attachment was and that its bytes are gone
    const archived: Array<Record<string, unknown>> = [];
    for await (const l of readArchive(report.archives[0]))
      if (l.collection === 'attachments' && l.doc.instanceId === doomed) archived.push(l.doc);
    expect(archived.map((d) => [d._id, d.sha256, d.bytesDeleted]).sort()).to.deep.equal(
      [
        [a.body.id, sha(own), true],
        [b.body.id, sha(shared), true],
      ].sort(),
    );
    expect(report.removed.attachments).to.equal(2);
    expect(report.blobsDeleted).to.equal(2); // the own photo and its thumbnail; the shared ones stay

    expect(await docsOf(doomed)).to.have.length(0);
    expect(await h.t.engine.store.blobs.stat(sha(own))).to.equal(null);
    expect(await h.t.engine.store.blobs.stat(ownThumb)).to.equal(null);
    expect(await h.t.engine.store.blobs.stat(sha(shared))).to.deep.equal({ size: shared.length });
    const still = await download('wangwei', `/api/attachments/${c.body.id}`);
    expect(sha(binary(still))).to.equal(sha(shared));
    expect((await download('wangwei', `/api/attachments/${a.body.id}`)).status).to.equal(404);
  });
});
