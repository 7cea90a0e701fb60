"""TableBench visualization Pass@1: reading a chart, carrying its values between processes, comparing.

TableBench reads the current axes' data by chart type and compares them with the reference's:
both flattened one level, rounded to 2 places, sorted, equal element by element (NaN equals NaN);
a pie's wedges as fractions of the circle against the reference's shares. Rounding is Python's
round() on whatever matplotlib holds (a numpy scalar rounds as numpy does), so the values travel
from the process that ran the code (chart_pass_at_1.py) to the one that compares
(chart_verdict.py) with their types: encode() and decode() below, JSON only (never pickle: the
values come from model-written code).
"""

import numpy

# --- reading the chart ------------------------------------------------------------------------


def _line_values(axes):
    return [list(line.get_ydata()) for line in axes.get_lines()]


def _radar_values(axes):
    # A radar line repeats its first point to close the polygon: the repeat is not data.
    return [list(line.get_ydata())[:-1] for line in axes.get_lines()]


def _bar_heights(axes):
    return [patch.get_height() for patch in axes.patches]


def _bar_widths(axes):
    return [patch.get_width() for patch in axes.patches]


def _pie_shares(axes):
    return [round((patch.theta2 - patch.theta1) / 360.0, 2) for patch in axes.patches]


def _area_values(axes):
    # The outline of a filled area runs along the data and back along zero: keep the non-zero part.
    series = []
    for collection in axes.collections:
        outline = collection.get_paths()[0].vertices[:, 1]
        series.append([value for value in outline if value != 0])
    return series


def _scatter_values(axes):
    return [[point[1] for point in collection.get_offsets()] for collection in axes.collections]


READERS = {
    "line": _line_values,
    "bar": _bar_heights,
    "hbar": _bar_widths,
    "pie": _pie_shares,
    "area": _area_values,
    "radar": _radar_values,
    "scatter": _scatter_values,
    "waterfall": _bar_heights,
}


def chart_values(pyplot, chart_type):
    """The current axes' data for this chart type; a KeyError for a type TableBench does not read."""
    return READERS[chart_type](pyplot.gca())


# --- carrying values with their types ---------------------------------------------------------

MAX_LEAVES = 20000


class Opaque:
    """A value that is not a number (text, a date): round() and sorting refuse it, as they would the original."""

    def __init__(self, type_name):
        self.type_name = type_name


def encode(value, budget=None):
    budget = budget if budget is not None else [MAX_LEAVES]
    budget[0] -= 1
    if budget[0] < 0:
        raise ValueError("too many values")
    if isinstance(value, (list, tuple)):
        return {"t": "list" if isinstance(value, list) else "tuple", "items": [encode(item, budget) for item in value]}
    if value is numpy.ma.masked:
        return {"t": "masked"}
    if isinstance(value, numpy.ndarray) and value.dtype.kind in "biuf":
        return {"t": "ndarray", "dtype": value.dtype.str, "items": [encode(item, budget) for item in value.tolist()]}
    if isinstance(value, numpy.generic) and value.dtype.kind in "biuf":
        return {"t": "numpy", "dtype": value.dtype.str, "v": repr(value.item())}
    if type(value) in (bool, int, float):
        return {"t": type(value).__name__, "v": repr(value)}
    return {"t": "opaque", "type": type(value).__name__}


def decode(data):
    kind = data["t"]
    if kind in ("list", "tuple"):
        items = [decode(item) for item in data["items"]]
        return items if kind == "list" else tuple(items)
    if kind == "masked":
        return numpy.ma.masked
    if kind == "ndarray":
        return numpy.array([decode(item) for item in data["items"]], dtype=numpy.dtype(data["dtype"]))
    if kind == "numpy":
        return numpy.dtype(data["dtype"]).type(_plain(data["v"]))
    if kind in ("bool", "int", "float"):
        return _plain(data["v"])
    return Opaque(data.get("type", "object"))


def _plain(text):
    if text in ("True", "False"):
        return text == "True"
    if text in ("nan", "inf", "-inf") or any(mark in text for mark in ".eE"):
        return float(text)
    return int(text)


# --- comparing --------------------------------------------------------------------------------


def flatten_once(values):
    flat = []
    for value in values:
        if isinstance(value, list):
            flat.extend(value)
        else:
            flat.append(value)
    return flat


def two_places(values):
    return [round(value, 2) for value in values]


def same_values(references, predictions):
    """Sorted, then equal element by element; NaN matches NaN. The lists are sorted in place."""
    references.sort()
    predictions.sort()
    if len(references) != len(predictions):
        return False
    for reference, prediction in zip(references, predictions):
        if numpy.isnan(reference):
            if not numpy.isnan(prediction):
                return False
        elif reference != prediction:
            return False
    return True


def shares(references):
    total = 0
    for value in references:
        total += value
    return [round(value / total, 2) for value in references]


def chart_matches(references, predictions, chart_type):
    expected = flatten_once(references)
    if chart_type == "pie":
        expected = shares(expected)
    return same_values(two_places(expected), two_places(flatten_once(predictions)))
