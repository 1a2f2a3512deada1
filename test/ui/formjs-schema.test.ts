// The form editor's conversion between our JSON Schema forms and form-js's schema (ui/src/forms/
// formjs-schema.ts): every bundled form survives a round trip unchanged, what form-js cannot express is kept
// and named, and each form-js input component becomes the JSON Schema our renderer and ajv understand.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import {
  forDeploy,
  fromFormJs,
  toFormJs,
  unsupportedComponents,
  type FormJsSchema,
  type Schema,
} from '../../ui/src/forms/formjs-schema.js';
import { fieldKind } from '../../ui/src/forms/schema.js';

const DIR = path.resolve(import.meta.dirname, '../../processes/forms');
const read = (f: string) => JSON.parse(readFileSync(path.join(DIR, f), 'utf8')) as Schema;

describe('form editor: form-js ↔ JSON Schema', () => {
  it('every bundled form survives toFormJs → fromFormJs unchanged', () => {
    const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
    expect(files.length).to.be.greaterThan(10);
    let shown = 0;
    for (const f of files) {
      const original = read(f);
      const { schema, kept } = toFormJs(original);
      shown += schema.components.length;
      const back = fromFormJs(JSON.parse(JSON.stringify(schema)) as FormJsSchema, original);
      expect(back, f).to.deep.equal(original);
      // each property is either a component or kept, never both, never neither
      const keys = schema.components.map((c) => c.key);
      expect([...keys, ...kept].sort(), f).to.deep.equal(Object.keys(original.properties ?? {}).sort());
    }
    expect(shown).to.be.greaterThan(150);
  });

  it('maps the fire hazard report field by field, and keeps what form-js cannot show', () => {
    const { schema, kept } = toFormJs(read('fire-hazard-report.json'));
    const by = Object.fromEntries(schema.components.map((c) => [c.key, c]));
    expect(by.location).to.include({ type: 'textfield', label: '隐患地址' });
    expect(by.location.validate).to.deep.equal({ required: true, minLength: 4, maxLength: 200 });
    expect(by.venueType.type).to.equal('select');
    expect(by.venueType.values![0]).to.deep.equal({ label: '“三合一”场所', value: 'three_in_one' });
    expect(by.severity.type).to.equal('radio');
    expect(by.hazardTypes.type).to.equal('checklist');
    expect(by.description.type).to.equal('textarea');
    expect(by.photos).to.include({ type: 'filepicker', multiple: true, accept: 'image/*' });
    expect(by.discoveredAt).to.include({ type: 'datetime', subtype: 'datetime', dateLabel: '发现时间' });
    expect(by.contactPhone.validate!.pattern).to.match(/^\^\(1/);
    expect(kept).to.deep.equal([]);
    // groups of rows (当事人) are not form-js fields: kept
    const dispute = toFormJs(read('dispute-intake.json'));
    const raw = read('dispute-intake.json').properties!;
    for (const k of dispute.kept)
      expect(['object-list', 'string-list', 'unsupported']).to.include(fieldKind(raw[k]));
  });

  it('builds a new form from form-js components that ajv accepts and the renderer reads', () => {
    const formjs: FormJsSchema = {
      type: 'default',
      components: [
        { type: 'textfield', key: 'name', label: '姓名', validate: { required: true, maxLength: 20 } },
        { type: 'textarea', key: 'note', label: '备注' },
        { type: 'number', key: 'count', label: '人数', decimalDigits: 0, validate: { min: 1, max: 99 } },
        { type: 'number', key: 'area', label: '面积', validate: { min: 0 } },
        { type: 'checkbox', key: 'agreed', label: '已告知', validate: { required: true } },
        {
          type: 'select',
          key: 'kind',
          label: '类别',
          values: [
            { label: '甲', value: 'a' },
            { label: '乙', value: 'b' },
          ],
          validate: { required: true },
        },
        { type: 'radio', key: 'plain', label: '原样', values: [{ label: 'x', value: 'x' }] },
        { type: 'checklist', key: 'tags', label: '标签', values: [{ label: '红', value: 'red' }] },
        { type: 'datetime', key: 'at', subtype: 'datetime', dateLabel: '时间' },
        { type: 'datetime', key: 'day', subtype: 'date', dateLabel: '日期' },
        { type: 'filepicker', key: 'photos', label: '照片', multiple: true, accept: 'image/*' },
        { type: 'textfield', key: 'fixed', label: '只读', readonly: true },
        { type: 'text', text: '说明文字' },
        { type: 'datetime', key: 'time', subtype: 'time', timeLabel: '几点' },
      ],
    };
    const s = fromFormJs(formjs, undefined, '新表单');
    expect(s).to.include({ type: 'object', title: '新表单', additionalProperties: false });
    expect(s.required).to.deep.equal(['name', 'kind']);
    const p = s.properties!;
    expect(p.name).to.deep.equal({ type: 'string', title: '姓名', maxLength: 20 });
    expect(fieldKind(p.note)).to.equal('textarea');
    expect(p.count).to.deep.equal({ type: 'integer', title: '人数', minimum: 1, maximum: 99 });
    expect(p.area.type).to.equal('number');
    expect(p.agreed).to.deep.equal({ type: 'boolean', title: '已告知', const: true });
    expect(p.kind).to.deep.equal({
      type: 'string',
      title: '类别',
      enum: ['a', 'b'],
      'x-enumNames': ['甲', '乙'],
    });
    expect(p.plain).to.deep.equal({ type: 'string', title: '原样', enum: ['x'] });
    expect(fieldKind(p.tags)).to.equal('multi-enum');
    expect(p.at.format).to.equal('date-time');
    expect(p.day.format).to.equal('date');
    expect(fieldKind(p.photos)).to.equal('attachments');
    expect(p.photos['x-widget']).to.equal('photos');
    expect(p.fixed.readOnly).to.equal(true);
    expect(p).to.not.have.property('time');
    expect(unsupportedComponents(formjs).map((c) => c.key)).to.deep.equal(['time']);

    const ajv = new Ajv({ strict: false });
    (addFormatsModule as unknown as (a: Ajv) => Ajv)(ajv);
    ajv.addFormat('attachment', /^a[0-9a-f]{20}$/);
    const check = ajv.compile(s);
    expect(check({ name: '张三', kind: 'a', agreed: true, count: 3, at: '2026-01-05T02:00:00Z' })).to.equal(
      true,
    );
    expect(check({ kind: 'a', agreed: true })).to.equal(false);
    expect(check({ name: '张三', kind: 'c', agreed: true })).to.equal(false);
    expect(check({ name: '张三', kind: 'a', agreed: false })).to.equal(false);
  });

  it('an edit changes only what form-js decides and keeps the other keywords of the property', () => {
    const original = read('fire-hazard-report.json');
    const { schema } = toFormJs(original);
    const photos = schema.components.find((c) => c.key === 'photos')!;
    photos.label = '照片（处置前）';
    const location = schema.components.find((c) => c.key === 'location')!;
    location.validate = { maxLength: 100 };
    schema.components.reverse();
    const back = fromFormJs(schema, original);
    expect(back.properties!.photos).to.deep.equal({
      ...original.properties!.photos,
      title: '照片（处置前）',
    });
    expect(back.properties!.location).to.deep.equal({ type: 'string', title: '隐患地址', maxLength: 100 });
    expect(back.required).to.deep.equal(original.required!.filter((k) => k !== 'location'));
    expect(Object.keys(back.properties!)[0]).to.equal('contactPhone');
    expect(back.additionalProperties).to.equal(false);
  });

  it('a form is sent without the $-annotations the API refuses in a body', () => {
    const original = read('fire-hazard-report.json');
    expect(original).to.have.property('$schema');
    const sent = forDeploy({ ...original, properties: { a: { type: 'string', $comment: 'x' } as Schema } });
    expect(sent).to.not.have.property('$schema');
    expect(sent.properties!.a).to.deep.equal({ type: 'string' });
    expect(forDeploy(original)).to.deep.equal(
      Object.fromEntries(Object.entries(original).filter(([k]) => k !== '$schema')),
    );
  });
});
