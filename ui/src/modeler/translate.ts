// Chinese labels for bpmn-js and its properties panel (the `translate` service), following the UI language.
// bpmn-js ships no zh table: these are the templates bpmn-js 18 (palette, context pad, replace and other
// popup menus, modeling feedback), diagram-js (search) and bpmn-js-properties-panel 6 / @bpmn-io/properties-
// panel 3 (BPMN groups and entries, the header's element type) pass to `translate`. English mode shows
// the templates themselves. Element types are composed (event definition × event kind) so that every
// combination the menus and the panel header produce is covered.
import { langStore } from '../i18n';

const STATIC: Record<string, string> = {
  // palette
  'Activate hand tool': '抓手工具（平移画布）',
  'Activate lasso tool': '套索工具（框选元素）',
  'Activate create/remove space tool': '空间工具（插入/移除空白）',
  'Activate global connect tool': '连线工具',
  'Create start event': '创建开始事件',
  'Create intermediate/boundary event': '创建中间/边界事件',
  'Create end event': '创建结束事件',
  'Create gateway': '创建网关',
  'Create task': '创建任务',
  'Create data object reference': '创建数据对象引用',
  'Create data store reference': '创建数据存储引用',
  'Create expanded sub-process': '创建展开的子流程',
  'Create pool/participant': '创建池/参与者',
  'Create group': '创建分组',

  // context pad
  'Append end event': '追加结束事件',
  'Append gateway': '追加网关',
  'Append task': '追加任务',
  'Append intermediate/boundary event': '追加中间/边界事件',
  'Append receive task': '追加接收任务',
  'Append message intermediate catch event': '追加消息中间捕获事件',
  'Append timer intermediate catch event': '追加定时中间捕获事件',
  'Append conditional intermediate catch event': '追加条件中间捕获事件',
  'Append signal intermediate catch event': '追加信号中间捕获事件',
  'Append compensation activity': '追加补偿活动',
  'Append text annotation': '追加文本注释',
  'Add text annotation': '添加文本注释',
  'Change element': '更改类型',
  'Change type': '更改类型',
  Delete: '删除',
  'Connect to other element': '连接到其他元素',
  'Connect using association': '用关联连接',
  'Connect using data input association': '用数据输入关联连接',
  'Connect using sequence/message flow or association': '用顺序流/消息流或关联连接',
  'Add lane above': '在上方添加泳道',
  'Add lane below': '在下方添加泳道',
  'Divide into two lanes': '拆分为两条泳道',
  'Divide into three lanes': '拆分为三条泳道',
  'Align elements': '对齐元素',
  'Align elements left': '左对齐',
  'Align elements center': '水平居中对齐',
  'Align elements right': '右对齐',
  'Align elements top': '顶端对齐',
  'Align elements middle': '垂直居中对齐',
  'Align elements bottom': '底端对齐',
  'Distribute elements horizontally': '水平等距分布',
  'Distribute elements vertically': '垂直等距分布',
  'Open {element}': '打开 {element}',
  'Search in diagram': '在图中搜索',

  // replace menu: header toggles
  'Parallel multi-instance': '并行多实例',
  'Sequential multi-instance': '串行多实例',
  Loop: '循环',
  Collection: '集合',
  'Participant multiplicity': '参与者多重性',
  'Toggle non-interrupting': '切换中断/非中断',

  // replace menu: activities, gateways, data, pools, flows
  Task: '任务',
  'User task': '用户任务',
  'Service task': '服务任务',
  'Send task': '发送任务',
  'Receive task': '接收任务',
  'Manual task': '手工任务',
  'Business rule task': '业务规则任务',
  'Script task': '脚本任务',
  'Call activity': '调用活动',
  Transaction: '事务',
  'Event sub-process': '事件子流程',
  'Sub-process': '子流程',
  'Sub-process (collapsed)': '子流程（折叠）',
  'Sub-process (expanded)': '子流程（展开）',
  'Ad-hoc sub-process': '自由子流程',
  'Ad-hoc sub-process (collapsed)': '自由子流程（折叠）',
  'Ad-hoc sub-process (expanded)': '自由子流程（展开）',
  'Exclusive gateway': '排他网关',
  'Parallel gateway': '并行网关',
  'Inclusive gateway': '包容网关',
  'Complex gateway': '复杂网关',
  'Event-based gateway': '事件网关',
  'Data store reference': '数据存储引用',
  'Data object reference': '数据对象引用',
  'Expanded pool/participant': '展开的池/参与者',
  'Empty pool/participant': '空的池/参与者',
  'Empty pool/participant (removes content)': '空的池/参与者（移除内容）',
  'Sequence flow': '顺序流',
  'Default flow': '默认流',
  'Conditional flow': '条件流',

  // modeling feedback
  'flow elements must be children of pools/participants': '流程元素必须位于池/参与者之内',
  'Data object must be placed within a pool/participant.': '数据对象必须放在池/参与者之内。',

  // properties panel: placeholders, groups, entries
  'Select an element to edit its properties.': '请选择一个元素以编辑其属性。',
  'Multiple elements are selected. Select a single element to edit its properties.':
    '已选中多个元素，请只选择一个元素以编辑其属性。',
  General: '常规',
  Name: '名称',
  ID: '标识 (ID)',
  'Participant ID': '参与者标识 (ID)',
  'Participant Name': '参与者名称',
  'ID must not be empty.': 'ID 不能为空。',
  'ID must be unique.': 'ID 必须唯一。',
  'ID must not contain spaces.': 'ID 不能包含空格。',
  'ID must not contain prefix.': 'ID 不能包含命名空间前缀。',
  'ID must be a valid QName.': 'ID 必须是有效的 QName（字母或下划线开头）。',
  Documentation: '说明文档',
  'Element documentation': '元素说明',
  'Process documentation': '流程说明',
  Executable: '可执行',
  Process: '流程',
  'Process name': '流程名称',
  'Process ID': '流程标识 (ID)',
  'Version tag': '版本标签',
  Compensation: '补偿',
  'Activity reference': '活动引用',
  'Wait for completion': '等待完成',
  Completion: '完成',
  'Completion condition': '完成条件',
  'Cancel remaining instances': '取消其余实例',
  Error: '错误',
  'Global error reference': '全局错误引用',
  Code: '代码',
  Escalation: '升级事件',
  'Global escalation reference': '全局升级事件引用',
  'Escalation code': '升级代码',
  Message: '消息',
  'Global message reference': '全局消息引用',
  Signal: '信号',
  'Global signal reference': '全局信号引用',
  Link: '链接',
  'Multi-instance': '多实例',
  'Loop cardinality': '循环次数',
  Condition: '条件',
  'Condition expression': '条件表达式',
  Expression: '表达式',
  Global: '全局',
  Timer: '定时器',
  Type: '类型',
  Value: '值',
  Date: '日期',
  Duration: '时长',
  Cycle: '周期',
  'A specific point in time defined as ISO 8601 combined date and time representation.':
    '以 ISO 8601 日期时间格式表示的具体时间点。',
  'A time duration defined as ISO 8601 durations format.': '以 ISO 8601 时长格式表示的一段时间。',
  'A cycle defined as ISO 8601 repeating intervals format.': '以 ISO 8601 重复间隔格式表示的周期。',
  'UTC time': 'UTC 时间',
  'UTC plus 2 hours zone offset': 'UTC+2 时区',
  'every 10 seconds, up to 5 times': '每 10 秒一次，最多 5 次',
  'every day, infinitely': '每天一次，不限次数',
  '15 seconds': '15 秒',
  '1 hour and 30 minutes': '1 小时 30 分钟',
  '14 days': '14 天',
  'Documentation: Timer events': '文档：定时器事件',
  '<none>': '<无>',
  '<empty>': '<空>',
  'Create new ...': '新建…',

  // properties panel: shared components
  'Open documentation': '打开文档',
  'Toggle section': '展开/收起',
  'Section contains an error': '此部分有错误',
  'Section contains edits': '此部分已填写',
  'Toggle list item': '展开/收起此项',
  'Delete item': '删除此项',
  'Create new list item': '新增一项',
  Create: '新增',
  'List contains {numOfItems} item': '共 {numOfItems} 项',
  'List contains {numOfItems} items': '共 {numOfItems} 项',
  'JSON contains errors': 'JSON 有错误',
  'Open pop-up editor': '在弹出编辑器中打开',
  'Opened in editor': '已在编辑器中打开',
  'FEEL expression is mandatory': '必须填写 FEEL 表达式',
  'Click to set a dynamic value with FEEL expression': '点击改用 FEEL 表达式动态取值',
  'Click to remove dynamic value with FEEL expression': '点击取消 FEEL 表达式动态取值',
  'Unparsable FEEL expression.': 'FEEL 表达式无法解析。',

  // our own: the replace menu's placeholder when a search matches nothing
  'No element type matches "{search}"': '没有与“{search}”匹配的类型',

  // properties panel header: element types without an event definition
  'User Task': '用户任务',
  'Service Task': '服务任务',
  'Send Task': '发送任务',
  'Receive Task': '接收任务',
  'Manual Task': '手工任务',
  'Business Rule Task': '业务规则任务',
  'Script Task': '脚本任务',
  'Call Activity': '调用活动',
  'Collapsed Sub Process': '子流程（折叠）',
  'Expanded Sub Process': '子流程（展开）',
  'Collapsed Ad Hoc Sub Process': '自由子流程（折叠）',
  'Expanded Ad Hoc Sub Process': '自由子流程（展开）',
  'Event Sub Process': '事件子流程',
  'Sub Process': '子流程',
  Gateway: '网关',
  'Exclusive Gateway': '排他网关',
  'Parallel Gateway': '并行网关',
  'Inclusive Gateway': '包容网关',
  'Complex Gateway': '复杂网关',
  'Event Based Gateway': '事件网关',
  'Sequence Flow': '顺序流',
  'Default Flow': '默认流',
  'Conditional Flow': '条件流',
  'Message Flow': '消息流',
  Association: '关联',
  'Data Input': '数据输入',
  'Data Output': '数据输出',
  'Data Input Association': '数据输入关联',
  'Data Output Association': '数据输出关联',
  'Data Object Reference': '数据对象引用',
  'Data Store Reference': '数据存储引用',
  Collaboration: '协作',
  Participant: '参与者（池）',
  Lane: '泳道',
  Group: '分组',
  'Text Annotation': '文本注释',
};

