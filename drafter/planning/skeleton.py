"""Speech skeletons: finding them, reading their front matter, rendering them safely to speech text.

Skeletons are Jinja files (`*.jinja`) in the bundled `templates/` folder and in a writer's own folder
(given by the caller), whose files override bundled ones of the same name. A skeleton starts with a Jinja
comment holding its front matter (`key: value` lines: occasion, description, title (with {主题}), parts
(the default number), keywords (how it announces the keywords, with
{N} {关键词} {主题}), needs (the variables it uses)).

A writer's skeleton is untrusted code, so it renders in the sandbox of drafter.planning.sandbox; a
skeleton whose file (a symlink) lies outside its folder is neither listed nor read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drafter.errors import TemplateError
from drafter.planning import sandbox
from drafter.structure.numbering import int_to_cn, render_marker
from drafter.resources import bundled

SUFFIX = sandbox.SUFFIX
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
            if path.name not in found and sandbox.inside(path, [folder]):
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
        title=meta["title"], parts=int(meta["parts"]),
        keywords=meta.get("keywords", ""), needs=needs, user=user,
    )


def render_skeleton(skeleton: Skeleton, context: dict[str, Any], user_dir: str | Path | None = None) -> str:
    """Render a skeleton to speech text inside the sandbox (drafter.planning.sandbox); any failure is one
    TemplateError line."""
    from jinja2 import TemplateError as JinjaError, TemplateNotFound, TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    env = sandbox.environment(tuple(str(d) for d in template_dirs(user_dir)), _HELPERS)
    try:
        return sandbox.render(env.get_template(skeleton.name), context)
    except TemplateSyntaxError as err:
        raise TemplateError(f"模板 {err.filename or skeleton.path} 第 {err.lineno} 行语法错误：{_syntax_message(err.message or '')}") from None
    except TemplateNotFound as err:
        raise TemplateError(f"模板 {_where(err, skeleton)}：找不到要引入的模板“{err.name}”（只能引入模板文件夹中的模板）") from None
    except SecurityError as err:
        raise TemplateError(f"模板 {_where(err, skeleton)}：沙箱禁止的操作（{err}）") from None
    except UndefinedError as err:
        raise TemplateError(f"模板 {_where(err, skeleton)}：{_undefined_name(str(err))}") from None
    except sandbox.Refused as err:
        raise TemplateError(f"模板 {_where(err, skeleton)}：{err}") from None
    except (JinjaError, TypeError, ValueError, ArithmeticError, LookupError, AttributeError) as err:
        raise TemplateError(f"模板 {_where(err, skeleton)}：渲染出错（{err}）") from None
    except (MemoryError, RecursionError):
        raise TemplateError(f"模板 {skeleton.path}：渲染所需内存或嵌套过多") from None


_HELPERS = (("cn", int_to_cn), ("mark", render_marker))


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
