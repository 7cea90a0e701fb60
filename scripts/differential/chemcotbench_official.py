"""Runs ChemCoTBench's own evaluation code, unchanged, on ftdojo's differential predictions.

Called by scripts/differential/chemcotbench.mjs; not part of ftdojo. It needs a checkout of
IDEA-XL/ChemCoTBench (the commit below) and a test-only Python environment with what that code
imports (rdkit, PyTDC and its dependencies, nltk, python-Levenshtein, rouge_score, selfies,
scikit-learn); nothing is fetched.

What runs is ChemCoTBench's: the eval/*.py modules and evaluator.py as imported, and the
evaluation functions of the four *_eval_demo.ipynb notebooks (which the README names as the
evaluation), loaded from the notebooks' own cells (their `def`s and imports, not their demo
calls). Only input and output are adapted:
- every prediction is written, alone, as the log file a notebook reads (logs/<task>/<model>.json
  in a scratch directory that is the working directory), with the fields the notebook reads, so
  the notebook's aggregate over one item is that item's score;
- our prompts name the answer field "output"; the notebooks read "count" (group and ring counts),
  "Output Scaffold" (Murcko) and "Final Target Molecule" (optimisation), so the parsed JSON is
  handed to the notebook with "output" renamed to the name it reads (nothing else changes);
- the reaction notebook reads its reference model's answer between <|answer_start|> tags; our
  answers are JSON, so its `parse_response` is given the notebook's own JSON reader,
  `parse_raw_response(response, "output")`;
- the scoring functions the notebooks call (eval_molund_from_list, eval_moledit_from_list,
  eval_molopt_from_list, MoleculeSMILESEvaluator.evaluate) are wrapped to record their inputs and
  results; eval_moledit_from_list is not called on an empty list (one left-out item alone would
  divide by zero there, where in a batch it only shrinks the denominator), nor are the optimisation
  properties other than the item's (DRD2, GSK3-beta and JNK3 need oracle downloads);
- TDC's LogP oracle reads oracle/fpscores.pkl, which it downloads from Harvard Dataverse: the
  scratch directory gets RDKit's Contrib/SA_Score/fpscores.pkl.gz uncompressed instead (9,048,931
  bytes, the size TDC downloads).
An exception raised by the official code for an item is recorded as that item's "crash".

Usage: python chemcotbench_official.py --official <ChemCoTBench checkout> --input <driver input>
       --output <official scores>
"""

import argparse
import ast
import contextlib
import gzip
import io
import json
import os
import shutil
import sys
import tempfile
import traceback

RENAMED = {'fg_samples': 'count', 'ring_count': 'count', 'murcko': 'Output Scaffold'}
OPT_KEY = 'Final Target Molecule'
ANSWER = 'output'


def notebook_functions(path, namespace):
    """Executes a notebook's imports and function definitions (not its demo calls) in namespace."""
    cells = json.load(open(path))['cells']
    for cell in cells:
        if cell['cell_type'] != 'code':
            continue
        tree = ast.parse(''.join(cell['source']))
        kept = [node for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef))]
        exec(compile(ast.Module(body=kept, type_ignores=[]), path, 'exec'), namespace)
    return namespace


def renaming(transform, key_for):
    """The notebook's tranform_str_to_json, with our "output" field handed over under its name."""
    def wrapped(str_input):
        parsed = transform(str_input)
        key = key_for()
        if isinstance(parsed, dict) and key != ANSWER and ANSWER in parsed:
            parsed = dict(parsed)
            parsed[key] = parsed.pop(ANSWER)
        return parsed
    return wrapped


def write_log(task, records):
    os.makedirs(os.path.join('logs', task), exist_ok=True)
    with open(os.path.join('logs', task, 'item.json'), 'w') as handle:
        json.dump(records, handle)


def quietly(function, *args):
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return function(*args)


def crash(error):
    first_line = ''.join(traceback.format_exception_only(type(error), error)).strip().splitlines()[0]
    return {'status': 'crash', 'error': first_line[:160]}


# --- molecule understanding ------------------------------------------------------------------

MOLUND_TASKS = {'fg_samples': 'fg_samples', 'murcko': 'murcko_scaffold', 'ring_count': 'ring_count',
                'ring_system': 'ring_system_scaffold', 'mutated': 'mutated', 'permutated': 'permutated'}
