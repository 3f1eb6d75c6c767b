"""The sandbox a writer's skeleton renders in: jinja2's immutable sandbox, StrictUndefined, and a budget.

A skeleton is untrusted code. The sandbox refuses attributes starting with `_`; on top of it:
- files: only skeletons inside the template folders, symlinks resolved (a link to /etc/passwd is refused);
- size: every operation that can build a huge value is checked *before* it runs (`*`, `**`, `%`,
  str.format and the methods and filters that pad or repeat: center, indent, wordwrap, replace…), since
  a MemoryError or a minute of big-number arithmetic cannot be interrupted by a time limit;
- time and depth: a trace function on the template's code stops endless loops and recursion;
- output: characters and lines are capped while rendering, so what the planner parses afterwards is small;
- determinism: `lipsum` and `|random` are gone, so a skeleton gives the same text on every run.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

SUFFIX = ".jinja"
TIME_LIMIT = 2.0  # seconds: a skeleton renders in milliseconds
MAX_OUTPUT = 200_000  # characters: a long speech is 20,000
MAX_LINES = 5_000  # lines of output: a long speech has a few hundred paragraphs
MAX_RANGE = 1_000  # items in one range(): a speech has a dozen parts
MAX_SEQUENCE = 100_000  # size (characters and items, nested) of a value built with * or by a filter
MAX_INT_BITS = 1_024  # a number larger than 10**300 is never part of a speech
MAX_DEPTH = 100  # nested macro calls and recursive loops: a skeleton needs a handful
_WIDTH_RE = re.compile(r"\d{6,}")  # a width or precision of a million or more in a format string


class Refused(Exception):
    """The sandbox's budget ran out (time, output, size) or a file outside the template folders was asked for."""


def size(value: Any, limit: int = MAX_SEQUENCE) -> int:
    """Characters and items of a value, nested, counted only up to just past `limit` (so counting is cheap)."""
    if isinstance(value, (str, bytes)):
        return len(value)
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, (list, tuple, set, frozenset)):
        total = len(value)
        for item in value:
            if total > limit:
                break
            total += size(item, limit - total)
        return total
    return 1


def _check_size(total: int) -> None:
    if total > MAX_SEQUENCE:
        raise Refused(f"生成的内容超过 {MAX_SEQUENCE} 项")


def _check_format(text: Any) -> None:
    if isinstance(text, str) and _WIDTH_RE.search(text):
        raise Refused("格式字符串中的宽度或精度过大")


def _check_int(value: Any) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_INT_BITS:
        raise Refused("数字过大")


