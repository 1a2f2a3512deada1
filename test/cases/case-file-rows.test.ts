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
});
