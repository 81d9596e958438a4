"""At most `limit` failed authentications per client in any `window` seconds, for webhooks
and the REST API. A client is its remote address, an IPv6 one counted by its /64
(`address_key`, applied here):

    wait = throttle.blocked(request.remote)
    if wait is not None:
        return 429 with Retry-After: ceil(wait), without checking the credentials
    if the credentials are wrong:
        throttle.failed(request.remote); return 401/403
    throttle.succeeded(request.remote)

A success does not erase failures unless `reset_on_success` is set: with several webhooks
under different credentials, a caller holding one could otherwise guess at another without
limit, resetting its count with a success every `limit - 1` guesses. Even then, a success
while blocked is ignored. Failures recorded while blocked (if the caller checks the
credentials anyway) extend the block.

Memory is bounded: at most `max_clients` clients are tracked, each with at most `limit`
instants. When full, the client whose last failure is oldest is forgotten, so an attacker
with more than `max_clients` addresses can get itself forgotten and guess again; the
default bound (10,000 clients, about 12 MB) keeps that many addresses expensive.
"""

from __future__ import annotations

import ipaddress
import time
from collections import OrderedDict, deque
from collections.abc import Callable

__all__ = ["AuthThrottle", "address_key"]


class AuthThrottle:
    """Failed authentications per client, counted over a sliding window."""

    def __init__(
        self,
        *,
        limit: int = 10,
        window: float = 60.0,
        max_clients: int = 10_000,
        reset_on_success: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if limit < 1 or window <= 0 or max_clients < 1:
            raise ValueError("limit, window and max_clients must be positive")
        self._limit = limit
        self._window = window
        self._max_clients = max_clients
        self._reset_on_success = reset_on_success
        self._clock = clock
        # client → instants of its last `limit` failures, least recently failed client first
        self._failures: OrderedDict[str | None, deque[float]] = OrderedDict()

    def __len__(self) -> int:
        """How many clients are tracked."""
        return len(self._failures)

    def blocked(self, client: str | None) -> float | None:
        """Seconds until `client` may try again, or None if it may now."""
        client = address_key(client)
        now = self._clock()
        failures = self._recent(client, now)
        if failures is None or len(failures) < self._limit:
            return None
        return failures[0] + self._window - now

    def failed(self, client: str | None) -> None:
        """Records a failed authentication by `client`."""
        client = address_key(client)
        now = self._clock()
        failures = self._recent(client, now)
        if failures is None:
            if len(self._failures) >= self._max_clients:
                self._failures.popitem(last=False)
            failures = self._failures[client] = deque(maxlen=self._limit)
        else:
            self._failures.move_to_end(client)
        failures.append(now)

    def succeeded(self, client: str | None) -> None:
        """Records a successful authentication: forgets `client`'s failures if
        `reset_on_success` is set and it is not blocked."""
        client = address_key(client)
        if self._reset_on_success and self.blocked(client) is None:
            self._failures.pop(client, None)

    def _recent(self, client: str | None, now: float) -> deque[float] | None:
        """`client`'s failures within the window (dropping older ones), or None if none."""
        failures = self._failures.get(client)
        if failures is None:
            return None
        while failures and failures[0] <= now - self._window:
            failures.popleft()
        if not failures:
            del self._failures[client]
            return None
        return failures


def address_key(remote: str | None) -> str | None:
    """The throttle key of a remote address: an IPv6 address stands for its /64 network
    (one host often holds a whole /64), an IPv4-mapped one for its IPv4 address; any other
    address or text is its own key."""
    if remote is None:
        return None
    try:
        address = ipaddress.ip_address(remote)
    except ValueError:
        return remote
    if isinstance(address, ipaddress.IPv4Address):
        return str(address)
    if address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return str(ipaddress.IPv6Network((int(address) >> 64 << 64, 64)))
