"""Shell completion: `kflow completion bash|zsh|fish` prints a script for the shell, and
the script asks `kflow __complete CWORD -- WORDS…` (hidden) for the candidates.

The candidates come from the parser itself (command names, option names, choices) and,
for node types, resources, operations and `-p NAME=VALUE`, from the installed nodes'
descriptions; a positional named `type` is a node type, as in `kflow node TYPE` and
`kflow describe TYPE`, and positionals named `resource` and `operation` follow it.
Where a file name is wanted the answer is FILES, and the shell completes file names.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import TYPE_CHECKING, Protocol

from kflow.host.cli.catalog import BUILT_IN, SimpleCommand

if TYPE_CHECKING:
    from kflow.host.cli import describe_text

__all__ = [
    "COMMANDS",
    "FILES",
    "InstalledNodes",
    "NodeCatalog",
    "candidates",
    "script",
]

FILES = "@files"
"""The one candidate that means: complete file names here."""

COMPLETE_COMMAND = "__complete"
_PARAM_DEST = "param"
_TYPE_DEST = "type"
_RESOURCE, _OPERATION = "resource", "operation"


class NodeCatalog(Protocol):
    """What completion needs to know about the installed nodes."""

    def types(self) -> list[str]:
        """The installed node type names."""
        ...

    def resources(self, node_type: str) -> list[str]:
        """The node's resources (none for a node without them)."""
        ...

    def operations(self, node_type: str, resource: str | None) -> list[str]:
        """The operations of a resource (or of a node without resources)."""
        ...

    def parameters(self, node_type: str, chosen: Mapping[str, str]) -> list[str]:
        """The top-level parameter names shown for the chosen resource and operation."""
        ...

    def values(self, node_type: str, chosen: Mapping[str, str], name: str) -> list[str]:
        """The values a parameter accepts, when it has a list of them."""
        ...


# --- the candidates ------------------------------------------------------------------------


def candidates(
    words: Sequence[str],
    index: int,
    parser: argparse.ArgumentParser,
    nodes: NodeCatalog | None = None,
) -> list[str]:
    """What may stand at `words[index]`, the word being completed, as the shell split the
    line (bash splits `a=b` into `a`, `=`, `b`; the answer then completes the part after
    `=`). `words[0]` is the program. [FILES] when file names are wanted.
    """
    joined, at, cut = _join_equals(list(words), index)
    before, current = joined[1:at], joined[at] if at < len(joined) else ""
    found = _complete(before, current, parser, nodes or InstalledNodes())
    if found == [FILES]:
        return found
    matching = [c for c in dict.fromkeys(found) if c.startswith(current)]
    return [c[cut:] for c in matching]


def _join_equals(words: list[str], index: int) -> tuple[list[str], int, int]:
    """Words with bash's `=` splits undone; the index of the current word among them; how
    many of its characters the shell does not replace (those up to its last `=`)."""
    joined: list[str] = []
    at, cut = index, 0
    glue = False
    for position, word in enumerate(words):
        if joined and (word == "=" or glue):
            if position <= index:
                at = len(joined) - 1
                cut = len(joined[-1]) + (1 if word == "=" else 0)
            joined[-1] += word
            glue = word == "="
            continue
        glue = False
        if position <= index:
            at, cut = len(joined), 0
        joined.append(word)
    if index >= len(words):
        at, cut = len(joined), 0
    if at >= len(joined):
        joined.append("")
    return joined, at, cut


@dataclass
class _Walk:
    """Where the words before the current one leave the parser."""

    parser: argparse.ArgumentParser
    position: int = 0
    pending: argparse.Action | None = None
    positionals: dict[str, list[str]] = field(default_factory=dict)
    params: dict[str, str] = field(default_factory=dict)


def _walk(before: Sequence[str], root: argparse.ArgumentParser) -> _Walk:
    state = _Walk(root)
    for word in before:
        if state.pending is not None:
            _record_option(state, state.pending, word)
            state.pending = None
        elif word.startswith("-") and word != "-":
            name, has_value, value = word.partition("=")
            action = _option(state.parser, name)
            if action is None or action.nargs == 0:
                continue
            if has_value:
                _record_option(state, action, value)
            else:
                state.pending = action
        else:
            _take_positional(state, word)
    return state


def _record_option(state: _Walk, action: argparse.Action, value: str) -> None:
    if action.dest == _PARAM_DEST:
        name, _, given = value.partition("=")
        state.params[name.strip()] = given


def _take_positional(state: _Walk, word: str) -> None:
    action = _positional_at(state.parser, state.position)
    if action is None:
        return
    if isinstance(action, argparse._SubParsersAction):
        chosen = action.choices.get(word)
        if chosen is not None:
            state.parser, state.position = chosen, 0
        return
    state.positionals.setdefault(action.dest, []).append(word)
    if action.nargs not in ("*", "+", argparse.REMAINDER):
        state.position += 1


