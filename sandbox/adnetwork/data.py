"""The ad network's deterministic spend: one row per day, campaign and zone.

Its campaigns are the Keitaro sandbox's demo campaigns (ids 1-5, sandbox/seed.py): each
row's `campaign_id` is the tracker campaign the ad sends its traffic to, as a real
network's campaign carries it in its tracking link. Amounts are derived from a digest of
(seed, date, campaign, zone), so the same day always has the same spend, whatever the
day the emulator runs on. Money is integer cents here and decimal text on the wire.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

__all__ = ["CAMPAIGNS", "CURRENCY", "ZONES", "Campaign", "SpendRow", "cents_text", "spend_rows"]

CURRENCY = "USD"
ZONES = ("z-101", "z-202", "z-303")
"""The placements every campaign buys on."""


@dataclass(frozen=True)
class Campaign:
    """A campaign on the network and the tracker campaign (id, alias) it feeds."""

    campaign_id: str
    name: str
    alias: str
    daily_cents: int
    """About what the campaign spends a day, in cents, before the daily spread."""


CAMPAIGNS = (
    Campaign("1", "FB Nutra ES", "fbnutra", 4_200),
    Campaign("2", "Google Loans MX", "gloansmx", 6_150),
    Campaign("3", "TikTok VPN Global", "ttvpn", 1_875),
    Campaign("4", "FB Casino DE", "fbcasino", 9_930),
    Campaign("5", "Google VPN US", "gvpnus", 1_010),
)


@dataclass(frozen=True)
class SpendRow:
    """One day's spend of one campaign on one zone."""

    day: date
    campaign: Campaign
    zone_id: str
    cents: int
    impressions: int
    clicks: int

    def as_json(self) -> dict[str, object]:
        """The row as the API answers it: money as decimal text, never a float."""
        return {
            "campaign_id": self.campaign.campaign_id,
            "campaign_name": self.campaign.name,
            "zone_id": self.zone_id,
            "date": self.day.isoformat(),
            "spend": cents_text(self.cents),
            "currency": CURRENCY,
            "impressions": self.impressions,
            "clicks": self.clicks,
        }


def cents_text(cents: int) -> str:
    """Integer cents as decimal text with two places: 1234 → "12.34", 5 → "0.05"."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}.{part:02d}"


def _draw(seed: int, *parts: str) -> int:
    digest = hashlib.sha256("|".join((str(seed), *parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big")


def spend_rows(day: date, *, seed: int = 1, share: tuple[int, int] = (1, 1)) -> list[SpendRow]:
    """Every row of `day`, ordered by campaign then zone.

    Args:
        day: The day.
        seed: Another seed gives other amounts.
        share: The part of the day that has passed (numerator, denominator): today's
            stats grow through the day, so the emulator asks for the hours gone by.
    """
    done, whole = share
    rows = []
    for campaign in CAMPAIGNS:
        for zone in ZONES:
            draw = _draw(seed, day.isoformat(), campaign.campaign_id, zone)
            # Between 0 and 2/3 of the daily figure per zone, some zones idle on some days.
            full = (draw % 1000) * campaign.daily_cents * 2 // 3000
            if (draw >> 20) % 11 == 0:
                full = 0
            impressions_full = full * (40 + (draw >> 32) % 60)
            clicks_full = impressions_full // (50 + (draw >> 40) % 150)
            rows.append(
                SpendRow(
                    day=day,
                    campaign=campaign,
                    zone_id=zone,
                    cents=full * done // whole,
                    impressions=impressions_full * done // whole,
                    clicks=clicks_full * done // whole,
                )
            )
    return rows
