"""Speech skeletons: finding them, reading their front matter, rendering them safely to speech text.

Skeletons are Jinja files (`*.jinja`) in the bundled `templates/` folder and in a writer's own folder
(given by the caller), whose files override bundled ones of the same name. A skeleton starts with a Jinja
comment holding its front matter (`key: value` lines: occasion, description, title (with {主题}), parts
(the default number), model (the corpus speech it imitates), keywords (how it announces the keywords, with
{N} {关键词} {主题}), needs (the variables it uses)).

A writer's skeleton is untrusted code, so it renders in jinja2's immutable sandbox with StrictUndefined:
no attribute starting with `_`, no file access beyond the template folders, no environment, and a
budget (time, output length, range size, string/list multiplication) so an endless loop ends with a
clear error instead of hanging the command.
"""

from __future__ import annotations

import re
import sys
import time
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from drafter.errors import TemplateError
from drafter.structure.numbering import int_to_cn, render_marker
from drafter.resources import bundled

SUFFIX = ".jinja"
TIME_LIMIT = 2.0  # seconds: a skeleton renders in milliseconds
MAX_OUTPUT = 200_000  # characters: a long speech is 20,000
MAX_RANGE = 1_000  # items in one range(): a speech has a dozen parts
MAX_SEQUENCE = 100_000  # length of a string or list built with * in a template
MAX_DEPTH = 100  # nested macro calls and recursive loops: a skeleton needs a handful
_FRONT_RE = re.compile(r"\A\{#-?(.*?)-?#\}", re.S)


@dataclass(frozen=True)
class Skeleton:
    """A skeleton file and what its front matter says about it."""

    name: str
    path: Path
    occasion: str
    description: str
    title: str
    parts: int
    model: str = ""
    keywords: str = ""
    needs: tuple[str, ...] = field(default_factory=tuple)
    user: bool = False


def template_dirs(user_dir: str | Path | None = None) -> list[Path]:
    """The folders skeletons are looked up in, the writer's first (so theirs override bundled ones)."""
    dirs = []
    if user_dir is not None:
        user = Path(user_dir)
        if not user.is_dir():
            raise TemplateError(f"{user}：模板文件夹不存在")
        dirs.append(user)
    return [*dirs, bundled("templates")]


def skeletons(user_dir: str | Path | None = None) -> list[Skeleton]:
    """Every skeleton available, one per file name (a writer's file hides the bundled one), by name."""
    found: dict[str, Skeleton] = {}
    dirs = template_dirs(user_dir)
    for rank, folder in enumerate(dirs):
        for path in sorted(folder.glob(f"*{SUFFIX}")):
            if path.name not in found:
                found[path.name] = read_front_matter(path, user=user_dir is not None and rank == 0)
    return sorted(found.values(), key=lambda s: s.name)


def find_skeleton(occasion: str, user_dir: str | Path | None = None) -> Skeleton:
    """The skeleton for an occasion (its front-matter occasion or its file name), the writer's first."""
    available = skeletons(user_dir)
    for skeleton in sorted(available, key=lambda s: not s.user):
        if occasion in (skeleton.occasion, skeleton.name.removesuffix(SUFFIX)):
            return skeleton
    names = "、".join(s.occasion for s in available) or "无"
    raise TemplateError(f"没有“{occasion}”场合的模板（可用：{names}）")


def read_front_matter(path: Path, user: bool = False) -> Skeleton:
    """Parse the `key: value` lines of the leading Jinja comment of a skeleton."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise TemplateError(f"{path}：无法读取模板（{getattr(err, 'strerror', None) or err}）") from None
    match = _FRONT_RE.match(text)
    if not match:
        raise TemplateError(f"{path}：模板开头缺少说明注释（{{# occasion: … #}}）")
    meta: dict[str, str] = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            meta[key.strip()] = value.strip()
    missing = [key for key in ("occasion", "description", "title", "parts") if not meta.get(key)]
    if missing:
        raise TemplateError(f"{path}：模板说明缺少 {'、'.join(missing)}")
    if not meta["parts"].isdigit():
        raise TemplateError(f"{path}：模板说明的 parts 应为数字，而不是“{meta['parts']}”")
    needs = tuple(n.strip() for n in re.split("[,，]", meta.get("needs", "")) if n.strip())
    return Skeleton(
        name=path.name, path=path, occasion=meta["occasion"], description=meta["description"],
        title=meta["title"], parts=int(meta["parts"]), model=meta.get("model", ""),
        keywords=meta.get("keywords", ""), needs=needs, user=user,
    )


def render_skeleton(skeleton: Skeleton, context: dict[str, Any], user_dir: str | Path | None = None) -> str:
    """Render a skeleton to speech text inside the sandbox; any failure is one TemplateError line."""
    from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    env = _environment(tuple(str(d) for d in template_dirs(user_dir)))
    try:
        template = env.get_template(skeleton.name)
        with _Budget() as budget:
            out: list[str] = []
            size = 0
            for chunk in template.generate(**context):
                size += len(chunk)
                if size > MAX_OUTPUT:
                    raise _Refused(f"输出超过 {MAX_OUTPUT} 字，可能是死循环")
                out.append(chunk)
                budget.check()
        return "".join(out)
    except TemplateSyntaxError as err:
        raise TemplateError(f"模板 {err.filename or skeleton.path} 第 {err.lineno} 行语法错误：{_syntax_message(err.message or '')}") from None
    except TemplateNotFound as err:
        raise TemplateError(f"模板 {_where(err, skeleton)}：找不到要引入的模板“{err.name}”（只能引入模板文件夹中的模板）") from None
    except SecurityError as err:
        raise TemplateError(f"模板 {_where(err, skeleton)}：沙箱禁止的操作（{err}）") from None
    except UndefinedError as err:
        raise TemplateError(f"模板 {_where(err, skeleton)}：{_undefined_name(str(err))}") from None
    except _Refused as err:
        raise TemplateError(f"模板 {_where(err, skeleton)}：{err}") from None
    except (TypeError, ValueError, ArithmeticError, LookupError) as err:
        raise TemplateError(f"模板 {_where(err, skeleton)}：渲染出错（{err}）") from None


class _Refused(Exception):
    """The sandbox's budget ran out (time, output, range or sequence size)."""


