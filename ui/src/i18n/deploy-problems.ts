// Deploy problems that the engine words only in English prose (detail code `deploy.problem`), in Chinese:
// the known shapes are rewritten with their parameters (element ids, values, nested reasons), anything
// unknown stays as the server wrote it. API errors and all coded problems are rendered from their codes
// (render.ts); this table shrinks as the model's validators get codes.

type Rule = [RegExp, (m: RegExpExecArray) => string];

const NODE_KINDS: Record<string, string> = {
  startEvent: '开始事件',
  endEvent: '结束事件',
  userTask: '用户任务',
  serviceTask: '服务任务',
  exclusiveGateway: '排他网关',
  parallelGateway: '并行网关',
  inclusiveGateway: '包容网关',
  timerCatch: '定时中间事件',
  messageCatch: '消息中间事件',
  escalationThrow: '升级抛出事件',
  boundaryTimer: '定时边界事件',
  boundaryEscalation: '升级边界事件',
  subProcess: '子流程',
  task: '任务',
  manualTask: '手工任务',
  receiveTask: '接收任务',
  sendTask: '发送任务',
  errorEnd: '错误结束事件',
  boundaryError: '错误边界事件',
  boundaryMessage: '消息边界事件',
  noneThrowEvent: '中间事件（里程碑）',
  eventGateway: '事件网关',
  signalCatch: '信号中间捕获事件',
  signalThrow: '信号中间抛出事件',
  signalEnd: '信号结束事件',
  boundarySignal: '信号边界事件',
  callActivity: '调用活动',
  eventSubProcess: '事件子流程',
  eventSubProcessStart: '事件子流程的开始事件',
};
const kind = (k: string) => NODE_KINDS[k] ?? k;

const BPMN_TYPES: Record<string, string> = {
  StartEvent: '开始事件',
  EndEvent: '结束事件',
  IntermediateCatchEvent: '中间捕获事件',
  IntermediateThrowEvent: '中间抛出事件',
  BoundaryEvent: '边界事件',
  Task: '任务',
  UserTask: '用户任务',
  ServiceTask: '服务任务',
  SendTask: '发送任务',
  ReceiveTask: '接收任务',
  ManualTask: '手工任务',
  BusinessRuleTask: '业务规则任务',
  ScriptTask: '脚本任务',
  CallActivity: '调用活动',
  SubProcess: '子流程',
  AdHocSubProcess: '自由子流程',
  Transaction: '事务',
  ComplexGateway: '复杂网关',
  EventBasedGateway: '事件网关',
  ExclusiveGateway: '排他网关',
  ParallelGateway: '并行网关',
  InclusiveGateway: '包容网关',
  SequenceFlow: '顺序流',
  MultiInstanceLoopCharacteristics: '多实例',
  StandardLoopCharacteristics: '循环',
  MessageEventDefinition: '消息事件定义',
  TimerEventDefinition: '定时事件定义',
  SignalEventDefinition: '信号事件定义',
  ErrorEventDefinition: '错误事件定义',
  ConditionalEventDefinition: '条件事件定义',
  CompensateEventDefinition: '补偿事件定义',
  CancelEventDefinition: '取消事件定义',
  LinkEventDefinition: '链接事件定义',
  EscalationEventDefinition: '升级事件定义',
  TerminateEventDefinition: '终止事件定义',
};
/** `bpmn:UserTask` → 用户任务（bpmn:UserTask）; other names unchanged. */
const type = (t: string) => {
  const zh = BPMN_TYPES[t.replace(/^bpmn:/, '')];
  return zh ? `${zh}（${t}）` : t;
};
const end = (e: string) => (e === 'source' ? '起点' : '终点');
const list = (s: string) => s.split(/,\s*/).join('、');
/** " (line 3, column 7)" → "（第 3 行第 7 列）" */
const at = (s: string | undefined) => {
  const m = s && /\(line (\d+), column (\d+)\)/.exec(s);
  return m ? `（第 ${m[1]} 行第 ${m[2]} 列）` : '';
};

