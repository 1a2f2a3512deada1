// Lists of objects in the case file (当事人 …) are labelled row by row with the item schema's titles and
// option labels, so nobody reads {"side":"applicant"}.
import { expect } from 'chai';
import { labelFields } from '../../engine/cases/case-file.js';

const PARTIES = {
  properties: {
    parties: {
      type: 'array',
      title: '当事人',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string', title: '姓名/名称' },
          side: {
            type: 'string',
            title: '身份',
            enum: ['applicant', 'respondent'],
            'x-enumNames': ['申请人', '被申请人'],
          },
        },
      },
    },
  },
};

describe('case file: lists of objects', () => {
  it('labels each row by the item schema, enum values by their labels', () => {
    const [f] = labelFields(PARTIES, {
      parties: [
        { name: '张三', side: 'applicant' },
        { side: 'respondent', name: '李四' },
      ],
    });
    expect(f.title).to.equal('当事人');
    expect(f.rows).to.deep.equal([
      [
        { name: 'name', title: '姓名/名称', value: '张三' },
        { name: 'side', title: '身份', value: 'applicant', labels: ['申请人'] },
      ],
      [
        { name: 'name', title: '姓名/名称', value: '李四' },
        { name: 'side', title: '身份', value: 'respondent', labels: ['被申请人'] },
      ],
    ]);
  });

  it('has no rows for lists of plain values', () => {
    const [f] = labelFields(
      { properties: { photos: { type: 'array', items: { type: 'string' } } } },
      {
        photos: ['a'],
      },
    );
    expect(f).to.not.have.property('rows');
  });

  it('labels photo fields as attachments with their stage (处置前/处置后), as the bundled forms declare them', async () => {
    const { readFile } = await import('node:fs/promises');
    const form = async (key: string) =>
      JSON.parse(await readFile(`processes/forms/${key}.json`, 'utf8')) as object;
    const [before] = labelFields(
      await form('fire-hazard-report'),
      { photos: ['a0123456789abcdef0123'] },
      true,
    );
    expect(before).to.include({ name: 'photos', title: '现场照片', format: 'attachment', stage: 'before' });
    const [after] = labelFields(
      await form('fire-hazard-onsite'),
      { photos: ['a0123456789abcdef0124'] },
      true,
    );
    expect(after).to.include({ format: 'attachment', stage: 'after' });
    // a list of strings that are not attachments has neither
    const [plain] = labelFields(
      { properties: { tags: { type: 'array', items: { type: 'string' } } } },
      { tags: ['x'] },
    );
    expect(plain).to.not.have.any.keys('format', 'stage');
  });
});