/** Event definitions as named by the replace menu ("Compensation …") and the panel header ("Compensate …"). */
const EVENT_DEFINITIONS: Record<string, string> = {
  '': '',
  Message: '消息',
  Timer: '定时',
  Conditional: '条件',
  Signal: '信号',
  Error: '错误',
  Escalation: '升级',
  Compensation: '补偿',
  Compensate: '补偿',
  Cancel: '取消',
  Link: '链接',
  Terminate: '终止',
  Multiple: '多重',
  Parallel: '并行',
  'Parallel Multiple': '并行多重',
};
const EVENT_KINDS: Record<string, string> = {
  'Start Event': '开始事件',
  'End Event': '结束事件',
  'Intermediate Catch Event': '中间捕获事件',
  'Intermediate Throw Event': '中间抛出事件',
  'Boundary Event': '边界事件',
};
const NON_INTERRUPTING = '（非中断）';

function eventLabels(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [def, zhDef] of Object.entries(EVENT_DEFINITIONS))
    for (const [kind, zhKind] of Object.entries(EVENT_KINDS)) {
      const zh = `${zhDef}${zhKind}`;
      // panel header: "Timer Start Event", "Timer Start Event (Non Interrupting)"
      const header = def ? `${def} ${kind}` : kind;
      out[header] = zh;
      out[`${header} (Non Interrupting)`] = zh + NON_INTERRUPTING;
      // replace menu: "Timer start event", "Timer start event (non-interrupting)"
      const lower = kind.toLowerCase();
      const menu = def ? `${def} ${lower}` : lower[0].toUpperCase() + lower.slice(1);
      out[menu] = zh;
      out[`${menu} (non-interrupting)`] = zh + NON_INTERRUPTING;
    }
  return out;
}

/** English template → Simplified Chinese. */
export const ZH: Readonly<Record<string, string>> = { ...eventLabels(), ...STATIC };

export function translate(template: string, replacements?: Record<string, string>): string {
  const text = langStore.get() === 'zh' ? (ZH[template] ?? template) : template;
  return text.replace(/{([^}]+)}/g, (_, key: string) => replacements?.[key] ?? `{${key}}`);
}

/** The replace menu says so (in the UI language) when a search matches nothing. */
class ReplacePlaceholder {
  static $inject = ['popupMenu', 'translate'];
  constructor(
    popupMenu: { registerProvider(id: string, priority: number, provider: object): void },
    t: typeof translate,
  ) {
    popupMenu.registerProvider('bpmn-replace', 1, {
      getPopupMenuEntries: () => ({}),
      getEmptyPlaceholder: () => (search: string) => t('No element type matches "{search}"', { search }),
    });
  }
}

export const translateModule = {
  __init__: ['gridReplacePlaceholder'],
  translate: ['value', translate],
  gridReplacePlaceholder: ['type', ReplacePlaceholder],
};
