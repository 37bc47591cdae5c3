"""A study's spec as the proposer writes it: each mistake is refused on the field that holds it,
and the schema's text form reads into columns."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from concord.research import fl
from concord.research.forms import parse_columns
from concord.research.services import build_spec, spec_arguments

COX = spec_arguments(fl.demo_spec("cox", rounds=5))


def refused_on(**changes: object) -> str:
    with pytest.raises(ValidationError) as caught:
        build_spec(**{**COX, **changes})
    [field] = caught.value.message_dict
    return field


def test_the_demo_spec_round_trips_to_the_same_digest():
    spec = build_spec(**COX)
    assert spec.digest() == fl.demo_spec("cox", rounds=5).digest()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"model": "forest"}, "model"),
        ({"covariates": ["age", "shoe_size"]}, "covariates"),
        ({"covariates": []}, "covariates"),
        ({"time_column": "when"}, "time_column"),
        ({"event_column": ""}, "event_column"),
        ({"model": "logistic", "outcome_column": ""}, "outcome_column"),
        ({"rounds": 0}, "rounds"),
        ({"rounds": 101}, "rounds"),
        ({"dp_epsilon": 0.0}, "dp_epsilon"),
        ({"columns": []}, "columns"),
        (
            {"columns": [{"name": "age", "type": "float"}, {"name": "age", "type": "int"}]},
            "columns",
        ),
        ({"columns": [{"name": "stage", "type": "category", "allowed": []}]}, "columns"),
        ({"columns": [{"name": "age", "type": "text"}]}, "columns"),
    ],
)
def test_each_mistake_is_refused_on_its_field(changes, field):
    assert refused_on(**changes) == field


def test_the_schema_text_reads_one_column_a_line():
    columns = parse_columns("age, float, years\n\nhorTh, category, , no|yes\nevent, bool")
    assert columns == [
        {"name": "age", "type": "float", "unit": "years", "allowed": []},
        {"name": "horTh", "type": "category", "unit": "", "allowed": ["no", "yes"]},
        {"name": "event", "type": "bool", "unit": "", "allowed": []},
    ]
    with pytest.raises(ValidationError):
        parse_columns("age")
