"""The failed-authentication throttle on a fake clock."""

from __future__ import annotations

import pytest

from kflow.host.serve.throttle import AuthThrottle, address_key

ATTACKER = "203.0.113.7"
OTHER = "198.51.100.1"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def fail(throttle: AuthThrottle, client: str | None, times: int) -> None:
    for _ in range(times):
        throttle.failed(client)


def test_ten_failures_block_until_the_first_leaves_the_window(clock: Clock) -> None:
    throttle = AuthThrottle(limit=10, window=60.0, clock=clock)
    for _ in range(9):
        throttle.failed(ATTACKER)
        assert throttle.blocked(ATTACKER) is None
        clock.now += 1
    throttle.failed(ATTACKER)  # at 1009; the first was at 1000

    assert throttle.blocked(ATTACKER) == pytest.approx(51.0)
    clock.now += 50.5
    assert throttle.blocked(ATTACKER) == pytest.approx(0.5)
    clock.now += 0.5
    assert throttle.blocked(ATTACKER) is None
    assert throttle.blocked(OTHER) is None


def test_the_window_slides(clock: Clock) -> None:
    throttle = AuthThrottle(limit=3, window=10.0, clock=clock)
    fail(throttle, ATTACKER, 2)
    clock.now += 10  # those two age out
    fail(throttle, ATTACKER, 2)
    assert throttle.blocked(ATTACKER) is None

    clock.now += 5
    throttle.failed(ATTACKER)
    assert throttle.blocked(ATTACKER) == pytest.approx(5.0)
    clock.now += 5  # the pair from 1010 ages out, the one from 1015 stays
    assert throttle.blocked(ATTACKER) is None
    fail(throttle, ATTACKER, 2)
    assert throttle.blocked(ATTACKER) == pytest.approx(5.0)


def test_failures_while_blocked_extend_the_block(clock: Clock) -> None:
    throttle = AuthThrottle(limit=2, window=10.0, clock=clock)
    fail(throttle, ATTACKER, 2)
    clock.now += 8
    throttle.failed(ATTACKER)
    assert throttle.blocked(ATTACKER) == pytest.approx(2.0)
    throttle.failed(ATTACKER)
    assert throttle.blocked(ATTACKER) == pytest.approx(10.0)


def test_a_success_does_not_erase_failures_by_default(clock: Clock) -> None:
    throttle = AuthThrottle(limit=3, window=60.0, clock=clock)
    for _ in range(5):  # guessing at one webhook, logging in to another in between
        fail(throttle, ATTACKER, 2)
        throttle.succeeded(ATTACKER)
    assert throttle.blocked(ATTACKER) is not None


def test_a_success_resets_only_a_client_that_is_not_blocked(clock: Clock) -> None:
    throttle = AuthThrottle(limit=3, window=60.0, reset_on_success=True, clock=clock)
    fail(throttle, OTHER, 2)
    throttle.succeeded(OTHER)
    throttle.failed(OTHER)
    assert throttle.blocked(OTHER) is None

    fail(throttle, ATTACKER, 3)
    wait = throttle.blocked(ATTACKER)
    throttle.succeeded(ATTACKER)
    assert throttle.blocked(ATTACKER) == wait


def test_no_address_is_one_client(clock: Clock) -> None:
    throttle = AuthThrottle(limit=2, clock=clock)
    fail(throttle, None, 2)
    assert throttle.blocked(None) is not None
    assert throttle.blocked("None") is None


def test_memory_is_bounded_by_forgetting_the_least_recently_failed(clock: Clock) -> None:
    throttle = AuthThrottle(limit=2, window=60.0, max_clients=100, clock=clock)
    fail(throttle, ATTACKER, 2)
    for n in range(99):
        throttle.failed(f"10.0.0.{n}")
    throttle.failed(ATTACKER)  # now the most recent: it stays
    for n in range(1000):
        throttle.failed(f"10.0.{n // 256 + 1}.{n % 256}")
        assert len(throttle) <= 100
    assert throttle.blocked(ATTACKER) is None  # the trade-off: forgotten under a flood

    throttle.failed(OTHER)
    fail(throttle, ATTACKER, 2)
    throttle.failed("10.9.9.9")
    assert len(throttle) == 100
    assert throttle.blocked(ATTACKER) is not None


def test_clients_whose_failures_aged_out_are_forgotten(clock: Clock) -> None:
    throttle = AuthThrottle(limit=2, window=10.0, clock=clock)
    fail(throttle, ATTACKER, 1)
    clock.now += 10
    assert throttle.blocked(ATTACKER) is None
    assert len(throttle) == 0


def test_limits_must_be_positive() -> None:
    with pytest.raises(ValueError):
        AuthThrottle(limit=0)
    with pytest.raises(ValueError):
        AuthThrottle(window=0)


@pytest.mark.parametrize(
    ("remote", "key"),
    [
        ("192.0.2.1", "192.0.2.1"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8:1:2::ffff", "2001:db8:1:2::/64"),
        ("::ffff:192.0.2.1", "192.0.2.1"),
        ("fe80::1%eth0", "fe80::/64"),
        ("not an address", "not an address"),
        (None, None),
    ],
)
def test_address_keys(remote: str | None, key: str | None) -> None:
    assert address_key(remote) == key
