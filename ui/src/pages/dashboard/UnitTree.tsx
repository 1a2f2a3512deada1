// The grid hierarchy as a collapsible tree; clicking a unit selects it for the dashboard.
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n';
import { levelLabel } from '../../lib/labels';
import type { UnitNode } from '../../lib/units';

export function UnitTree({
  roots,
  selected,
  onSelect,
}: {
  roots: UnitNode[];
  selected: string | undefined;
  onSelect: (code: string) => void;
}) {
  const { t } = useI18n();
  return (
    <nav className="unit-tree" aria-label={t('dash.tree')}>
      <ul>
        {roots.map((n) => (
          <TreeNode key={n.code} node={n} depth={0} selected={selected} onSelect={onSelect} />
        ))}
      </ul>
    </nav>
  );
}

function containsCode(n: UnitNode, code: string | undefined): boolean {
  return !!code && (n.code === code || n.children.some((c) => containsCode(c, code)));
}

function TreeNode({
  node,
  depth,
  selected,
  onSelect,
}: {
  node: UnitNode;
  depth: number;
  selected: string | undefined;
  onSelect: (code: string) => void;
}) {
  const [open, setOpen] = useState(depth < 2 || containsCode(node, selected));
  const hasKids = node.children.length > 0;
  // drilling into a unit (tree, chart or table) opens the path down to it and the unit itself
  useEffect(() => {
    if (containsCode(node, selected)) setOpen(true);
  }, [node, selected]);
  const isOpen = open;
  return (
    <li>
      <div
        className={`unit-tree__row ${selected === node.code ? 'unit-tree__row--on' : ''}`}
        style={{ paddingLeft: depth * 14 }}
      >
        <button
          className="unit-tree__toggle"
          onClick={() => setOpen(!isOpen)}
          disabled={!hasKids}
          aria-label={isOpen ? '−' : '+'}
        >
          {hasKids ? (isOpen ? '▾' : '▸') : '·'}
        </button>
        <button
          className="unit-tree__name"
          onClick={() => !node.ancestorOnly && onSelect(node.code)}
          disabled={node.ancestorOnly}
        >
          {node.name}
          <span className="unit-tree__level">{levelLabel(node.level)}</span>
        </button>
      </div>
      {hasKids && isOpen && (
        <ul>
          {node.children.map((c) => (
            <TreeNode key={c.code} node={c} depth={depth + 1} selected={selected} onSelect={onSelect} />
          ))}
        </ul>
      )}
    </li>
  );
}
