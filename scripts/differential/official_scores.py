"""Scores the differential fixtures with the benchmarks' own evaluation code, unchanged.

Only the I/O is adapted: outputs and references come from src/eval/differential/fixtures/, each
item is scored on its own (so its value is the per-item score the official aggregate averages),
and the per-item value is written to <task>.official.jsonl. See README.md here for the sources,
their commits and how to set up the environment.

    python official_scores.py --task financeiq --opencompass DIR --tablebench DIR --fixtures DIR
"""

import argparse
import importlib
import json
import os
import sys
import types

TABLEBENCH_NUMERIC_SUBTYPES = ('CorrelationAnalysis', 'TrendForecasting', 'StatisticalAnalysis')


def read_jsonl(path):
    with open(path, encoding='utf-8') as handle:
        return [json.loads(line) for line in handle if line.strip()]


def bare_package(root, name):
    """A package whose __init__ is not run (OpenCompass's imports the whole framework, torch
    included); its modules are imported on their own, exactly as written."""
    module = types.ModuleType(name)
    module.__path__ = [os.path.join(root, *name.split('.'))]
    sys.modules[name] = module


def opencompass_scorer(root, task):
    sys.path.insert(0, root)
    for name in ['opencompass.utils', 'opencompass.openicl', 'opencompass.openicl.icl_evaluator', 'opencompass.evaluator']:
        bare_package(root, name)
    # OpenCompass creates its logger at start-up; modules imported later ask for it by name.
    importlib.import_module('opencompass.utils.logging').get_logger()
    from datasets import Dataset
    text = importlib.import_module('opencompass.utils.text_postprocessors')

    def model_postprocess(output):
        # RD-Agent's OpenCompass template: pred_postprocessor=dict(type='extract-non-reasoning-content')
        # on the model whenever use_cot_postprocessor is on (its default).
        return text.TEXT_POSTPROCESSORS.get('extract-non-reasoning-content')(output)

    if task == 'financeiq':
        evaluator = importlib.import_module('opencompass.openicl.icl_evaluator.icl_hf_evaluator').AccEvaluator()

        def score(output, item):
            # configs/datasets/FinanceIQ/FinanceIQ_gen_e0e6b5.py: pred_postprocessor=last_capital_postprocess
            prediction = text.last_capital_postprocess(model_postprocess(output))
            reference = item['reference']
            result = evaluator.evaluate(1, 1, Dataset.from_list([{'answer': reference}]), predictions=[prediction], references=[reference])
            return result['accuracy'] / 100, prediction

        return score

    if task == 'aime25':
        # math_evaluator.py imports BaseEvaluator from the package, whose __init__ is not run: hand it the class.
        base = importlib.import_module('opencompass.openicl.icl_evaluator.icl_base_evaluator')
        sys.modules['opencompass.openicl.icl_evaluator'].BaseEvaluator = base.BaseEvaluator
        evaluator = importlib.import_module('opencompass.evaluator.math_evaluator').MATHVerifyEvaluator()

        def score(output, item):
            # configs/datasets/aime2025/aime2025_cascade_eval_gen_5e9f4f.py: CascadeEvaluator's rule
            # stage, MATHVerifyEvaluator (the LLM judge after it is not run: it needs a judge model).
            reference = str(item['reference'])
            prediction = model_postprocess(output)
            result = evaluator.score([prediction], [reference])
            detail = result['details'][0] if result['details'] else {'pred': None}
            return result['accuracy'] / 100, detail['pred']

        return score
    raise ValueError(task)


def tablebench_scorer(root, task, opencompass_root):
    sys.path.insert(0, root)
    os.chdir(root)
    import evaluate

    load = evaluate.load

    def load_offline(name, *args, **kwargs):
        # The hub's evaluate-metric/rouge script cannot be fetched offline: the same script as
        # OpenCompass keeps it (opencompass/openicl/icl_evaluator/hf_metrics/rouge.py) is loaded instead.
        if name == 'rouge':
            return load(os.path.join(opencompass_root, 'opencompass/openicl/icl_evaluator/hf_metrics/rouge.py'), *args, **kwargs)
        return load(name, *args, **kwargs)

    evaluate.load = load_offline
    from metrics.custom_em_metric import compute_em, compute_em_with_tolerance
    from metrics.qa_metrics import QAMetric
    from parse_tablebench_instruction_response_script import parse_dp_prediction

    engine = QAMetric()

    def score(output, item):
        parsed = parse_dp_prediction(output)
        subtype = (item.get('meta') or {}).get('qsubtype') or item.get('subtask')
        reported = engine.compute(references=[item['reference']], predictions=[parsed])
        # The per-item value before QAMetric.compute rounds it to two places of a percent; the
        # assertion proves it is the number compute reports.
        references, predictions = engine.prepsocess([item['reference']], [parsed])
        if task != 'tablebench-data-analysis' or subtype == 'ImpactAnalysis':
            value, key = compute_em(references=references, predictions=predictions), 'EM'
        elif subtype in TABLEBENCH_NUMERIC_SUBTYPES:
            value, key = compute_em_with_tolerance(references=references, predictions=predictions, error_range=10), 'EM_with_error_10'
        else:
            value, key = engine.rouge.compute(references=references, predictions=predictions)['rougeL'], 'ROUGE-L'
        assert round(value * 100, 2) == reported[key], (item['id'], key, value, reported)
        return value, parsed

    return score


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--task', required=True)
    parser.add_argument('--fixtures', required=True)
    parser.add_argument('--opencompass', required=True)
    parser.add_argument('--tablebench', required=True)
    args = parser.parse_args()
    fixtures = os.path.abspath(args.fixtures)
    if args.task == 'aime25-solutions':
        # Worked solutions (kept with their reference in the fixture): rescore them in place.
        path = os.path.join(fixtures, 'aime25', 'solutions.jsonl')
        rows = read_jsonl(path)
        score = opencompass_scorer(os.path.abspath(args.opencompass), 'aime25')
        for row in rows:
            row['value'], row['extracted'] = score(row['output'], row)
        with open(path, 'w', encoding='utf-8') as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + '\n')
        print(f'aime25-solutions: {len(rows)} outputs scored')
        return
    items = {item['id']: item for item in read_jsonl(os.path.join(fixtures, args.task, 'items.jsonl'))}
    predictions = read_jsonl(os.path.join(fixtures, args.task, 'predictions.jsonl'))
    if args.task.startswith('tablebench'):
        score = tablebench_scorer(os.path.abspath(args.tablebench), args.task, os.path.abspath(args.opencompass))
    else:
        score = opencompass_scorer(os.path.abspath(args.opencompass), args.task)
    rows = []
    for prediction in predictions:
        value, extracted = score(prediction['output'], items[prediction['id']])
        rows.append({'id': prediction['id'], 'case': prediction['case'], 'value': value, 'extracted': extracted})
    with open(os.path.join(fixtures, args.task, 'official.jsonl'), 'w', encoding='utf-8') as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + '\n')
    print(f'{args.task}: {len(rows)} outputs scored, mean {sum(row["value"] for row in rows) / len(rows):.4f}')


if __name__ == '__main__':
    main()