def _complete(
    before: Sequence[str], current: str, root: argparse.ArgumentParser, nodes: NodeCatalog
) -> list[str]:
    state = _walk(before, root)
    if state.pending is not None:
        return _option_values(state, state.pending, current, nodes, prefix="")
    if current.startswith("-"):
        name, has_value, _ = current.partition("=")
        action = _option(state.parser, name)
        if has_value and action is not None:
            return _option_values(state, action, current[len(name) + 1 :], nodes, f"{name}=")
        return _option_names(state.parser)
    action = _positional_at(state.parser, state.position)
    if action is None:
        return []
    if isinstance(action, argparse._SubParsersAction):
        return [name for name in action.choices if not name.startswith("_")]
    return _positional_values(state, action, nodes)


def _option_values(
    state: _Walk, action: argparse.Action, value: str, nodes: NodeCatalog, prefix: str
) -> list[str]:
    if action.dest == _PARAM_DEST:
        return [prefix + c for c in _param_candidates(state, value, nodes)]
    if action.choices is not None:
        return [prefix + str(c) for c in action.choices]
    if _wants_path(action):
        return [FILES]
    return []


def _positional_values(state: _Walk, action: argparse.Action, nodes: NodeCatalog) -> list[str]:
    if action.choices is not None:
        return [str(c) for c in action.choices]
    if action.dest == _TYPE_DEST:
        return nodes.types()
    if action.dest in (_RESOURCE, _OPERATION):
        return _selector_candidates(state, nodes)
    if _wants_path(action):
        return [FILES]
    return []


def _node_type(state: _Walk) -> str | None:
    given = state.positionals.get(_TYPE_DEST)
    return given[0] if given else None


def _selector_candidates(state: _Walk, nodes: NodeCatalog) -> list[str]:
    """`kflow describe TYPE [RESOURCE [OPERATION]]`: the next selector."""
    node = _node_type(state)
    if node is None:
        return []
    given = [*state.positionals.get(_RESOURCE, []), *state.positionals.get(_OPERATION, [])]
    resources = nodes.resources(node)
    if not resources:
        return nodes.operations(node, None) if not given else []
    if not given:
        return resources
    return nodes.operations(node, given[0]) if len(given) == 1 else []


def _param_candidates(state: _Walk, value: str, nodes: NodeCatalog) -> list[str]:
    """`-p NAME=VALUE` of `kflow node TYPE`: names (with `=`), then a name's values."""
    node = _node_type(state)
    if node is None:
        return []
    name, has_value, _ = value.partition("=")
    chosen = {k: v for k, v in state.params.items() if k in (_RESOURCE, _OPERATION)}
    if has_value:
        return [f"{name}={v}" for v in nodes.values(node, chosen, name)]
    names = [n for n in nodes.parameters(node, chosen) if n not in state.params]
    return [f"{n}=" for n in names]


# --- the parser, read ----------------------------------------------------------------------


def _option(parser: argparse.ArgumentParser, name: str) -> argparse.Action | None:
    for action in parser._actions:
        if name in action.option_strings:
            return action
    return None


def _option_names(parser: argparse.ArgumentParser) -> list[str]:
    return [
        name
        for action in parser._actions
        if action.help != argparse.SUPPRESS
        for name in action.option_strings
        if name.startswith("--") or len(action.option_strings) == 1
    ]


def _positional_at(parser: argparse.ArgumentParser, position: int) -> argparse.Action | None:
    positionals = [a for a in parser._actions if not a.option_strings]
    return positionals[position] if position < len(positionals) else None


def _wants_path(action: argparse.Action) -> bool:
    kind = action.type
    if isinstance(kind, type) and issubclass(kind, PurePath):
        return True
    metavar = action.metavar if isinstance(action.metavar, str) else ""
    return any(word in metavar.upper() for word in ("FILE", "DIR", "FLOW"))


# --- the installed nodes -------------------------------------------------------------------


