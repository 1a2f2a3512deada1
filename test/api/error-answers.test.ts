// The check every API test's error answers go through (error-answers.ts, hooked into helpers.ts) refuses what
// it is meant to refuse: the old flat body, an unlisted code, an uncoded detail, a message that is not the
// code's text, and a sentence of the other language in either session. Pure.
import { expect } from 'chai';
import { errorAnswerProblems } from './error-answers.js';

const body = (error: Record<string, unknown>) => ({ error });

describe('API error answers: the check the whole API suite runs', () => {
  it('passes the documented body, names and other data in the params in either language', () => {
    expect(
      errorAnswerProblems(
        409,
        body({
          code: 'task.claimed-by-other',
          params: { taskId: 't1', assignee: '王伟' },
          message: 'task t1 is claimed by 王伟',
        }),
      ),
    ).to.deep.equal([]);
    expect(
      errorAnswerProblems(
        400,
        body({
          code: 'http.invalid-body',
          params: {},
          message: 'invalid request body',
          details: [
            {
              path: '/gridUnit',
              message: 'must match pattern',
              code: 'field.pattern',
              params: { field: 'gridUnit' },
            },
          ],
        }),
      ),
    ).to.deep.equal([]);
  });

  it('refuses the old flat body, an unlisted code and a detail without a code', () => {
    const flat = { error: 'task not found', code: 'task.not-found', params: {} };
    expect(errorAnswerProblems(404, flat)[0]).to.match(/^not the documented error body/);
    expect(
      errorAnswerProblems(404, body({ code: 'task.gone', params: {}, message: 'task.gone' }))[0],
    ).to.match(/^not the documented error body/);
    const uncoded = body({
      code: 'http.invalid-body',
      params: {},
      message: 'invalid request body',
      details: [{ path: '/x', message: 'bad' }],
    });
    expect(errorAnswerProblems(400, uncoded)[0]).to.match(/^not the documented error body/);
  });

  it('refuses a message other than the English text of the code', () => {
    const problems = errorAnswerProblems(
      404,
      body({ code: 'task.not-found', params: {}, message: 'no such task here' }),
    );
    expect(problems).to.deep.equal(['message "no such task here" is not the English text of task.not-found']);
  });

  it('refuses a Chinese sentence for the English session and an English one for the Chinese session', () => {
    const chinese = errorAnswerProblems(
      400,
      body({
        code: 'definition.invalid',
        params: {},
        message: 'invalid process definition',
        details: [
          {
            path: 'task1',
            message: '等级无效，请重新选择',
            code: 'deploy.problem',
            params: { elementId: 'task1', message: '等级无效，请重新选择' },
          },
        ],
      }),
    );
    expect(chinese.some((p) => p.startsWith('a Chinese sentence in params.message'))).to.equal(true);
    expect(chinese.some((p) => p.startsWith('Chinese in the English session'))).to.equal(true);
    const english = errorAnswerProblems(
      400,
      body({
        code: 'definition.invalid',
        params: {},
        message: 'invalid process definition',
        details: [
          {
            path: 'task1',
            message: 'the level is not known here',
            code: 'deploy.problem',
            params: { elementId: 'task1', message: 'the level is not known here' },
          },
        ],
      }),
    );
    expect(english).to.have.length(1);
    expect(english[0]).to.match(/^English "the level is not known here" in the Chinese session/);
  });
});
