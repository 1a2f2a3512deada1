// Comments on a case (批注/留言): a line of text from anyone who may see the case, optionally mentioning
// people (@) who may see it too; each mentioned person gets a notification. A comment is one history record
// (action `comment`, details {commentId, text, mentions}) — the history already holds who did what when on
// the case, indexed by case, so the comment shows there and in the case file without a store of its own.
//
// Exactly once on retries: the record's id comes from the case, the author and the client's `requestId`
// (random without one), written with insert-if-absent; the notifications' ids from the comment id. A client
// that repeats a request after a timeout — or after the process died between the record and the
// notifications — adds nothing twice and still gets every notification sent.
import { createHash, randomUUID } from 'node:crypto';
import type { NotificationDoc, NotificationItem } from '../queue/notifications.js';
import type { EngineEvent } from '../queue/outbox.js';
import type { HistoryRecord, InstanceState } from '../runtime/types.js';
import type { Store } from '../store/types.js';
import { notice } from '../notifications/messages.js';
import { HistoryLog } from '../queue/history.js';

export const COMMENT_LIMITS = { text: 2000, mentions: 20, listed: 200 } as const;

export interface CaseComment {
  id: string;
  instanceId: string;
  author: string;
  authorName?: string;
  text: string;
  mentions: Array<{ username: string; displayName?: string }>;
  at: number;
}

export interface CommentDeps {
  store: Store;
  now: () => number;
  /** the mentioned person may see the case (the API's jurisdiction rule); unknown people may not */
  maySee: (username: string, s: InstanceState) => Promise<boolean>;
  displayNames: (usernames: string[]) => Promise<Map<string, string>>;
  /** records notifications (idempotent ids) and answers their live events (engine/queue/outbox.ts) */
  announce: (notes: NotificationDoc[], item: NotificationItem, reopen: boolean) => Promise<EngineEvent[]>;
  publish: (events: EngineEvent[]) => Promise<void>;
}

/** A mention of someone who may not see the case (or does not exist: the same answer, revealing nothing). */
export class MentionNotVisible extends Error {
  constructor(readonly username: string) {
    super(`${username} may not see this case`);
    this.name = 'MentionNotVisible';
  }
}

const commentId = (instanceId: string, author: string, requestId: string | undefined) =>
  `c${createHash('sha256')
    .update(`${instanceId}\n${author}\n${requestId ?? randomUUID()}`)
    .digest('hex')
    .slice(0, 20)}`;

const oneLine = (text: string, max = 60) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return [...flat].length > max ? `${[...flat].slice(0, max).join('')}…` : flat;
};

function view(r: HistoryRecord, names: Map<string, string>): CaseComment {
  const d = (r.details ?? {}) as { commentId?: string; text?: string; mentions?: string[] };
  const mentions = Array.isArray(d.mentions) ? d.mentions : [];
  return {
    id: d.commentId ?? r._id,
    instanceId: r.instanceId,
    author: r.actor,
    ...(names.get(r.actor) ? { authorName: names.get(r.actor) } : {}),
    text: typeof d.text === 'string' ? d.text : '',
    mentions: mentions.map((u) => ({ username: u, ...(names.get(u) ? { displayName: names.get(u) } : {}) })),
    at: r.at,
  };
}

/**
 * Adds a comment by `author` (already allowed to see `s`) to the case: checks the mentions, writes the
 * record, notifies the mentioned (not the author). Answers the comment (the stored one on a repeat).
 */
export async function addComment(
  deps: CommentDeps,
  s: InstanceState,
  author: string,
  input: { text: string; mentions?: string[]; requestId?: string },
): Promise<CaseComment> {
  const mentions = [...new Set(input.mentions ?? [])];
  for (const u of mentions) if (!(await deps.maySee(u, s))) throw new MentionNotVisible(u);
  const id = commentId(s._id, author, input.requestId);
  const history = new HistoryLog(deps.store);
  const record: HistoryRecord = {
    _id: `${s._id}.${id}`,
    instanceId: s._id,
    at: deps.now(),
    actor: author,
    action: 'comment',
    details: { commentId: id, text: input.text, mentions },
  };
  await history.append([record]);
  // a repeat finds the first attempt's record: its time and text are the comment
  const stored = (await history.get(record._id)) ?? record;
  const names = await deps.displayNames([author, ...mentions]);
  const comment = view(stored, names);
  const to = comment.mentions.map((m) => m.username).filter((u) => u !== author);
  if (to.length) {
    const who = names.get(author) ?? author;
    const { title, message } = notice('comment.mentioned', { actor: who });
    const body = oneLine(comment.text);
    const notes: NotificationDoc[] = to.map((recipient) => ({
      _id: `${recipient}|${id}`,
      recipient,
      kind: 'info',
      title,
      body,
      message,
      unit: s.gridUnit,
      read: false,
      at: comment.at,
    }));
    const item: NotificationItem = {
      instanceId: s._id,
      caseNo: s.caseNo,
      caseTitle: s.title,
      title,
      body,
      message,
      effectId: `comment.${id}`,
    };
    await deps.publish(await deps.announce(notes, item, false));
  }
  return comment;
}

/** The newest comments of a case (at most COMMENT_LIMITS.listed), oldest first, with display names. */
export async function listComments(
  deps: Pick<CommentDeps, 'store' | 'displayNames'>,
  instanceId: string,
): Promise<{ items: CaseComment[]; total: number }> {
  const { items: newest, total } = await new HistoryLog(deps.store).newestOfCase(
    instanceId,
    'comment',
    COMMENT_LIMITS.listed,
  );
  const people = new Set<string>();
  for (const r of newest) {
    people.add(r.actor);
    for (const u of (r.details?.mentions as string[] | undefined) ?? []) people.add(u);
  }
  const names = await deps.displayNames([...people]);
  return { items: newest.reverse().map((r) => view(r, names)), total };
}
