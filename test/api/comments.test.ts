// Comments on a case (POST/GET /api/instances/:id/comments): who may comment, who may be mentioned, the
// notification each mentioned person gets, the history record and the case file, text limits, and a
// repeated request (same requestId) adding nothing twice.
import { expect } from 'chai';
import type { NotificationDoc } from '../../engine/queue/notifications.js';
import type { HistoryRecord } from '../../engine/runtime/types.js';
import { GRID1 } from '../helpers/engine.js';
import { flow, processXml } from './fixtures.js';
import { harness, type Harness } from './helpers.js';

const FLOW = processXml(
  'cmcase',
  `<bpmn:startEvent id="s"/>${flow('f0', 's', 'report')}
   <bpmn:userTask id="report" name="登记上报" grid:level="grid" grid:candidateRoles="handler"/>
   ${flow('f1', 'report', 'e')}
   <bpmn:endEvent id="e"/>`,
  '',
  '评论测试',
);

describe('API: comments on a case', () => {
  let h: Harness;
  let caseId: string;
  const comments = () =>
    h.t.engine.store.collection<HistoryRecord>('history').find({ instanceId: caseId, action: 'comment' });
  const notesOf = (user: string) =>
    h.t.engine.store.collection<NotificationDoc>('notifications').find({ recipient: user });

  before(async () => {
    h = await harness();
    await h.t.engine.deploy(FLOW);
    const res = await h.post('wangwei', '/api/instances', { definitionKey: 'cmcase', gridUnit: GRID1 });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    caseId = res.body.id;
    await h.t.engine.waitForIdle(caseId);
  });
  after(() => h.close());

  it('posts a comment mentioning someone who may see the case: notification, history record, case file', async () => {
    const chenmin = (await h.t.engine.org.user('chenmin'))!;
    const before = (await notesOf('chenmin')).length;
    const res = await h.post('wangwei', `/api/instances/${caseId}/comments`, {
      text: '现场已拍照，\n请社区协调物业处理',
      mentions: ['chenmin'],
    });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    expect(res.body).to.include({
      instanceId: caseId,
      author: 'wangwei',
      text: '现场已拍照，\n请社区协调物业处理',
    });
    expect(res.body.authorName).to.equal((await h.t.engine.org.user('wangwei'))!.displayName);
    expect(res.body.mentions).to.deep.equal([{ username: 'chenmin', displayName: chenmin.displayName }]);

    // the mentioned person is notified about this case; the author is not
    const notes = await notesOf('chenmin');
    expect(notes.length).to.equal(before + 1);
    const note = notes.find((n) => n._id.includes(res.body.id))!;
    expect(note.title).to.contain('提到了你');
    expect(note.body).to.equal('现场已拍照， 请社区协调物业处理');
    expect((await notesOf('wangwei')).some((n) => n._id.includes(res.body.id))).to.equal(false);

    // the history has the comment, in people's words
    const hist = await h.get('chenmin', `/api/instances/${caseId}/history`);
    const rec = (hist.body.items as Array<HistoryRecord & { actorName?: string }>).find(
      (r) => r.action === 'comment',
    )!;
    expect(rec.details).to.deep.include({ text: '现场已拍照，\n请社区协调物业处理', mentions: ['chenmin'] });
    expect(rec.actorName).to.equal(res.body.authorName);
    // the case file and the listing
    const file = await h.get('chenmin', `/api/instances/${caseId}/file`);
    expect(file.body.comments.map((c: { id: string }) => c.id)).to.deep.equal([res.body.id]);
    expect(file.body.commentsTotal).to.equal(1);
    // the people the file names, by display name
    expect(file.body.people).to.include({ wangwei: res.body.authorName, chenmin: chenmin.displayName });
    const list = await h.get('wangwei', `/api/instances/${caseId}/comments`);
    expect(list.status).to.equal(200);
    expect(list.body.items[0]).to.deep.equal(res.body);
  });

  it('refuses a mention of someone who may not see the case, naming them, and stores nothing', async () => {
    const count = (await comments()).length;
    for (const who of ['lina', 'nobody-here']) {
      const res = await h.post('wangwei', `/api/instances/${caseId}/comments`, {
        text: '请看一下',
        mentions: ['chenmin', who],
      });
      expect(res.status, who).to.equal(400);
      expect(res.body.error.code).to.equal('comment.mention-not-visible');
      expect(res.body.error.params).to.deep.equal({ username: who });
    }
    expect((await comments()).length).to.equal(count);
    expect((await notesOf('lina')).some((n) => n.title.includes('提到了你'))).to.equal(false);
  });

  it('answers 404 outside the jurisdiction, for posting and for reading', async () => {
    const post = await h.post('lina', `/api/instances/${caseId}/comments`, { text: '我看不到这个案件' });
    expect(post.status).to.equal(404);
    expect((await h.get('lina', `/api/instances/${caseId}/comments`)).status).to.equal(404);
    expect(
      (await h.post('wangwei', '/api/instances/no-such-case/comments', { text: '你好' })).status,
    ).to.equal(404);
  });

  it('checks the text: not blank, at most 2000 characters, no bidi or control characters', async () => {
    const post = (body: unknown) => h.post('wangwei', `/api/instances/${caseId}/comments`, body);
    expect((await post({ text: '   ' })).status).to.equal(400);
    expect((await post({})).status).to.equal(400);
    expect((await post({ text: '长'.repeat(2001) })).status).to.equal(400);
    expect((await post({ text: 'ok', mentions: ['a b'] })).status).to.equal(400);
    const bidi = await post({ text: 'abc\u202Efdp.exe' });
    expect(bidi.status).to.equal(400);
    expect(bidi.body.error.code).to.equal('unsafe-text');
    expect((await post({ text: '长'.repeat(2000) })).status).to.equal(201);
  });

  it('adds a repeated request (same requestId) once, with one notification', async () => {
    const body = { text: '请复核', mentions: ['chenmin'], requestId: 'phone-7f3a-0001' };
    const before = (await notesOf('chenmin')).length;
    const a = await h.post('wangwei', `/api/instances/${caseId}/comments`, body);
    h.t.clock.advance(5000);
    const b = await h.post('wangwei', `/api/instances/${caseId}/comments`, body);
    expect(a.status).to.equal(201);
    expect(b.status).to.equal(201);
    expect(b.body).to.deep.equal(a.body);
    expect((await comments()).filter((r) => r.details?.commentId === a.body.id)).to.have.length(1);
    expect((await notesOf('chenmin')).length).to.equal(before + 1);
  });
});
