// Comments on a case: POST /instances/:id/comments {text, mentions?, requestId?} and the listing. Whoever may
// see the case may comment; a mention must name someone who may see it too (else 400
// `comment.mention-not-visible` naming them). The service is engine/cases/comments.ts.
import { Router } from 'express';
import { addComment, COMMENT_LIMITS, listComments, MentionNotVisible } from '../cases/comments.js';
import type { InstanceState } from '../runtime/types.js';
import { canSeeInstanceDirectly, principalOf } from './access.js';
import { op, type ApiContext } from './context.js';
import { codedError } from './errors.js';
import { visibleInstance } from './views.js';

interface CommentBody {
  text: string;
  mentions?: string[];
  requestId?: string;
}

export function commentRoutes(ctx: ApiContext): Router {
  const r = Router();
  const { engine } = ctx;

  /** The jurisdiction rule of GET /instances/:id (views.ts visibleInstance), for another person. */
  const maySee = async (username: string, s: InstanceState): Promise<boolean> => {
    const u = await engine.accounts.get(username);
    if (!u || u.disabled) return false;
    const p = principalOf(u);
    if (canSeeInstanceDirectly(p, s)) return true;
    // an admin sees every case directly (canSeeInstanceDirectly)
    return engine.cases.hasTaskVisibleTo(s._id, p);
  };

  const deps = engine.commentDeps(maySee, () => ctx.now());

  op<CommentBody>(
    r,
    ctx,
    {
      method: 'post',
      path: '/instances/:id/comments',
      summary: 'Comment on a case, mentioning people who may see it (each gets a notification)',
      description:
        `\`text\`: 1–${COMMENT_LIMITS.text} characters, not blank (line breaks allowed). \`mentions\`: up to ` +
        `${COMMENT_LIMITS.mentions} usernames, each of someone who may see the case — otherwise 400 with code ` +
        '`comment.mention-not-visible` and `params.username`. `requestId` (optional) makes a repeat of the ' +
        'same request add nothing: the comment and its notifications are written once. Answers 201 ' +
        '`{id, instanceId, author, authorName, text, mentions: [{username, displayName}], at}`; the comment ' +
        'is a history record (`action: "comment"`) and part of the case file. Outside jurisdiction: 404.',
      tag: 'instances',
      body: 'CommentBody',
      status: 201,
    },
    async ({ params, body, user }) => {
      const s = await visibleInstance(ctx, user, params.id);
      try {
        return await addComment(deps, s, user.username, body);
      } catch (err) {
        if (err instanceof MentionNotVisible)
          throw codedError(
            400,
            'comment.mention-not-visible',
            'a mentioned user may not see this case',
            { username: err.username },
            [{ path: '/mentions', message: `${err.username} may not see this case` }],
          );
        throw err;
      }
    },
  );

  op(
    r,
    ctx,
    {
      method: 'get',
      path: '/instances/:id/comments',
      summary: `The comments of a case, oldest first (the newest ${COMMENT_LIMITS.listed}, with \`total\`)`,
      tag: 'instances',
    },
    async ({ params, user }) => {
      const s = await visibleInstance(ctx, user, params.id);
      return listComments(deps, s._id);
    },
  );

  return r;
}
