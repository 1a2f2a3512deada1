// Simplified Chinese for bpmn.io's form-js editor (1.23), for the few texts it lets us replace
// (forms/formjsLocale.ts applies them). Chinese only: the English UI shows the library's own English.
// Everything else form-js renders (palette group titles, the palette search, entry labels such as
// "Field label" or "Key", the empty-form placeholder) is fixed English inside the library.

/** Templates form-js's properties panel passes to the `translate` its groups are given. */
export const formjsTranslateZh: Readonly<Record<string, string>> = {
  'Toggle section': '展开/收起',
  'Section contains an error': '此部分有错误',
  'Section contains edits': '此部分已修改',
  'Create new list item': '新增一项',
  Create: '新增',
  'List contains {numOfItems} item': '共 {numOfItems} 项',
  'List contains {numOfItems} items': '共 {numOfItems} 项',
  'Toggle list item': '展开/收起此项',
  'Delete item': '删除此项',
  '<empty>': '<空>',
  'Open documentation': '打开文档',
  'Open pop-up editor': '在弹出窗口中编辑',
  'Opened in editor': '已在编辑器中打开',
  'FEEL expression is mandatory': '必须是 FEEL 表达式',
  'Click to set a dynamic value with FEEL expression': '点击改用 FEEL 表达式（动态值）',
  'Click to remove dynamic value with FEEL expression': '点击取消 FEEL 表达式（动态值）',
  'Unparsable FEEL expression.': 'FEEL 表达式无法解析。',
  'JSON contains errors': 'JSON 有错误',
};

/** Palette entry (and properties-panel header) names of form-js's field types, by type. */
export const formjsFieldNamesZh: Readonly<Record<string, string>> = {
  textfield: '单行文本',
  textarea: '多行文本',
  number: '数字',
  datetime: '日期时间',
  expression: '表达式',
  filepicker: '文件上传',
  checkbox: '勾选框',
  checklist: '多选框组',
  radio: '单选框组',
  select: '下拉选择',
  taglist: '标签选择',
  text: '文字说明',
  html: 'HTML 内容',
  image: '图片',
  table: '表格',
  documentPreview: '文档预览',
  separator: '分隔线',
  spacer: '空白间距',
  group: '分组',
  dynamiclist: '动态列表',
  iframe: '内嵌网页',
  button: '按钮',
};

/** Properties-panel group titles, by the library's English title (some group ids carry the field id). */
export const formjsGroupTitlesZh: Readonly<Record<string, string>> = {
  General: '基本',
  'Options source': '选项来源',
  'Dynamic options': '动态选项',
  'Static options': '固定选项',
  'Options expression': '选项表达式',
  'Headers source': '表头来源',
  'Header items': '表头',
  'Security attributes': '安全属性',
  Condition: '显示条件',
  Layout: '布局',
  Appearance: '外观',
  Serialization: '序列化',
  Constraints: '约束',
  Validation: '校验',
  'Custom properties': '自定义属性',
};
