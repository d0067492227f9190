"""/tune's yardstick: the epochs Adam at 0.1 needs from the players' starting line to get as
close as they did, counted by the compiled trainer and checked against Adam written out in numpy."""

import numpy as np

from model.analysis import best_possible_loss
from model.dataset import Dataset

START = (0.5, 0.0)


def numpy_adam_losses(data, line, epochs, lr=0.1, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    """The loss after 0, 1, … epochs of Keras's Adam on the MSE of weight·c + bias."""
    c, f = np.asarray(data.celsius), np.asarray(data.fahrenheit)
    params = np.array(line, np.float64)
    m, v = np.zeros(2), np.zeros(2)
    losses = []
    for step in range(1, epochs + 1):
        error = params[0] * c + params[1] - f
        losses.append(np.mean(error**2))
        gradient = np.array([2 * np.mean(error * c), 2 * np.mean(error)])
        m += (gradient - m) * (1 - beta_1)
        v += (gradient**2 - v) * (1 - beta_2)
        alpha = lr * np.sqrt(1 - beta_2**step) / (1 - beta_1**step)
        params -= alpha * m / (np.sqrt(v) + epsilon)
    return np.array(losses)


async def test_the_count_is_the_first_epoch_adam_gets_as_close(service):
    data = Dataset()
    reference = numpy_adam_losses(data, START, 400)
    for epoch in (1, 50, 300):
        target = (reference[epoch - 1] + reference[epoch]) / 2  # between two epochs' losses
        assert await service.epochs_to_reach(data, START, target, 1000) == epoch


async def test_a_start_already_as_close_needs_no_epoch_and_the_impossible_is_none(service):
    data = Dataset()
    start_loss = numpy_adam_losses(data, START, 1)[0]
    assert await service.epochs_to_reach(data, START, start_loss * 1.001, 100) == 0
    below_best = best_possible_loss(data) * 0.5  # no line gets there
    assert await service.epochs_to_reach(data, START, below_best, 1500) is None
