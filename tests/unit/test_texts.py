"""The catalogue's longest replies still fit Telegram's limits, whole."""

from bot import texts
from model import Dataset
from model.limits import MAX_ABS_VALUE, MAX_POINTS


def test_a_full_dataset_of_lesson_sized_numbers_is_listed_with_the_formula():
    data = Dataset((), ())
    for c in range(-50, 150):
        data = data.add(c, c * 1.8 + 32)
    listing = texts.dataset(data, "Added 149 °C → 300.2 °F.")
    assert len(listing) <= texts.MAX_MESSAGE
    assert listing.count("\n") == MAX_POINTS + 1 and "formula in brackets" in listing
    assert "\n149 → 300.2 (300.20)" in listing and "\n-50 → -58 (-58.00)" in listing


def test_a_full_dataset_too_long_with_the_formula_lists_every_point_without_it():
    data = Dataset((), ())
    for i in range(MAX_POINTS):
        data = data.add(-MAX_ABS_VALUE + i * 4321.123, MAX_ABS_VALUE - i * 1234.567)
    listing = texts.dataset(data, "Added 1 °C → 2 °F.")
    assert len(listing) <= texts.MAX_MESSAGE
    head, *points = listing.split("\n")[1:]
    assert head == f"{MAX_POINTS} training points (°C → °F):"
    assert len(points) == MAX_POINTS
    assert points[1] == "-995679 → 998765"  # whole, six significant digits
