// The form model of the UI (ui/src/forms/schema.ts) for repeatable groups (arrays of objects, 当事人):
// raw rows ↔ data, empty rows not sent, each row checked against the item schema with its errors on the
// row's own fields, and the server's errors (/data/parties/1/phone) mapped back onto them. Pure functions,
// run under node (no browser).
import { expect } from 'chai';
import {
  fieldKind,
  initialRaw,
  mapServerErrors,
  rowErrors,
  validate,
  type RawForm,
} from '../../ui/src/forms/schema.js';
import type { JsonSchema } from '../../ui/src/types.js';

const FORM = {
  type: 'object',
  required: ['parties'],
  properties: {
    parties: {
      type: 'array',
      title: '当事人',
      minItems: 2,
      items: {
        type: 'object',
        title: '当事人',
        required: ['name', 'side'],
        properties: {
          name: { type: 'string', title: '姓名/名称', minLength: 1 },
          side: { type: 'string', enum: ['applicant', 'respondent'], 'x-enumNames': ['申请人', '被申请人'] },
          phone: { type: 'string', pattern: '^1[3-9]\\d{9}$' },
        },
      },
    },
    photos: { type: 'array', items: { type: 'string' } },
  },
} as JsonSchema;

const rows = (raw: RawForm) => raw.parties as RawForm[];

describe('UI forms: repeatable groups (arrays of objects)', () => {
  it('is a group, not a JSON text box; opens with as many empty rows as it needs at least', () => {
    expect(fieldKind(FORM.properties!.parties)).to.equal('object-list');
    expect(fieldKind(FORM.properties!.photos)).to.equal('string-list');
    const raw = initialRaw(FORM);
    expect(rows(raw)).to.have.length(2);
    expect(rows(raw)[0]).to.deep.equal({ name: '', side: '', phone: '' });
  });

  it('opens with the values there are, enum values as their options', () => {
    const raw = initialRaw(FORM, { parties: [{ name: '张三', side: 'respondent' }] });
    expect(rows(raw)).to.deep.equal([{ name: '张三', side: '1', phone: '' }]);
  });

  it('turns rows into data, leaving out rows left empty', () => {
    const raw = initialRaw(FORM);
    rows(raw)[0] = { name: '张三', side: '0', phone: '' };
    rows(raw)[1] = { name: '', side: '', phone: '' };
    rows(raw).push({ name: '李四', side: '1', phone: '13800138000' });
    const { data, errors } = validate(FORM, raw);
    expect(errors).to.deep.equal({});
    expect(data.parties).to.deep.equal([
      { name: '张三', side: 'applicant' },
      { name: '李四', side: 'respondent', phone: '13800138000' },
    ]);
  });

  it("checks each row against the item schema, the errors on the row's own fields", () => {
    const raw: RawForm = {
      parties: [
        { name: '张三', side: '', phone: '' },
        { name: '', side: '', phone: '' },
        { name: '王五', side: '0', phone: '123' },
      ],
    };
    const { errors } = validate(FORM, raw);
    expect(Object.keys(errors).sort()).to.deep.equal(['parties.0.side', 'parties.2.phone']);
    expect(rowErrors(errors, 'parties', 2)).to.have.keys(['phone']);
    expect(rowErrors(errors, 'parties', 1)).to.deep.equal({});
  });

  it('asks for the group when it is required and nothing was filled in', () => {
    const { errors } = validate(FORM, initialRaw(FORM));
    expect(errors).to.have.keys(['parties']);
  });

  it("maps the server's errors of a row onto that row's field", () => {
    const { fields, other } = mapServerErrors(FORM, [
      { path: '/data/parties/1/phone', message: 'must match pattern' },
      { path: '/data/parties', message: 'must NOT have fewer than 2 items' },
    ]);
    expect(fields).to.have.keys(['parties.1.phone', 'parties']);
    expect(other).to.deep.equal([]);
  });
});