class InstalledNodes:
    """The node types installed (entry points); only the one asked about is loaded."""

    def types(self) -> list[str]:
        from importlib.metadata import entry_points

        return sorted(ep.name for ep in entry_points(group="kflow.nodes"))

    def resources(self, node_type: str) -> list[str]:
        from kflow.host.cli import describe_text

        facts = self._facts(node_type)
        return [c.value for c in describe_text.resources(facts)] if facts else []

    def operations(self, node_type: str, resource: str | None) -> list[str]:
        from kflow.host.cli import describe_text

        facts = self._facts(node_type)
        return [c.value for c in describe_text.operations(facts, resource)] if facts else []

    def parameters(self, node_type: str, chosen: Mapping[str, str]) -> list[str]:
        from kflow.host.cli import describe_text

        facts = self._facts(node_type)
        if facts is None:
            return []
        menus = [_RESOURCE] if describe_text.resources(facts) else []
        resource = chosen.get(_RESOURCE)
        if describe_text.operations(facts, resource):
            menus.append(_OPERATION)
        rows = describe_text.parameters(facts, chosen)
        return list(dict.fromkeys([*menus, *(r.name for r in rows if r.depth == 0)]))

    def values(self, node_type: str, chosen: Mapping[str, str], name: str) -> list[str]:
        from kflow.host.cli import describe_text

        facts = self._facts(node_type)
        if facts is None:
            return []
        if name == _RESOURCE:
            return self.resources(node_type)
        if name == _OPERATION:
            return self.operations(node_type, chosen.get(_RESOURCE))
        for row in describe_text.parameters(facts, chosen):
            if row.depth == 0 and row.name == name:
                return ["true", "false"] if row.type == "boolean" else list(row.options)
        return []

    def _facts(self, node_type: str) -> describe_text.NodeFacts | None:
        from importlib.metadata import entry_points

        from kflow.host.cli.describe_text import NodeFacts
        from kflow.host.versions import pick_version

        found = entry_points(group="kflow.nodes", name=node_type)
        if not found:
            return None
        try:
            loaded = next(iter(found)).load()
            node_kind = loaded() if isinstance(loaded, type) else loaded
            impl, version = pick_version(node_kind, None, type_name=node_type)
        except Exception:  # a broken node package: no candidates, never a traceback
            return None
        return NodeFacts(
            type_name=node_type,
            n8n_type=node_type,
            description=impl.description,
            version=version,
            versions=(version,),
            default_version=version,
        )


# --- the scripts ---------------------------------------------------------------------------

_BASH = r"""# kflow completion for bash. Load it with:  source <(kflow completion bash)
_kflow_complete() {
    local IFS=$'\n' cur="${COMP_WORDS[COMP_CWORD]}"
    local -a found
    found=($(kflow __complete "$COMP_CWORD" -- "${COMP_WORDS[@]}" 2>/dev/null))
    if [[ "${found[0]}" == "@files" ]]; then
        [[ "$cur" == "=" ]] && cur=""
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -f -- "$cur"))
        return 0
    fi
    COMPREPLY=("${found[@]}")
    if [[ ${#COMPREPLY[@]} -eq 1 && "${COMPREPLY[0]}" == *= ]]; then
        compopt -o nospace 2>/dev/null
    fi
    return 0
}
complete -F _kflow_complete kflow
"""

_ZSH = r"""#compdef kflow
# kflow completion for zsh. Load it with:  source <(kflow completion zsh)
# or save it as _kflow in a folder of $fpath.
_kflow() {
    local -a found spaced unspaced
    found=("${(@f)$(kflow __complete $((CURRENT - 1)) -- "${words[@]}" 2>/dev/null)}")
    found=(${found:#})
    if [[ "${found[1]}" == "@files" ]]; then
        _files
        return
    fi
    local c
    for c in $found; do
        if [[ "$c" == *= ]]; then unspaced+=("$c"); else spaced+=("$c"); fi
    done
    (( ${#spaced} )) && compadd -- $spaced
    (( ${#unspaced} )) && compadd -S '' -- $unspaced
    return 0
}
if [[ "$funcstack[1]" == "_kflow" ]]; then
    _kflow "$@"
else
    compdef _kflow kflow
fi
"""

_FISH = r"""# kflow completion for fish. Load it with:  kflow completion fish | source
function __kflow_complete
    set -l words (commandline -opc)
    set -l current (commandline -ct)
    set -l found (kflow __complete (count $words) -- $words $current 2>/dev/null)
    if test "$found[1]" = "@files"
        __fish_complete_path $current
        return
    end
    printf '%s\n' $found
end
complete -c kflow -f -a '(__kflow_complete)'
"""

_SCRIPTS = {"bash": _BASH, "zsh": _ZSH, "fish": _FISH}


def script(shell: str) -> str:
    """The completion script for `shell` (bash, zsh or fish)."""
    return _SCRIPTS[shell]


# --- the commands --------------------------------------------------------------------------


def _completion_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("shell", choices=sorted(_SCRIPTS), help="the shell to complete in")


async def _completion(args: argparse.Namespace, redactor: object) -> int:
    sys.stdout.write(script(args.shell))
    return 0


def _complete_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("cword", type=int, help="the index of the word being completed")
    parser.add_argument("words", nargs="*", help="the words of the line, after --")


async def _complete_command(args: argparse.Namespace, redactor: object) -> int:
    from kflow.host.cli.main import build_parser

    words: list[str] = args.words
    chosen = next((w for w in words[1 : args.cword] if not w.startswith("-")), None)
    for candidate in candidates(words, args.cword, build_parser(chosen)):
        print(candidate)
    return 0


COMMANDS = (
    SimpleCommand("completion", BUILT_IN["completion"].help, _completion_arguments, _completion),
    SimpleCommand(
        COMPLETE_COMMAND, BUILT_IN[COMPLETE_COMMAND].help, _complete_arguments, _complete_command
    ),
)
"""`kflow completion` and the hidden `kflow __complete`."""