def _guard_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse, before it runs, an arithmetic operation whose result would be huge."""
    if operator == "**" and isinstance(left, int) and isinstance(right, int):
        if right > 64 or abs(left).bit_length() * max(right, 0) > MAX_INT_BITS:
            raise Refused(f"幂次 {right} 过大")
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, (str, list, tuple)) and isinstance(times, int):
                _check_size(size(seq) * times)
    if operator == "%":
        _check_format(left)


def _padded(method: str) -> Callable[..., Any]:
    """A filter or str method that pads or repeats, refused when its result would exceed the budget."""
    def check(value: Any, *args: Any, **kwargs: Any) -> None:
        numbers = [a for a in (*args, *kwargs.values()) if isinstance(a, int)]
        if any(n > MAX_SEQUENCE for n in numbers):
            raise Refused(f"{method} 的宽度过大")
        if method == "replace" and len(args) >= 2 and isinstance(value, str):
            old, new = str(args[0]), str(args[1])
            _check_size(len(value) + (value.count(old) if old else len(value) + 1) * len(new))
        if method in ("format", "format_map"):
            _check_format(value)
    return check


_GUARDED_METHODS = {name: _padded(name) for name in (
    "center", "ljust", "rjust", "zfill", "expandtabs", "replace", "format", "format_map", "indent", "wordwrap",
    "truncate",
)}


def _guarded_filter(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
    check = _GUARDED_METHODS[name]

    def guarded(*args: Any, **kwargs: Any) -> Any:
        offset = 1 if hasattr(real, "jinja_pass_arg") else 0  # the environment or eval context comes first
        value, rest = (args[offset], args[offset + 1:]) if len(args) > offset else (None, ())
        check(value, *rest, **kwargs)
        _check_size(size(value))
        return real(*args, **kwargs)

    if hasattr(real, "jinja_pass_arg"):
        guarded.jinja_pass_arg = real.jinja_pass_arg  # type: ignore[attr-defined]
    return guarded


@lru_cache(maxsize=8)
def environment(dirs: tuple[str, ...], helpers: tuple[tuple[str, Callable[..., Any]], ...]):
    """The sandbox for skeletons in `dirs` with the given global helpers; one per set of folders, so
    compiled skeletons are reused (Jinja recompiles a file that changed)."""
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.loaders import split_template_path
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class InsideLoader(FileSystemLoader):
        """Only files whose real path (symlinks resolved) lies inside one of the template folders."""

        def get_source(self, environment, template):
            pieces = split_template_path(template)
            for folder in self.searchpath:  # the folder jinja will take it from, checked before it is opened
                candidate = Path(folder, *pieces)
                if candidate.is_file():
                    if not inside(candidate, [Path(folder)]):
                        raise Refused(f"模板“{template}”指向模板文件夹之外（符号链接），不能读取")
                    break
            return super().get_source(environment, template)

    class SkeletonEnvironment(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**", "%"})

        def call_binop(self, context, operator, left, right):
            _guard_binop(operator, left, right)
            result = super().call_binop(context, operator, left, right)
            _check_int(result)
            return result

        def wrap_str_format(self, value):
            """str.format and format_map reach templates through this wrapper, not through `call`."""
            wrapped = super().wrap_str_format(value)
            if wrapped is not None:
                _check_format(value.__self__)
            return wrapped

        def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (jinja's signature)
            owner = getattr(__obj, "__self__", None)
            if isinstance(owner, str) and getattr(__obj, "__name__", "") in _GUARDED_METHODS:
                _GUARDED_METHODS[__obj.__name__](owner, *args, **kwargs)
            return super().call(__context, __obj, *args, **kwargs)

    env = SkeletonEnvironment(
        loader=InsideLoader(list(dirs), encoding="utf-8"), undefined=StrictUndefined, keep_trailing_newline=True,
        autoescape=False, trim_blocks=True, lstrip_blocks=True, finalize=_finalize,
    )
    env.globals.pop("lipsum", None)
    env.filters.pop("random", None)
    for name in _GUARDED_METHODS.keys() & env.filters.keys():
        env.filters[name] = _guarded_filter(name, env.filters[name])
    env.globals.update(range=_safe_range, **dict(helpers))
    return env


def inside(path: Path, folders: list[Path]) -> bool:
    """True when `path`, symlinks resolved, lies inside one of `folders` (also resolved)."""
    real = path.resolve()
    return any(real.is_relative_to(folder.resolve()) for folder in folders)


def _finalize(value: Any) -> Any:
    """Every value printed with {{ }}: refused before it is turned into a huge string."""
    _check_size(size(value))
    return value


def _safe_range(*args: int) -> range:
    rng = range(*args)
    if len(rng) > MAX_RANGE:
        raise Refused(f"range() 有 {len(rng)} 项，超过上限 {MAX_RANGE}")
    return rng


def render(template, context: dict[str, Any]) -> str:
    """Render within the budget: time, depth, output characters and lines."""
    with Budget() as budget:
        out: list[str] = []
        chars = lines = 0
        for chunk in template.generate(**context):
            chars += len(chunk)
            lines += chunk.count("\n")
            if chars > MAX_OUTPUT or lines > MAX_LINES:
                raise Refused(f"输出超过 {MAX_OUTPUT} 字或 {MAX_LINES} 行，可能是死循环")
            out.append(chunk)
            budget.check()
    return "".join(out)


class Budget:
    """A time and depth limit on rendering, kept by a trace function on the compiled template's code.

    Jinja has no while loop, but nested for loops, recursive loops and macros can still run for ever
    without producing output; tracing the template's lines catches them all, and counting its nested
    calls refuses endless recursion long before Python's own limit. The previous trace function (a
    debugger, coverage) is restored afterwards.
    """

    def __enter__(self) -> Budget:
        self.deadline = time.monotonic() + TIME_LIMIT
        self.depth = 0
        self.previous = sys.gettrace()
        sys.settrace(self._call)
        return self

    def __exit__(self, *exc) -> None:
        sys.settrace(self.previous)

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise Refused(f"渲染超过 {TIME_LIMIT:g} 秒，可能是死循环")

    def _call(self, frame, event, arg):
        self.check()
        if not frame.f_code.co_filename.endswith(SUFFIX):
            return None
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise Refused(f"宏或循环嵌套超过 {MAX_DEPTH} 层，可能是无穷递归")
        return self._line

    def _line(self, frame, event, arg):
        if event == "return":
            self.depth -= 1
        else:
            self.check()
        return self._line
