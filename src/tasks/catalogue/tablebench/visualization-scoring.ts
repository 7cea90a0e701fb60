import type { MetricScoring } from '../../../core/index.js';

/**
 * TableBench visualization Pass@1 in its two modes, for the card. Both run the chart code in the
 * sandbox (no network; each item in a fresh process) and read and compare the chart the same way;
 * they differ in how the code is run and where the verdict is read. The examples are items of the
 * mini validation split (src/eval/differential/fixtures/tablebench-visualization holds them, with TableBench's
 * own scores).
 */
export const VISUALIZATION_SCORING: MetricScoring = {
  official:
    "TableBench/TableBench@6c61a20, parse_tablebench_instruction_response_script.py (Visualization, DP): the last ```python block of the output; table.csv written from the item's table; " +
    "the code exec()'d inside the script's own function, wrapped in `if __name__ == '__main__':`, under a 15 s timeout, then again with the reference and the comparison appended; " +
    "the current axes' values by chart type (bar and waterfall heights, hbar widths, line and radar y-data, pie wedge fractions, scatter offsets, area outlines), rounded to 2 places and sorted, must equal the reference's (pie: its shares); " +
    'Pass@1 is a printed "True". Runs here in the sandbox (python/ftdojo_runtime/chart_pass_at_1.py) with the same two runs and the same reading, item by item in a fresh process, ' +
    "the reference out of the code's reach (a later process compares); a failure is named by kind (crash, exit, timeout, memory, network, no-chart, wrong-data, printed). Unlike TableBench's single run, " +
    "what one item's code leaves in the process (rcParams, pandas options) does not reach the next item; the network is refused, and an attempt fails the item " +
    "(TableBench's run would let it through); sys.exit() in the code fails its item (in TableBench it ends the whole run). " +
    'Agreement with the official code: 74 of 74 cases over the 12 mini validation items, Pass@1 and ECR@1 (src/eval/differential/fixtures/tablebench-visualization).',
  differences: [
    {
      what: 'how often the code runs',
      official:
        "runs the code twice in one process without closing its figure (once to see whether it runs, then with the comparison), so code that draws on pyplot's current figure (no plt.figure() or plt.subplots()) draws every bar, line or wedge twice and fails.",
      corrected: 'runs the code once, on a fresh pyplot: a chart is judged as it is drawn.',
      example:
        "item 7cfdc47e6cfdc865ffb5d0a9ddd1d380 (passengers per city), o3-mini's own answer in TableBench's eval_examples: `plt.bar(df['City'], df['Passengers'])` with no plt.figure(); official reads 20 bars against the reference's 10: 0 (TableBench's published parsed result is False too); corrected 1. The same holds for every chart type (case same-figure, 12 of 12 items).",
    },
    {
      what: 'where the verdict is read',
      official:
        'prints the comparison\'s True or False and reads the code\'s captured stdout, so anything the code prints (print(df.head())) spoils the verdict: "…\\nTrue" is neither True nor False.',
      corrected: 'takes the comparison from a channel of its own; what the code prints does not matter.',
      example:
        'item b0bce3c8708c147f9d7b85cac2fb8549 (line chart of the gaps to the winner): right data drawn after `print(df.head())`: official 0, corrected 1 (case printed).',
    },
    {
      what: "the code's functions",
      official:
        "exec()s the code with the script's globals and a separate locals dict, so a function (or a comprehension) in the code cannot see the code's own top-level names: `def draw(): ... series ...` raises NameError.",
      corrected: 'runs the code as the script it is, in a module of its own, so its functions see its variables.',
      example:
        'item de82a1f1334f8d83cfd1a7fd13c29ed3 (river lengths and basin areas): the bars drawn by `def draw():` over the top-level `series`: official 0 (NameError), corrected 1 (case function-scope).',
    },
    {
      what: 'names the code never imported',
      official: "lets the code use the script's own imports (np, pd, plt, os, sys, re, ast) without importing them.",
      corrected: 'gives the code nothing it did not import: a script that uses np without `import numpy as np` does not run.',
      example:
        'item 64664032a7a369ee8b22f988514f1107 (vote shares, pie): right wedges after `positions = np.arange(3)` with no numpy import: official 1, corrected 0 (crash: NameError) (case numpy-unimported).',
    },
  ],
};
