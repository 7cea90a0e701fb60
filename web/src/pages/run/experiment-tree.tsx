import { useEffect, useMemo, useRef } from 'preact/hooks';
import { Chart, type ChartClick } from '../../charts/chart.js';
import { countLeaves, nodeLabel, nodeState, stateColor, treeOption } from '../../charts/tree-option.js';
import type { ExperimentNode, ReportScore } from '../../contract.js';
import { href, navigate } from '../../router.js';

interface Props {
  runId: string;
  tree: ExperimentNode[];
  base: ReportScore | null;
  openId: string | null;
}

function flatten(nodes: ExperimentNode[], parent: string): { node: ExperimentNode; parent: string }[] {
  return nodes.flatMap((node) => [{ node, parent }, ...flatten(node.children, node.experimentId)]);
}

/** The same tree as a small list: every node with its state, whether it is the best, and its parent. */
function NodeList({ runId, tree, openId }: Omit<Props, 'base'>) {
  return (
    <ul class="tree-nodes" data-testid="tree-nodes">
      {flatten(tree, 'base').map(({ node, parent }) => {
        const state = nodeState(node);
        return (
          <li
            key={node.experimentId}
            data-node-id={node.experimentId}
            data-state={state}
            data-best={String(node.best)}
            data-parent={parent}
            class={node.experimentId === openId ? 'open' : ''}
          >
            <span class="dot" style={{ background: stateColor[state] }} />
            <a href={href.run(runId, node.experimentId)} class={node.best ? 'best' : ''} title={`${state}${node.best ? ', best' : ''}; parent ${parent}`}>
              {nodeLabel(node)}
            </a>
          </li>
        );
      })}
    </ul>
  );
}

export function ExperimentTree({ runId, tree, base, openId }: Props) {
  const option = useMemo(() => treeOption(tree, base), [tree, base]);
  // Room for every leaf's label; a wide tree scrolls in its box rather than squeezing labels together.
  const leaves = countLeaves(tree);
  const height = Math.max(160, leaves * (leaves > 40 ? 18 : 26) + 30);
  const onClick = (click: ChartClick) => {
    if (click.name && click.name !== 'base model') navigate(href.run(runId, click.name));
  };
  // The root sits halfway down a tall tree: start the scroll box there, not at the first leaf.
  const scroller = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const box = scroller.current;
    if (box) box.scrollTop = (box.scrollHeight - box.clientHeight) / 2;
  }, [height]);
  return (
    <div class="tree-box">
      <h2>Experiment tree</h2>
      {tree.length === 0 ? (
        <p class="muted">No experiments yet.</p>
      ) : (
        <>
          <div class="tree-scroll" ref={scroller}>
            <Chart option={option} testId="experiment-tree" height={height} onClick={onClick} />
          </div>
          <div class="legend-line">
            <span class="dot" style={{ background: stateColor.accepted }} /> accepted <span class="dot" style={{ background: stateColor.rejected }} /> rejected{' '}
            <span class="dot" style={{ background: stateColor.failed }} /> failed / no score <span class="dot" style={{ background: stateColor.running }} />{' '}
            running <span class="best-swatch" /> path to the best
          </div>
        </>
      )}
      <NodeList runId={runId} tree={tree} openId={openId} />
    </div>
  );
}
