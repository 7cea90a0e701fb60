import type { ExperimentNode, ReportScore } from '../contract.js';
import { fmt3 } from '../format.js';
import { colors, type ChartOption } from './echarts.js';

export type NodeState = 'accepted' | 'rejected' | 'failed' | 'running';

/** Accepted: kept as the new best; rejected: scored but not kept; failed: no score; running: not finished yet. */
export function nodeState(node: ExperimentNode): NodeState {
  if (node.accepted === true) return 'accepted';
  if (node.state === 'running') return 'running';
  if (node.validation === null) return 'failed';
  return 'rejected';
}

export const stateColor: Record<NodeState, string> = { accepted: colors.accepted, rejected: colors.rejected, failed: colors.failed, running: colors.running };

/** The experiments from a root down to the best one (empty when there is no best). */
export function bestPath(tree: ExperimentNode[]): Set<string> {
  const walk = (node: ExperimentNode, trail: string[]): string[] | null => {
    const here = [...trail, node.experimentId];
    if (node.best) return here;
    for (const child of node.children) {
      const found = walk(child, here);
      if (found) return found;
    }
    return null;
  };
  for (const root of tree) {
    const found = walk(root, []);
    if (found) return new Set(found);
  }
  return new Set();
}

export function nodeLabel(node: ExperimentNode): string {
  return `${node.experimentId} · ${fmt3(node.validation)}`;
}

export function countLeaves(tree: ExperimentNode[]): number {
  return tree.reduce((sum, node) => sum + (node.children.length === 0 ? 1 : countLeaves(node.children)), 0);
}

interface TreeDatum {
  name: string;
  value: number | null;
  children: TreeDatum[];
  itemStyle: { color: string; borderColor: string; borderWidth?: number };
  lineStyle?: { color: string; width: number };
  label: { formatter: string; fontWeight?: 'bold'; color?: string };
  symbolSize?: number;
}

function toDatum(node: ExperimentNode, onPath: Set<string>): TreeDatum {
  const color = stateColor[nodeState(node)];
  const best = onPath.has(node.experimentId);
  return {
    name: node.experimentId,
    value: node.validation,
    children: node.children.map((child) => toDatum(child, onPath)),
    itemStyle: { color, borderColor: node.best ? colors.best : color, ...(node.best ? { borderWidth: 3 } : {}) },
    ...(best ? { lineStyle: { color: colors.best, width: 3 } } : {}),
    label: { formatter: nodeLabel(node), ...(best ? { fontWeight: 'bold' as const, color: colors.text } : {}) },
    ...(node.best ? { symbolSize: 13 } : {}),
  };
}

/** The experiment tree under a virtual "base model" root; the path to the best is drawn thick. */
export function treeOption(tree: ExperimentNode[], base: ReportScore | null): ChartOption {
  const onPath = bestPath(tree);
  const root: TreeDatum = {
    name: 'base model',
    value: base?.value ?? null,
    children: tree.map((node) => toDatum(node, onPath)),
    itemStyle: { color: colors.muted, borderColor: colors.muted },
    label: { formatter: base?.value != null ? `base model · ${fmt3(base.value)}` : 'base model', ...(onPath.size > 0 ? { fontWeight: 'bold' as const } : {}) },
  };
  return {
    animation: false,
    tooltip: {
      trigger: 'item',
      formatter: (params) => (Array.isArray(params) ? '' : `${params.name}: ${fmt3(typeof params.value === 'number' ? params.value : null)}`),
    },
    series: [
      {
        type: 'tree',
        data: [root],
        orient: 'LR',
        left: 70,
        right: 130,
        top: 12,
        bottom: 12,
        symbol: 'circle',
        symbolSize: 9,
        initialTreeDepth: -1,
        expandAndCollapse: false,
        roam: false,
        label: { position: 'top', fontSize: 11, color: colors.muted, distance: 4 },
        leaves: { label: { position: 'right', verticalAlign: 'middle', align: 'left' } },
        lineStyle: { color: colors.grid, width: 1.5, curveness: 0.5 },
        emphasis: { focus: 'none' },
      },
    ],
  };
}