MOLUND_DUMMY = {'json_results': '{"output": "Yes"}', 'fg_num': 1, 'largest_scaffold': 'c1ccccc1', 'count': 1}


def molund(official, items, predictions):
    import eval.eval_molund as module
    calls = []
    current = {}

    def recording(gt_list, pred_list, total_number, task):
        result = module.eval_molund_from_list(gt_list, pred_list, total_number, task)
        calls.append((task, list(pred_list), result))
        return result

    namespace = notebook_functions(os.path.join(official, 'molund_eval_demo.ipynb'), {'__name__': 'notebook'})
    namespace['eval_molund_from_list'] = recording
    namespace['tranform_str_to_json'] = renaming(module.tranform_str_to_json, lambda: RENAMED.get(current['task'], ANSWER))
    real_open = open

    def tracking_open(file, *args, **kwargs):
        current['task'] = next(key for key, folder in MOLUND_TASKS.items() if f'logs/{folder}/' in file)
        return real_open(file, *args, **kwargs)

    namespace['open'] = tracking_open
    scores = []
    for prediction in predictions:
        item = items[prediction['id']]
        for key, folder in MOLUND_TASKS.items():
            record = dict(item['record'], json_results=prediction['output']) if key == item['task'] else MOLUND_DUMMY
            write_log(folder, [record])
        calls.clear()
        try:
            quietly(namespace['evaluate_molund_score'], 'item')
        except Exception as error:  # the official code raised on this item
            if current.get('task') != item['task']:
                raise
            scores.append(dict(prediction_key(prediction), metric=item['metric'], **crash(error)))
            continue
        task, pred_list, result = next(call for call in calls if call[0] == item['task'])
        status = {'status': 'dropped'} if len(pred_list) == 0 else {'status': 'scored', 'value': result['score']}
        scores.append(dict(prediction_key(prediction), metric=item['metric'], **status))
    return scores


# --- molecule editing --------------------------------------------------------------------------

MOLEDIT_DUMMY = {'json_results': '{"output": "CCl"}', 'molecule': 'C', 'added_group': 'halo', 'removed_group': 'halo'}


def moledit(official, items, predictions):
    import eval.eval_moledit as module
    calls = []

    def recording(src_list, pred_list, group_a, group_b, task, total_number):
        if len(pred_list) == 0:
            calls.append((task, None))
            return {}
        result = module.eval_moledit_from_list(src_list, pred_list, group_a, group_b, task, total_number)
        calls.append((task, result))
        return result

    namespace = notebook_functions(os.path.join(official, 'moledit_eval_demo.ipynb'), {'__name__': 'notebook'})
    namespace['eval_moledit_from_list'] = recording
    scores = []
    for prediction in predictions:
        item = items[prediction['id']]
        for task in ('add', 'delete', 'sub'):
            write_log(task, [dict(item['record'], json_results=prediction['output']) if task == item['task'] else MOLEDIT_DUMMY])
        calls.clear()
        try:
            quietly(namespace['evaluate_moledit_score'], 'item')
        except Exception as error:
            if any(task == item['task'] for task, _ in calls):
                raise
            scores.append(dict(prediction_key(prediction), metric='accuracy', **crash(error)))
            continue
        result = next(result for task, result in calls if task == item['task'])
        status = {'status': 'dropped'} if result is None else {'status': 'scored', 'value': result['correct_rate']}
        scores.append(dict(prediction_key(prediction), metric='accuracy', **status))
    return scores


# --- molecule optimisation ---------------------------------------------------------------------

OPT_PROPS = ('logp', 'solubility', 'qed', 'drd', 'jnk', 'gsk')