@lru_cache(maxsize=8)
def _environment(dirs: tuple[str, ...]):
    """The immutable sandbox with our budget on range() and on * and **, and numbering helpers; one per
    set of folders, so compiled skeletons are reused (Jinja recompiles a file that changed)."""
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class SkeletonEnvironment(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context, operator, left, right):
            if operator == "**" and isinstance(right, int) and right > 64:
                raise _Refused(f"幂次 {right} 过大")
            if operator == "*":
                for seq, times in ((left, right), (right, left)):
                    if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and len(seq) * times > MAX_SEQUENCE:
                        raise _Refused(f"重复生成的内容超过 {MAX_SEQUENCE} 项")
            return super().call_binop(context, operator, left, right)

    env = SkeletonEnvironment(
        loader=FileSystemLoader(list(dirs), encoding="utf-8"), undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False, trim_blocks=True, lstrip_blocks=True
    )
    env.globals.update(range=_safe_range, cn=int_to_cn, mark=render_marker)
    return env


def _safe_range(*args: int) -> range:
    rng = range(*args)
    if len(rng) > MAX_RANGE:
        raise _Refused(f"range() 有 {len(rng)} 项，超过上限 {MAX_RANGE}")
    return rng


class _Budget:
    """A time and depth limit on rendering, kept by a trace function on the compiled template's code.

    Jinja has no while loop, but nested for loops, recursive loops and macros can still run for ever
    without producing output; tracing the template's lines catches them all, and counting its nested
    calls refuses endless recursion long before Python's own limit. The previous trace function (a
    debugger, coverage) is restored afterwards.
    """

    def __enter__(self) -> _Budget:
        self.deadline = time.monotonic() + TIME_LIMIT
        self.depth = 0
        self.previous = sys.gettrace()
        sys.settrace(self._call)
        return self

    def __exit__(self, *exc) -> None:
        sys.settrace(self.previous)

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise _Refused(f"渲染超过 {TIME_LIMIT:g} 秒，可能是死循环")

    def _call(self, frame, event, arg):
        self.check()
        if not frame.f_code.co_filename.endswith(SUFFIX):
            return None
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Refused(f"宏或循环嵌套超过 {MAX_DEPTH} 层，可能是无穷递归")
        return self._line

    def _line(self, frame, event, arg):
        if event == "return":
            self.depth -= 1
        else:
            self.check()
        return self._line


def _where(err: BaseException, skeleton: Skeleton) -> str:
    """`file 第 N 行` from the template frame nearest the error in the traceback Jinja rewrote."""
    where = f"{skeleton.path}"
    tb = err.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(SUFFIX):
            where = f"{name} 第 {tb.tb_lineno} 行"
        tb = tb.tb_next
    return where


def _undefined_name(message: str) -> str:
    """Jinja's English undefined message as a Chinese line naming the variable or attribute."""
    attr = re.search(r"has no attribute '([^']+)'", message)
    if attr:
        return f"变量中没有“{attr.group(1)}”这一项（未定义）"
    name = re.search(r"'([^']+)' is undefined", message)
    return f"变量“{name.group(1)}”未定义" if name else f"未定义的值（{message}）"


_SYNTAX_MESSAGES = (
    (re.compile(r"Unexpected end of template\. .*?closed is '(\w+)'", re.S), "模板结束时“{0}”块还没有关闭（缺少 end{0}）"),
    (re.compile(r"Encountered unknown tag '(\w+)'\..*?closed is '(\w+)'", re.S), "标签“{0}”不对，此处应先关闭“{1}”块"),
    (re.compile(r"Encountered unknown tag '(\w+)'"), "未知的标签“{0}”"),
    (re.compile(r"[Ee]xpected an expression, got '([^']+)'"), "此处缺少表达式（遇到了 {0}）"),
    (re.compile(r"expected token '([^']+)', got '([^']+)'"), "此处应为 {0}，却是“{1}”"),
    (re.compile(r"unexpected end of template, expected '([^']+)'"), "模板意外结束，缺少 {0}"),
)


def _syntax_message(message: str) -> str:
    """Jinja's syntax error in Chinese for the usual mistakes; anything else as Jinja says it."""
    for pattern, chinese in _SYNTAX_MESSAGES:
        match = pattern.search(message)
        if match:
            return chinese.format(*match.groups())
    return message