const RULES: Rule[] = [
  // ---- deploy validation: the document
  [/^empty document: expected BPMN 2\.0 XML$/, () => '文档为空：需要 BPMN 2.0 XML'],
  [/^empty document$/, () => '文档为空'],
  [/^expected BPMN 2\.0 XML$/, () => '需要 BPMN 2.0 XML'],
  [/^malformed XML( \(line \d+, column \d+\))?: (.*)$/s, (m) => `XML 格式错误${at(m[1])}：${m[2]}`],
  [
    /^not a BPMN 2\.0 document: expected a <definitions> root element in namespace (\S+)(?: \(found <([^>]+)>\))?$/,
    (m) =>
      `不是 BPMN 2.0 文档：根元素应为命名空间 ${m[1]} 下的 <definitions>${m[2] ? `（实际为 <${m[2]}>）` : ''}`,
  ],
  [
    /^unsupported attribute (\S+)(?: \(namespace (\S+)\))? on (\S+): this engine does not run other engines' extensions$/,
    (m) =>
      `${type(m[3])}上有不支持的属性 ${m[1]}${m[2] ? `（命名空间 ${m[2]}）` : ''}：本引擎不执行其他引擎的扩展`,
  ],
  [
    /^unsupported extension element <([^>]*)>(?: \(namespace (\S+)\))?: only grid: extensions are supported$/,
    (m) => `不支持的扩展元素 <${m[1]}>${m[2] ? `（命名空间 ${m[2]}）` : ''}：只支持 grid: 扩展`,
  ],
  [
    /^unknown attribute (\S+)(?: on (\S+))?$/,
    (m) => `未知属性 ${m[1]}${m[2] ? `（在${type(m[2])}上）` : ''}`,
  ],
  [
    /^unresolved reference "([^"]*)"(?: in (\S+))?$/,
    (m) => `引用 "${m[1]}" 无法解析${m[2] ? `（${m[2]}）` : ''}`,
  ],
  [/^duplicate id "([^"]*)"( \(line \d+, column \d+\))?$/, (m) => `ID "${m[1]}" 重复${at(m[2])}`],
  [/^unknown element (\S+)( \(line \d+, column \d+\))?$/, (m) => `未知元素 ${m[1]}${at(m[2])}`],
  [/^unexpected element (.+?)( \(line \d+, column \d+\))?$/, (m) => `此处不应出现元素 ${m[1]}${at(m[2])}`],
  [/^unexpected text "(.*)"( \(line \d+, column \d+\))?$/s, (m) => `此处不应出现文本 "${m[1]}"${at(m[2])}`],
  [
    /^only one pool \(participant\) per file is supported \(found (\d+)\)$/,
    (m) => `每个文件只支持一个池（参与者），实际有 ${m[1]} 个`,
  ],
  [
    /^no process found: a file must contain exactly one executable process$/,
    () => '未找到流程：文件必须恰好包含一个可执行流程',
  ],
  [
    /^more than one process \((.*)\): a file must contain exactly one executable process$/,
    (m) => `流程不止一个（${list(m[1])}）：文件必须恰好包含一个可执行流程`,
  ],
  [/^process without an id$/, () => '流程缺少 ID'],
  [/^process is not executable: set isExecutable="true"$/, () => '流程不可执行：请设置 isExecutable="true"'],
  [/^invalid process definition$/, () => '流程定义无效'],

  // ---- deploy validation: elements
  [/^(\S+) without an id$/, (m) => `${type(m[1])}缺少 ID`],
  [
    /^element id "(.*)" must not contain "\.", "\/" or whitespace, nor start with "\$"$/,
    (m) => `元素 ID "${m[1]}" 不能包含 "."、"/" 或空白，也不能以 "$" 开头`,
  ],
  [
    /^unsupported element (\S+) on (\S+) \(multi-instance and loops are not supported\)$/,
    (m) => `${type(m[2])}上的${type(m[1])}不受支持（不支持多实例和循环）`,
  ],
  [
    /^unsupported element (\S+) with multiple event definitions$/,
    (m) => `不支持带多个事件定义的${type(m[1])}`,
  ],
  [/^unsupported element (\S+) without an event definition$/, (m) => `不支持没有事件定义的${type(m[1])}`],
  [/^unsupported element (\S+) with (\S+)$/, (m) => `不支持带${type(m[2])}的${type(m[1])}`],
  [/^unsupported element (\S+) \(event sub-process\)$/, (m) => `不支持事件子流程（${m[1]}）`],
  [/^unsupported element (\S+)$/, (m) => `不支持的元素：${type(m[1])}`],
  [
    /^(a process|a sub-process) needs exactly one none start event \(found (\d+)\)$/,
    (m) => `${m[1] === 'a process' ? '流程' : '子流程'}必须恰好有一个空开始事件（实际有 ${m[2]} 个）`,
  ],
  [/^a start event cannot have incoming flows$/, () => '开始事件不能有流入的连线'],
  [/^start event has no outgoing flow$/, () => '开始事件没有流出的连线'],
  [/^an end event cannot have outgoing flows$/, () => '结束事件不能有流出的连线'],
  [/^end event has no incoming flow$/, () => '结束事件没有流入的连线'],
  [/^a boundary event cannot have incoming flows$/, () => '边界事件不能有流入的连线'],
  [/^boundary event has no outgoing flow$/, () => '边界事件没有流出的连线'],
  [/^(\w+) has no incoming flow$/, (m) => `${kind(m[1])}没有流入的连线`],
  [/^(\w+) has no outgoing flow$/, (m) => `${kind(m[1])}没有流出的连线`],
  [
    /^boundary event is not attached to an activity \(attachedToRef\)$/,
    () => '边界事件没有附着在任何活动上（attachedToRef）',
  ],
  [
    /^boundary event is attached to "(.*)", which is not an activity of this process$/,
    (m) => `边界事件附着的 "${m[1]}" 不是本流程中的活动`,
  ],
  [
    /^boundary event must be declared in the same scope as its host "(.*)"$/,
    (m) => `边界事件必须与其宿主 "${m[1]}" 位于同一范围内`,
  ],
  [
    /^timer boundary events attach to tasks that wait \(user, service, receive\) or sub-processes, not to (\w+)$/,
    (m) => `定时边界事件只能附着在用户任务、服务任务、接收任务或子流程上，不能附着在${kind(m[1])}上`,
  ],
  [
    /^error boundary events attach to service tasks, call activities or sub-processes, not to (\w+)$/,
    (m) => `错误边界事件只能附着在服务任务、调用活动或子流程上，不能附着在${kind(m[1])}上`,
  ],
  [
    /^message boundary events attach to tasks that wait \(user, service, receive\) or sub-processes, not to (\w+)$/,
    (m) => `消息边界事件只能附着在用户任务、服务任务、接收任务或子流程上，不能附着在${kind(m[1])}上`,
  ],
  [
    /^signal boundary events attach to tasks that wait \(user, service, receive\) or sub-processes, not to (\w+)$/,
    (m) => `信号边界事件只能附着在用户任务、服务任务、接收任务或子流程上，不能附着在${kind(m[1])}上`,
  ],
  [
    /^escalation boundary events are supported on sub-processes only, not on (\w+)$/,
    (m) => `升级边界事件只能附着在子流程上，不能附着在${kind(m[1])}上`,
  ],
  [
    /^default flow "(.*)" is not an outgoing flow of this element$/,
    (m) => `默认流 "${m[1]}" 不是该元素流出的连线`,
  ],
  [/^a default flow must not carry a condition$/, () => '默认流不能带条件'],
  [/^a flow leaving a parallel gateway cannot carry a condition$/, () => '并行网关流出的连线不能带条件'],
  [/^gateway without default and without conditions$/, () => '网关既没有默认流，流出连线也没有条件'],
  [
    /^gateway without default and without conditions on every outgoing flow \(none on (.*)\)$/,
    (m) => `网关没有默认流，且并非每条流出连线都有条件（${list(m[1])} 没有条件）`,
  ],
  [
    /^flow leaving gateway "(.*)" needs a condition \(only the default flow may have none\)$/,
    (m) => `从网关 "${m[1]}" 流出的连线需要条件（只有默认流可以没有条件）`,
  ],
  [/^unreachable node \(its host is unreachable\)$/, () => '节点不可达（其宿主活动不可达）'],
  [/^unreachable node$/, () => '节点不可达'],
  [/^sequence flow without a (source|target)$/, (m) => `顺序流缺少${end(m[1])}`],
  [
    /^sequence flow (source|target) "(.*)" is not a flow node of this process$/,
    (m) => `顺序流的${end(m[1])} "${m[2]}" 不是本流程中的节点`,
  ],
  [/^sequence flow crosses a sub-process boundary$/, () => '顺序流不能跨越子流程边界'],

  // ---- deploy validation: grid extension
  [/^grid:escalation is only supported on user tasks$/, () => 'grid:escalation（升级阶梯）只能用于用户任务'],
  [
    /^grid:(subscription|correlationKey) is only supported on message catch events, receive tasks and message boundary events$/,
    (m) => `grid:${m[1]} 只能用于消息捕获事件、接收任务和消息边界事件`,
  ],
  [/^grid:(\w+) applies to service tasks only$/, (m) => `grid:${m[1]} 只适用于服务任务`],
  [/^grid:(\w+) applies to user tasks only$/, (m) => `grid:${m[1]} 只适用于用户任务`],
  [/^service task needs grid:workerType$/, () => '服务任务需要设置执行器类型（grid:workerType）'],
  [
    /^user task needs at least one candidate role \(grid:candidateRoles\)$/,
    () => '用户任务至少需要一个候选角色（grid:candidateRoles）',
  ],
  [/^grid:warnAt needs grid:sla$/, () => '设置了预警点（grid:warnAt）就必须设置办理时限（grid:sla）'],
  [
    /^missing SLA on a task that declares escalation$/,
    () => '声明了升级阶梯的任务必须设置办理时限（grid:sla）',
  ],
  [/^declare at most one grid:(\w+)$/, (m) => `最多只能声明一个 grid:${m[1]}`],
  [
    /^grid:warnAt must be a number between 0 and 1 \(exclusive\), got (.*)$/,
    (m) => `预警点（grid:warnAt）必须是 0 到 1 之间（不含）的数，实际为 ${m[1]}`,
  ],
  [
    /^grid:retries must be a whole number ≥ 0, got (.*)$/,
    (m) => `重试次数（grid:retries）必须是 ≥ 0 的整数，实际为 ${m[1]}`,
  ],
  [
    /^grid:formKey "(.*)" must match \[a-z0-9-\]\+ .*$/,
    (m) => `表单标识（grid:formKey）"${m[1]}" 只能包含小写字母、数字和 -`,
  ],
  [/^unknown grid level "(.*)" \(known: (.*)\)$/, (m) => `未知的网格层级 "${m[1]}"（可用：${list(m[2])}）`],
  [/^missing level$/, () => '缺少层级'],
  [/^missing sla$/, () => '缺少时限'],
  [
    /^level "(.*)" is not above the task's level "(.*)"$/,
    (m) => `层级 "${m[1]}" 不高于任务所在层级 "${m[2]}"`,
  ],
  [
    /^level "(.*)" is not above the previous step's level "(.*)"$/,
    (m) => `层级 "${m[1]}" 不高于上一级的层级 "${m[2]}"`,
  ],
  [
    /^supervisionCycle must be a literal ISO-8601 duration \(FEEL is not supported here\)$/,
    () => '督办提醒周期必须是 ISO-8601 时长常量（此处不支持 FEEL）',
  ],
  [
    /^message catch event needs a messageRef to a message with a name$/,
    () => '消息捕获事件需要引用一个有名称的消息（messageRef）',
  ],
  [/^message "(.*)" needs a name$/, (m) => `消息 "${m[1]}" 需要名称`],
  [
    /^correlation key declared twice \(grid:subscription and grid:correlationKey\) with different values$/,
    () => '关联键在 grid:subscription 和 grid:correlationKey 中声明了两次且取值不同',
  ],
  [
    /^message catch event needs a correlation key: .*$/,
    () => '消息捕获事件需要关联键：<grid:subscription correlationKey="=..."/> 或 grid:correlationKey',
  ],

  // ---- durations, dates, timers, expressions
  [
    /^duration "(.*)": months and years are not defined on the workday calendar .*$/,
    (m) => `时长 "${m[1]}"：工作日日历不支持月和年（请用天或周，或改用自然日日历）`,
  ],
  [
    /^bad ISO-8601 duration "(.*?)"(?: \((.*)\))?$/,
    (m) => `无效的 ISO-8601 时长 "${m[1]}"${m[2] ? `（${m[2]}）` : ''}`,
  ],
  [
    /^bad ISO-8601 date-time "(.*)" \(expected e\.g\. (.*)\)$/,
    (m) => `无效的 ISO-8601 日期时间 "${m[1]}"（应如 ${m[2]}）`,
  ],
  [
    /^bad timer cycle "(.*)" \(expected R\[n\]\/<duration>, e\.g\. (.*)\)$/,
    (m) => `无效的定时周期 "${m[1]}"（应为 R[n]/<时长>，如 ${m[2]}）`,
  ],
  [
    /^bad timer cycle "(.*?)": it must repeat at least once$/,
    (m) => `无效的定时周期 "${m[1]}"：至少要重复一次`,
  ],
  [/^bad timer cycle "(.*?)": (.*)$/, (m) => `无效的定时周期 "${m[1]}"：${tr(m[2])}`],
  [
    /^unknown calendar "(.*)" \(expected (.*)\)$/,
    (m) => `未知的日历 "${m[1]}"（应为 ${m[2].replace(' or ', ' 或 ')}）`,
  ],
  [
    /^timer needs a timeDuration, timeDate or timeCycle$/,
    () => '定时器需要 timeDuration、timeDate 或 timeCycle 之一',
  ],
  [
    /^timer declares (.*): use exactly one$/,
    (m) => `定时器同时声明了 ${m[1].split(' and ').join('、')}：只能用一个`,
  ],
  [
    /^a timer cycle \(timeCycle\) is only supported on a non-interrupting boundary event$/,
    () => '定时周期（timeCycle）只能用于非中断边界事件',
  ],
  [/^empty (timeDate|timeCycle|timeDuration)$/, (m) => `${m[1]} 为空`],
  [
    /^unsupported expression language "(.*)": write conditions in FEEL$/,
    (m) => `不支持表达式语言 "${m[1]}"：请用 FEEL 编写条件`,
  ],
  [
    /^JUEL expression "(.*)" is not supported: use FEEL \(e\.g\. (.*)\)$/,
    (m) => `不支持 JUEL 表达式 "${m[1]}"：请使用 FEEL（如 ${m[2]}）`,
  ],
  [/^empty FEEL expression$/, () => 'FEEL 表达式为空'],
  [/^FEEL syntax error in "(.*?)": (.*)$/s, (m) => `FEEL 语法错误 "${m[1]}"：${tr(m[2])}`],
  [/^unexpected input at position (\d+)$/, (m) => `第 ${m[1]} 个字符处有无法识别的输入`],

  // ---- prefixed messages: the rest is translated on its own
  [/^escalation step (\d+): (.*)$/s, (m) => `升级阶梯第 ${m[1]} 级：${tr(m[2])}`],
  [/^grid:sla: (.*)$/s, (m) => `办理时限（grid:sla）：${tr(m[1])}`],
  [/^grid:calendar: (.*)$/s, (m) => `日历（grid:calendar）：${tr(m[1])}`],
  [/^supervisionCycle: (.*)$/s, (m) => `督办提醒周期：${tr(m[1])}`],
  [/^correlation key: (.*)$/s, (m) => `关联键：${tr(m[1])}`],
];

/** The message in Chinese when its shape is known, else unchanged (no language check). */
function tr(message: string): string {
  const text = message.trim();
  for (const [re, fmt] of RULES) {
    const m = re.exec(text);
    if (m) return fmt(m);
  }
  return message;
}

/**
 * A deploy problem the engine words only in English prose (`deploy.problem`), in Chinese. Stop-gap until the
 * model's validators give every problem a code (most deploy rules in engine/model have none yet).
 */
export const deployProblemZh = tr;