def molopt(official, items, predictions):
    import eval.eval_molopt as module
    calls = []
    current = {}

    def recording(optimized_prop, gt_list, pred_list, total_number):
        if optimized_prop != current['prop']:
            return {}
        result = module.eval_molopt_from_list(optimized_prop, gt_list, pred_list, total_number)
        calls.append(result)
        return result

    namespace = notebook_functions(os.path.join(official, 'molopt_eval_demo.ipynb'), {'__name__': 'notebook'})
    namespace['eval_molopt_from_list'] = recording
    namespace['tranform_str_to_json'] = renaming(namespace['tranform_str_to_json'], lambda: OPT_KEY)
    scores = []
    for prediction in predictions:
        item = items[prediction['id']]
        current['prop'] = item['task']
        for prop in OPT_PROPS:
            record = dict(item['record'], json_results=prediction['output']) if prop == item['task'] else {
                'json_results': json.dumps({OPT_KEY: 'CCO'}), 'src_smiles': 'CC'}
            write_log(prop, [record])
        calls.clear()
        key = prediction_key(prediction)
        try:
            quietly(namespace['evaluate_molopt_score'], 'item')
        except Exception as error:
            if calls:
                raise
            scores.append(dict(key, metric='success-rate', **crash(error)))
            scores.append(dict(key, metric='validity', **crash(error)))
            continue
        improvement = calls[0]['improvement']
        scores.append(dict(key, metric='success-rate', status='scored', value=improvement['success_rate']))
        scores.append(dict(key, metric='validity', status='scored', value=improvement['valid_smiles_rate']))
    return scores


# --- reactions -----------------------------------------------------------------------------------

RXN_FUNCTIONS = {'fs': 'evaluate_fs', 'retro': 'evaluate_retro', 'mech_task1': 'evaluate_NEPP'}


def reaction(official, items, predictions):
    import evaluator
    results = []
    original = evaluator.MoleculeSMILESEvaluator.evaluate

    def recording(self, *args, **kwargs):
        result = original(self, *args, **kwargs)
        results.append(result)
        return result

    evaluator.MoleculeSMILESEvaluator.evaluate = recording
    namespace = notebook_functions(os.path.join(official, 'rxn_eval_demo.ipynb'), {'__name__': 'notebook'})
    namespace['parse_response'] = lambda response: namespace['parse_raw_response'](response, ANSWER)
    scores = []
    for prediction in predictions:
        item = items[prediction['id']]
        folder = os.path.join('logs', item['task'])
        write_log(item['task'], [dict(item['record'], json_response=prediction['output'])])
        results.clear()
        key = prediction_key(prediction)
        try:
            quietly(namespace[RXN_FUNCTIONS[item['task']]], 'item', folder)
        except Exception as error:
            if results:
                raise
            for metric in ('fingerprint-tanimoto', 'accuracy'):
                scores.append(dict(key, metric=metric, **crash(error)))
            continue
        result = {name: float(value) for name, value in results[0].items()}
        parts = {name: result[name] for name in ('validity', 'rdk_sims', 'maccs_sims', 'morgan_sims')}
        fts = (result['rdk_sims'] + result['maccs_sims'] + result['morgan_sims']) / 3
        scores.append(dict(key, metric='fingerprint-tanimoto', status='scored', value=fts, parts=parts))
        scores.append(dict(key, metric='accuracy', status='scored', value=result['exact_match']))
    return scores


def prediction_key(prediction):
    return {'id': prediction['id'], 'case': prediction['case']}


RUNNERS = {'chemcot-mol-und': molund, 'chemcot-mol-edit': moledit, 'chemcot-mol-opt': molopt, 'chemcot-reaction': reaction}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--official', required=True, help='a checkout of IDEA-XL/ChemCoTBench')
    parser.add_argument('--input', required=True)
    parser.add_argument('--output', required=True)
    args = parser.parse_args()
    official = os.path.join(os.path.abspath(args.official), 'baseline_and_eval')
    sys.path.insert(0, official)
    bundle = json.load(open(args.input))
    output = os.path.abspath(args.output)
    scratch = tempfile.mkdtemp(prefix='chemcotbench-official-')
    os.makedirs(os.path.join(scratch, 'oracle'))
    import rdkit
    contrib = os.path.join(os.path.dirname(rdkit.__file__), 'Contrib', 'SA_Score', 'fpscores.pkl.gz')
    with gzip.open(contrib) as source, open(os.path.join(scratch, 'oracle', 'fpscores.pkl'), 'wb') as target:
        shutil.copyfileobj(source, target)
    os.chdir(scratch)
    out = {}
    for task, content in bundle['tasks'].items():
        items = {item['id']: item for item in content['items']}
        out[task] = quietly(RUNNERS[task], official, items, content['predictions'])
    import importlib.metadata as metadata
    packages = {name: metadata.version(name) for name in ('rdkit', 'PyTDC', 'numpy', 'scikit-learn', 'nltk')}
    json.dump({'python': sys.version.split()[0], 'packages': packages, 'scores': out}, open(output, 'w'), indent=1)
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == '__main__':
    main()
