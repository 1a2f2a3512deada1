// Browser end-to-end test of forms travelling with their diagrams (issue 14 item 5, the UI half): an admin
// creates a named diagram, builds a new form for its task in the modeler's form editor (form-js) with two
// fields, one required; a schema the server refuses is shown beside its form; the diagram deploys with the
// form in one step (POST /api/deployments); a grid worker starts a case on it, sees the form's fields and
// the required-field error; the admin retires the process and the worker's start dialog no longer offers
// it. The editor speaks the UI language as far as form-js lets it (palette names, properties-panel group
// titles), Chinese then English after the toggle. Screenshots of the editor at desktop width and 390 px. On
// the shared harness (./harness.ts).
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { browserHarness } from './harness.js';

const PHONE = { width: 390, height: 844 };
const DESK = { width: 1440, height: 900 };
const FORM = 'form-travel-task-check';

describe('forms travel with their diagrams: the form editor in a browser (e2e)', function () {
  this.timeout(180_000);

  const h = browserHarness({ name: 'forms' });
  const { signIn, shot } = h;

  /** Adds a form-js field by tapping its palette entry, then names it in form-js's properties panel. */
  async function addField(page: Page, type: string, label: string, key: string, required = false) {
    const editor = page.locator('[data-testid=formjs-editor]');
    await editor.locator(`.fjs-palette-field[data-field-type="${type}"]`).click();
    const props = editor.locator('.fjs-properties-container');
    // its groups open once (form-js remembers that for the next field); found by id, their titles are
    // in the UI language
    const open = async (group: string, input: string) => {
      await props.locator(input).waitFor({ state: 'attached' });
      if (!(await props.locator(input).isVisible()))
        await props.locator(`[data-group-id="group-${group}"] .bio-properties-panel-group-header`).click();
      await props.locator(input).waitFor();
    };
    await open('general', '#bio-properties-panel-key');
    await props.locator('#bio-properties-panel-label').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(label);
    await props.locator('#bio-properties-panel-key').fill(key);
    await props.locator('#bio-properties-panel-key').press('Tab');
    if (required) {
      await open('validation', '#bio-properties-panel-required');
      await props.locator('#bio-properties-panel-required').check();
    }
    // form-js debounces its inputs: wait until the schema carries the field's key and label
    await page.waitForFunction(
      ([k, l]) =>
        [...document.querySelectorAll('[data-testid=formjs-editor] .fjs-form-field label')].some((e) =>
          e.textContent?.includes(l),
        ) && !!k,
      [key, label],
    );
  }

  /** Replaces the form's JSON on the editor's JSON Schema tab after `edit`. */
  async function editJson(page: Page, edit: (s: any) => void) {
    await page.click('[data-testid=form-tab-json]');
    const text = await page.inputValue('[data-testid=form-json]');
    const s = JSON.parse(text);
    edit(s);
    await page.fill('[data-testid=form-json]', JSON.stringify(s, null, 2));
  }

  it('an admin builds a new form in the editor and deploys it with a new diagram; a grid worker fills it; retired, it is gone', async () => {
    const page = await h.newPage(DESK);
    await signIn(page, 'admin');
    await page.goto(`${h.base}/modeler`);
    await page.waitForSelector('[data-testid=modeler-status]');
    await page.click('[data-testid=modeler-new]');
    await page.fill('[data-testid=new-name]', '随图表单测试');
    await page.fill('[data-testid=new-key]', 'form_travel');
    await page.click('[data-testid=new-create]');
    await page.waitForSelector('[data-testid=modeler-status]:has-text("已修改")');

    // the task has no form yet: "新建表单" in its properties opens the editor on a derived key
    await page.locator('.djs-element[data-element-id="Task_check"]').click();
    const action = page.locator('[data-testid=edit-form]');
    expect(await action.textContent()).to.equal('新建表单');
    await action.click();
    const dialog = page.locator('[data-testid=form-editor]');
    await dialog.waitFor();
    expect(await page.inputValue('[data-testid=form-key]')).to.equal(FORM);
    // a key the server knows would replace that form: said before anything is applied; a bad one refused
    await page.fill('[data-testid=form-key]', 'fire-hazard-report');
    await page.locator('[data-testid=form-key-taken]').waitFor();
    await page.fill('[data-testid=form-key]', 'Bad Key');
    expect(await page.isDisabled('[data-testid=form-apply]')).to.equal(true);
    await page.fill('[data-testid=form-key]', FORM);
    expect(await page.locator('[data-testid=form-key-taken]').count()).to.equal(0);
    await page.fill('[data-testid=form-title]', '核查记录');
    await addField(page, 'textfield', '核查意见', 'opinion', true);
    await addField(page, 'number', '在场人数', 'people');
    await shot(page, 'editor-desktop');

    // the JSON Schema tab shows what form-js built, in our conventions
    await page.click('[data-testid=form-tab-json]');
    const built = JSON.parse(await page.inputValue('[data-testid=form-json]'));
    expect(built).to.include({ type: 'object', title: '核查记录', additionalProperties: false });
    expect(built.required).to.deep.equal(['opinion']);
    expect(built.properties.opinion).to.deep.equal({ type: 'string', title: '核查意见' });
    expect(built.properties.people).to.include({ type: 'number', title: '在场人数' });
    // a JSON mistake is reported in place and cannot be applied
    await page.fill('[data-testid=form-json]', '{"type": "object", ');
    expect(await page.textContent('[data-testid=form-json-status]')).to.match(/JSON 无法解析/);
    expect(await page.isDisabled('[data-testid=form-apply]')).to.equal(true);
    // a schema the server's ajv refuses (minLength −1) passes here, and is refused on deploy beside its form
    await page.fill(
      '[data-testid=form-json]',
      JSON.stringify({
        ...built,
        properties: { ...built.properties, opinion: { ...built.properties.opinion, minLength: -1 } },
      }),
    );
    await page.click('[data-testid=form-apply]');
    await dialog.waitFor({ state: 'detached' });
    const chip = page.locator(`[data-testid="form-chip-${FORM}"]`);
    expect(await chip.textContent()).to.include('新表单');
    await page.click('[data-testid=deploy]');
    await page.locator(`[data-testid="form-error-${FORM}"]`).waitFor();
    expect(await page.textContent(`[data-testid="form-error-${FORM}"]`)).to.equal(
      '表单不是有效的 JSON Schema（或不是 "type": "object"）',
    );
    expect(await h.t.engine.definitions.latest('form_travel')).to.equal(null);
    await shot(page, 'deploy-form-error');

    // fixed on the JSON tab of the form, deployed in one step with the diagram
    await chip.locator('button').click();
    await dialog.waitFor();
    // reopened, the visual editor shows both fields again
    await page.locator('[data-testid=formjs-editor] .fjs-form-field label:has-text("在场人数")').waitFor();
    await editJson(page, (s) => {
      s.properties.opinion.minLength = 2;
    });
    await page.click('[data-testid=form-apply]');
    await dialog.waitFor({ state: 'detached' });
    await page.click('[data-testid=deploy]');
    await page.waitForSelector('[data-testid=modeler-status]:has-text("form_travel 版本 1")');
    expect(await page.locator(`[data-testid="form-error-${FORM}"]`).count()).to.equal(0);
    const def = await h.t.engine.definitions.latest('form_travel');
    expect(def?.name).to.equal('随图表单测试');
    expect(def?.forms?.[FORM]).to.match(new RegExp(`^${FORM}@[0-9a-f]{16}$`));
    expect(h.t.engine.forms.schema(FORM)).to.deep.include({ title: '核查记录', required: ['opinion'] });

    // the editor at 390 px, opened from the forms of the deployed diagram
    const phone = await h.newPage(PHONE);
    await signIn(phone, 'admin');
    await phone.goto(`${h.base}/modeler?key=form_travel`);
    await phone.locator(`[data-testid="form-chip-${FORM}"] button`).click();
    await phone
      .locator('[data-testid=formjs-editor] .fjs-form-field label:has-text("核查意见")')
      .click({ force: true });
    await shot(phone, 'editor-phone');
    await phone.click('[data-testid=form-tab-json]');
    await shot(phone, 'editor-phone-json');
    await phone.close();

    // a grid worker starts a case on it: the start dialog shows the form's fields (the first step's form)
    const worker = await h.newPage();
    await signIn(worker, 'wangwei');
    await worker.click('button:has-text("发起案件")');
    await worker.selectOption('#start-process', 'form_travel');
    await worker.locator('#start-opinion').waitFor();
    expect(await worker.textContent('[data-field=opinion] .field__label')).to.include('核查意见');
    await worker.fill('#start-people', '3');
    await worker.click('.dialog button:has-text("发起")');
    // the first step opens, claimed, pre-filled; the required 核查意见 is refused while empty
    await worker.waitForURL(/\/inbox\?task=/);
    const panel = worker.locator('[data-testid=task-panel]');
    await panel.locator('[data-action=unclaim]').waitFor();
    const taskId = decodeURIComponent(new URL(worker.url()).searchParams.get('task')!);
    const { instanceId } = (await h.t.engine.getTask(taskId))!;
    expect(await worker.inputValue('#task-people')).to.equal('3');
    await worker.click('button:has-text("提交办结")');
    await panel.locator('[data-error-for=opinion]').waitFor();
    await shot(worker, 'worker-required');
    await worker.fill('#task-opinion', '现');
    await worker.click('button:has-text("提交办结")');
    // the form's minLength (2, set on the JSON tab) holds too
    await worker.waitForFunction(() =>
      /2/.test(document.querySelector('[data-error-for=opinion]')?.textContent ?? ''),
    );
    await worker.fill('#task-opinion', '现场已核实');
    await worker.click('button:has-text("提交办结")');
    await worker.waitForSelector('.toast--success:has-text("任务已办结")');
    expect((await h.t.engine.getInstance(instanceId))!.variables).to.include({
      opinion: '现场已核实',
      people: 3,
    });

    // the admin retires the process; the worker's start dialog no longer offers it
    await page.click('[data-testid=retire-process]');
    await page.click('dialog [data-testid=confirm-ok]');
    await page.waitForSelector('[data-testid=retired-tag]');
    await worker.goto(`${h.base}/inbox`);
    await worker.click('button:has-text("发起案件")');
    await worker.waitForSelector('#start-process option[value="fire_hazard"]', { state: 'attached' });
    const options = await worker
      .locator('#start-process option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options).to.not.include('form_travel');
  });

  /** The palette name of a form-js field type and the title of the selected field's group `id`. */
  async function formjsTexts(page: Page, type: string, group: string) {
    const editor = page.locator('[data-testid=formjs-editor]');
    const title = editor.locator(`[data-group-id="group-${group}"] .bio-properties-panel-group-header-title`);
    await title.waitFor({ state: 'attached' });
    return {
      palette: (await editor.locator(`.fjs-palette-field[data-field-type="${type}"]`).textContent())?.trim(),
      group: (await title.textContent())?.trim(),
      toggle: await editor
        .locator(`[data-group-id="group-${group}"] .bio-properties-panel-arrow`)
        .getAttribute('title'),
    };
  }

  for (const [viewport, size] of [
    ['desktop', DESK],
    ['phone', PHONE],
  ] as const) {
    it(`the form editor in the UI language as far as form-js allows, Chinese then English (${size.width} px)`, async () => {
      const page = await h.newPage(size);
      await signIn(page, 'admin');
      await page.goto(`${h.base}/modeler?key=dispute_mediation`);
      const chip = page.locator('[data-testid="form-chip-dispute-intake"]');
      const dialog = page.locator('[data-testid=form-editor]');
      const openOn = async (label: string) => {
        await chip.locator('button').click();
        await dialog.waitFor();
        // a field selected: the properties panel shows its groups
        await page
          .locator(`[data-testid=formjs-editor] .fjs-form-field label:has-text("${label}")`)
          .click({ force: true });
      };
      await openOn('纠纷类型');
      expect(await formjsTexts(page, 'textfield', 'general')).to.deep.equal({
        palette: '单行文本',
        group: '基本',
        toggle: '展开/收起',
      });
      await shot(page, `editor-zh-${viewport}`);
      await dialog.locator('.dialog__foot .btn:not(.btn--primary)').click();
      await dialog.waitFor({ state: 'detached' });

      // English: the library's own names again (the field type configs are shared by every editor)
      await page.click('.lang-toggle');
      await openOn('纠纷类型');
      expect(await formjsTexts(page, 'textfield', 'general')).to.deep.equal({
        palette: 'Text field',
        group: 'General',
        toggle: 'Toggle section',
      });
      expect(await dialog.locator('.dialog__head h2').textContent()).to.equal('Form: dispute-intake');
      await shot(page, `editor-en-${viewport}`);
    });
  }

  it('an existing form with a group of rows: the group is kept and listed, the rest edited, nothing lost', async () => {
    const page = await h.newPage(DESK);
    await signIn(page, 'admin');
    await page.goto(`${h.base}/modeler?key=dispute_mediation`);
    const chip = page.locator('[data-testid="form-chip-dispute-intake"]');
    await chip.locator('button').click();
    const dialog = page.locator('[data-testid=form-editor]');
    await dialog.waitFor();
    // 当事人 (a repeatable group) is no form-js field: kept as it is, shown read-only with a note
    const kept = page.locator('[data-testid=form-kept]');
    await kept.waitFor();
    expect(await kept.textContent()).to.include('parties');
    await page.locator('[data-testid=formjs-editor] .fjs-form-field label:has-text("纠纷类型")').waitFor();
    await shot(page, 'editor-kept');
    // through the visual editor and back to JSON: the server's form exactly (the deploy drops $schema)
    await page.click('[data-testid=form-tab-json]');
    const after = JSON.parse(await page.inputValue('[data-testid=form-json]'));
    expect(after).to.deep.equal(h.t.engine.forms.schema('dispute-intake'));
    await page.click('[data-testid=form-apply]');
    await dialog.waitFor({ state: 'detached' });
    expect(await chip.textContent()).to.include('已修改');
    // the diagram itself is unchanged, the form is: deploy is offered
    expect(await page.isDisabled('[data-testid=deploy]')).to.equal(false);
  });
});
