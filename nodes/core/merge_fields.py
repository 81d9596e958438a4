"""Combining two inputs by matching fields (Merge 2 and 3): the join modes, output data
from, clash handling, multiple matches, fuzzy compare and dot notation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kflow.host import NodeOperationError, NodeRun
from kflow.nodes.core.merge_entries import Entry, add_field, merged, suffixed
from kflow.nodes.core.merge_values import MISSING, comparer, get_value, merger

__all__ = ["Matches", "check_pairs", "combine_by_fields", "find_matches", "merge_matched"]

Pair = tuple[str, str]


@dataclass
class Matches:
    """Input 1's items with their matches in input 2, and the items matched by none."""

    matched: list[tuple[Entry, list[Entry]]] = field(default_factory=list)
    matched2: list[Entry] = field(default_factory=list)
    unmatched1: list[Entry] = field(default_factory=list)
    unmatched2: list[Entry] = field(default_factory=list)


def check_pairs(run: NodeRun, rows: list[dict[str, Any]]) -> list[Pair]:
    """The pairs of fields to match, each with both names given."""
    pairs = [(str(r.get("field1") or ""), str(r.get("field2") or "")) for r in rows]
    if len(pairs) == 1 and pairs[0] == ("", ""):
        raise NodeOperationError(
            run.name,
            'name at least one pair of fields in "Fields to Match" to match on',
            parameter="Fields to Match",
        )
    for number, (one, two) in enumerate(pairs, 1):
        if not one or not two:
            raise NodeOperationError(
                run.name,
                f'name both fields of pair {number} in "Fields to Match" '
                f"(input 1 field: {one!r}, input 2 field: {two!r})",
                parameter="Fields to Match",
            )
    return pairs


def check_present(run: NodeRun, entries: list[Entry], names: list[str], dotted: bool, label: str):
    """Merge 2.0 stops when a field to match is in no item of an input."""
    for name in names:
        if not any(get_value(e.json, name, dotted=dotted) is not MISSING for e in entries):
            raise NodeOperationError(
                run.name,
                f"field {name!r} is not present in any of the items of {label!r}; "
                "check the field names in Fields to Match",
                parameter="Fields to Match",
            )


def find_matches(
    first: list[Entry],
    second: list[Entry],
    pairs: list[Pair],
    options: dict[str, Any],
    *,
    split: bool,
    first_only: bool,
    compare_version: float = 1,
) -> Matches:
    """Each input 1 item's matches in input 2 (`split`: one matched row per match)."""
    equal = comparer(bool(options.get("fuzzyCompare")), compare_version)
    dotted = not options.get("disableDotNotation")
    found = Matches()
    hit: set[int] = set()
    for entry in first:
        lookup: dict[str, Any] = {}
        for one, two in pairs:
            lookup[two] = get_value(entry.json, one, dotted=dotted)
        if any(value is MISSING for value in lookup.values()):
            found.unmatched1.append(entry)
            continue
        matches: list[Entry] = []
        for index, other in enumerate(second):
            if all(equal(v, get_value(other.json, k, dotted=dotted)) for k, v in lookup.items()):
                matches.append(other)
                hit.add(index)
                if first_only:
                    break
        if not matches:
            found.unmatched1.append(entry)
        elif split:
            found.matched.extend((entry, [match]) for match in matches)
        else:
            found.matched.append((entry, matches))
    for index, other in enumerate(second):
        (found.matched2 if index in hit else found.unmatched2).append(other)
    return found


def merge_matched(
    matched: list[tuple[Entry, list[Entry]]],
    clash: dict[str, Any],
    *,
    prefer_last: str,
    join_mode: str = "",
) -> list[Entry]:
    """Matched items merged into one, as the clash handling says."""
    resolve = clash.get("resolveClash", MISSING)
    merge = merger(clash)
    out: list[Entry] = []
    for entry, matches in matched:
        if resolve == "addSuffix":
            one = suffixed([entry], "1")[0]
            others = suffixed(matches, "2")
            out.append(merged(merge(one.json, *(m.json for m in others)), one, *others))
            continue
        chosen = resolve
        if chosen is MISSING:
            chosen = "preferInput1" if join_mode == "enrichInput2" else prefer_last
        if chosen == "preferInput1":
            head, *rest = matches
            json = merge(head.json, *(m.json for m in rest), entry.json)
            out.append(merged(json, head, *rest, entry))
        elif chosen == prefer_last:
            out.append(merged(merge(entry.json, *(m.json for m in matches)), entry, *matches))
        else:
            out.append(Entry({}, []))
    return out


def combine_by_fields(
    run: NodeRun,
    first: list[Entry],
    second: list[Entry],
    pairs: list[Pair],
    params: dict[str, Any],
    *,
    prefer_last: str,
) -> list[list[Entry]] | None:
    """The output of a combine by fields; None: no output at all (n8n 3 stops the branch)."""
    join = params["joinMode"]
    output_from = params.get("outputDataFrom", "both")
    options = dict(params.get("options") or {})
    clash = dict((options.get("clashHandling") or {}).get("values") or {})
    if not first or not second:
        if not first and join == "keepNonMatches" and output_from == "input1":
            return [[]]
        if not second and join == "keepNonMatches" and output_from == "input2":
            return [[]]
        if (
            join == "keepMatches"
            or (join == "enrichInput1" and not first)
            or (join == "enrichInput2" and not second)
        ):
            return None
        return [first + second]
    found = find_matches(
        first,
        second,
        pairs,
        options,
        split=output_from == "both" or join in ("enrichInput1", "enrichInput2"),
        first_only=options.get("multipleMatches", "all") == "first",
    )
    if join in ("keepMatches", "keepEverything"):
        if output_from == "input1":
            out = [entry for entry, _ in found.matched]
        elif output_from == "input2":
            out = list(found.matched2)
        else:
            out = merge_matched(found.matched, clash, prefer_last=prefer_last)
        if join == "keepEverything":
            one, two = found.unmatched1, found.unmatched2
            if clash.get("resolveClash") == "addSuffix":
                one, two = suffixed(one, "1"), suffixed(two, "2")
            out = out + one + two
        return [out]
    if join == "keepNonMatches":
        if output_from == "input1":
            return [found.unmatched1]
        if output_from == "input2":
            return [found.unmatched2]
        return [
            add_field(found.unmatched1, "_source", "input1")
            + add_field(found.unmatched2, "_source", "input2")
        ]
    rows = merge_matched(found.matched, clash, prefer_last=prefer_last, join_mode=join)
    rest, suffix = (found.unmatched1, "1") if join == "enrichInput1" else (found.unmatched2, "2")
    if clash.get("resolveClash") == "addSuffix":
        rest = suffixed(rest, suffix)
    return [rows + rest]
