import math

import pytest

from model import Dataset, ModelError
from model.limits import MAX_POINTS


def test_default_dataset_is_the_lessons_seven_pairs():
    data = Dataset()
    assert data.pairs() == [(-40, -40), (-10, 14), (0, 32), (8, 46), (15, 59), (22, 72), (38, 100)]


def test_add_and_remove_return_new_datasets():
    data = Dataset().add(100, 212)
    assert len(data) == 8 and (100.0, 212.0) in data.pairs()
    assert data.remove(100) == Dataset()
    assert len(Dataset()) == 7  # the original is untouched


def test_add_refuses_a_second_point_at_the_same_celsius():
    with pytest.raises(ModelError) as error:
        Dataset().add(0, 33)
    assert error.value.key == "duplicate_point" and error.value.values == {"celsius": 0}


def test_remove_of_a_missing_point_says_so():
    with pytest.raises(ModelError) as error:
        Dataset().remove(99)
    assert error.value.key == "no_such_point" and error.value.values == {"celsius": 99}


@pytest.mark.parametrize("value", [1e7, -1e7, math.nan, math.inf, -math.inf])
def test_values_must_be_finite_and_at_most_1e6(value):
    with pytest.raises(ModelError) as error:
        Dataset().add(value, 1)
    assert error.value.key == "value_range"
    with pytest.raises(ModelError):
        Dataset().add(1, value)


def test_201st_point_is_refused():
    data = Dataset((), ())
    for c in range(MAX_POINTS):
        data = data.add(c, c * 1.8 + 32)
    with pytest.raises(ModelError) as error:
        data.add(1000, 1832)
    assert error.value.key == "dataset_full" and error.value.values == {"max": 200}
    with pytest.raises(ModelError):
        Dataset(tuple(range(201)), tuple(range(201)))


def test_arrays_are_float32_columns():
    x, y = Dataset().arrays()
    assert x.shape == (7, 1) and y.shape == (7, 1) and x.dtype.name == "float32"
