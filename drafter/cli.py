"""The `drafter` command: parses options, calls the library, prints. No logic lives here."""

from __future__ import annotations

import atexit
import gc
import json
import os
import re
import sys
from functools import wraps

import click

from drafter.errors import DrafterError, ExistsError, OptionError, os_reason
from drafter.word.housestyle import FONT_PROFILES  # pure data, no python-docx: keeps startup fast

MAX_JOBS = 256  # worker processes: more than any machine drafter runs on has cores

# At exit the interpreter's last cycle collection walks every object still alive only for the process to
# end: 60 ms after a one-speech mine, 0.1 s after 2 MB (README 性能). Frozen, they are left to the system,
# which frees the process at once.
atexit.register(gc.freeze)


def _reports_errors(command):
    """Turn a `DrafterError` into one Chinese line on stderr and its exit code, never a traceback."""

    @wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except DrafterError as err:
            _fail(_worded(err), err.exit_code)

    return wrapper


def _fail(message: str, code: int) -> None:
    """Print one error line and exit with `code`."""
    click.echo(f"错误：{_one_line(message)}", err=True)
    sys.exit(code)


def _one_line(message: str) -> str:
    """`message` with control characters (a newline in a file name) and undecodable bytes escaped, so it
    prints, and stays one line."""
    return message.translate(_ESCAPES).encode("utf-8", "backslashreplace").decode("utf-8")


_ESCAPES = {c: f"\\x{c:02x}" for c in range(32)} | {10: "\\n", 13: "\\r", 9: "\\t", 127: "\\x7f"}


def _os_failure(err: OSError) -> str:
    """An operating-system failure nothing above caught, as one line naming the file (the safety net:
    library code reports the ones it expects itself)."""
    where = err.filename if err.filename is not None else "输出"
    return f"{where}：无法读写（{os_reason(err)}）"


def _quiet_stdout() -> None:
    """After stdout failed (a full disk, a closed pipe), drop what is still buffered instead of failing
    again with a traceback at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


# The library names request fields; the CLI speaks of them as its flags.
_FLAGS = {
    "topic": "--topic", "occasion": "--occasion", "parts": "--parts", "keywords": "--keywords", "variant": "--variant",
    "limit": "--limit", "query": "查询词", "kind": "--kind", "minutes": "--minutes", "title": "--title",
    "date": "--date", "speaker": "--speaker",
}


def _worded(err: DrafterError) -> str:
    """A library error as the CLI words it: request fields as flags, the way to replace a file named."""
    if isinstance(err, OptionError) and err.fields:
        return f"{err}（{'、'.join(_FLAGS.get(f, f) for f in err.fields)}）"
    if isinstance(err, ExistsError):
        return f"{err}；如需覆盖，请加 --force"
    return str(err)


# Click's usage messages, said in Chinese on one line like every other error.
_USAGE_MESSAGES = (
    (r"Missing option '(.+?)'.*", r"缺少选项 \1"),
    (r"Missing argument '(.+?)'.*", r"缺少参数 \1"),
    (r"No such option:? '?([^'\s]+)'?.*", r"没有这个选项：\1"),
    (r"No such command '(.+?)'.*", r"没有这个命令：\1（可用命令见 drafter --help）"),
    (r"Got unexpected extra arguments? \((.+)\)", r"多余的参数：\1"),
    (r"Option '(.+?)' requires an argument.*", r"选项 \1 后面需要一个值"),
    (r"Invalid value for '(.+?)': '(.*?)' is not a valid (integer|float).*", r"选项 \1 的值“\2”不是数字"),
    (r"Invalid value for '(.+?)': '(.*?)' is not one of (.+)\.", r"选项 \1 的值“\2”不在可选范围内（可选：\3）"),
    (r"Invalid value for '(.+?)': (.+?) is not in the range (.+)\.", r"选项 \1 的值 \2 超出范围（\3）"),
    (r"Invalid value for '(.+?)': (?:File|Directory|Path) '(.*?)' is not readable\.", r"\2：没有读取权限（\1）"),
    (r"Invalid value for '(.+?)': (?:File|Directory|Path) '(.*?)' does not exist\.", r"\2：路径不存在（\1）"),
)


class _Group(click.Group):
    """The command group; usage mistakes come out as one Chinese line (exit 2), not Click's English block."""

    def main(self, *args, standalone_mode: bool = True, **kwargs):
        if not standalone_mode:  # a caller embedding the CLI handles Click's exceptions itself
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            try:
                code = super().main(*args, standalone_mode=False, **kwargs)
            finally:
                sys.stdout.flush()  # a full disk or closed pipe shows here, not as a traceback at exit
        except click.exceptions.NoArgsIsHelpError as err:
            click.echo(err.format_message())  # `drafter` alone asks for the help: not an error
            sys.exit(0)
        except click.UsageError as err:
            _fail(_usage_message(err), err.exit_code)
        except click.Abort:
            click.echo("已中断", err=True)
            sys.exit(1)
        except OSError as err:
            _quiet_stdout()
            _fail(_os_failure(err), 1)
        sys.exit(code if isinstance(code, int) else 0)


def _usage_message(err: click.UsageError) -> str:
    message = err.format_message()
    for pattern, chinese in _USAGE_MESSAGES:
        if re.fullmatch(pattern, message, re.S):
            return re.sub(pattern, chinese, message, flags=re.S)
    return message


def _print_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="jianghua-drafter", prog_name="drafter")
def main() -> None:
    """drafter：讲话稿起草助手（离线）。解析讲话稿结构、提炼常用表述、生成提纲、输出公文格式 Word 文稿。"""


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="输出格式")
@_reports_errors
def parse(files: tuple[str, ...], fmt: str) -> None:
    """解析讲话稿（.txt 或 .docx）的结构：标题、称呼、开场、过渡语、各级标题、结尾。"""
    from drafter.app import read_speech_file
    from drafter.structure.model import tree_view

    speeches = [read_speech_file(path) for path in files]
    if fmt == "json":
        data = [s.to_dict() for s in speeches]
        _print_json(data[0] if len(data) == 1 else data)
        return
    click.echo("\n\n".join(tree_view(s) for s in speeches))


# ---------------------------------------------------------------- drafter mine


@main.command()
@click.argument("corpus_dir", required=False, type=click.Path())
@click.option("-o", "--output", type=click.Path(), help="表述库文件夹（从源码目录运行且未给语料文件夹时，默认为自带的 phrasebank/）")
@click.option("--jobs", type=click.IntRange(min=1, max=MAX_JOBS), help="并行进程数（默认：机器至少有两个核时用 2 个，否则 1 个）")
@click.option("--strict", is_flag=True, help="有文件无法读取时报错退出，不写入表述库")
@_reports_errors
def mine(corpus_dir: str | None, output: str | None, jobs: int | None, strict: bool) -> None:
    """从讲话稿语料中提炼表述库：开场、过渡语、各级标题、句式框架、排比、四字格、引语、结尾等。"""
    from drafter.app import mine as mine_archive
    from drafter.bank.store import KIND_NAMES
    from drafter.resources import corpus_folder, mine_output
    from drafter.text.reading import speech_files

    output = mine_output(corpus_dir, output)
    if output is None:
        raise click.UsageError("请用 -o 指定表述库文件夹（只有在源码目录中提炼自带语料时才默认写入自带的 phrasebank/）")
    corpus = corpus_folder(corpus_dir)
    if sys.stderr.isatty():
        with click.progressbar(length=len(speech_files(corpus)), label="提炼中", file=sys.stderr) as bar:
            result = mine_archive(corpus, output, jobs=jobs, strict=strict, progress=lambda _name: bar.update(1))
    else:
        result = mine_archive(corpus, output, jobs=jobs, strict=strict)
    for skipped in result.skipped:
        click.echo(f"跳过：{_one_line(skipped.reason)}", err=True)
    click.echo(f"已提炼 {len(result.files)} 篇讲话稿（跳过 {len(result.skipped)} 个文件），写入 {output}：")
    for kind, count in result.counts().items():
        click.echo(f"  {KIND_NAMES[kind]}（{kind}）：{count} 条")


# ---------------------------------------------------------------- drafter phrase


@main.command()
@click.argument("query", nargs=-1)
@click.option("--kind", help="只查这一类（英文名或中文名，如 heading 或 标题）")
@click.option("--limit", type=int, default=20, show_default=True, help="最多显示几条")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="输出格式")
@click.option("--phrasebank", "folder", type=click.Path(), help="表述库文件夹（默认：随附的表述库）")
@_reports_errors
def phrase(query: tuple[str, ...], kind: str | None, limit: int, fmt: str, folder: str | None) -> None:
    """查常用表述：按标准程度排序，并给出出处。例：drafter phrase 安全 底线；drafter phrase --kind signoff"""
    from drafter.bank.lookup import hit_cells, nothing_found, search
    from drafter.resources import phrasebank_folder

    notify = (lambda line: click.echo(line, err=True)) if sys.stderr.isatty() else None
    hits = search(phrasebank_folder(folder), query, kind=kind, limit=limit, notify=notify)
    if fmt == "json":
        _print_json([hit.to_dict() for hit in hits])
    elif not hits:
        click.echo(nothing_found(query, kind))
    elif sys.stdout.isatty():
        import shutil

        from drafter.table import format_table

        width = shutil.get_terminal_size().columns
        click.echo(format_table(["表述", "类别", "次数", "出处"], [hit_cells(h) for h in hits], width))
    else:
        click.echo("\n".join("\t".join(hit_cells(h)) for h in hits))


# ---------------------------------------------------------------- drafter templates, drafter outline


@main.command()
@click.option("--templates", "templates_dir", type=click.Path(), default=None, help="自己的模板文件夹（同名模板优先于内置模板）")
@_reports_errors
def templates(templates_dir: str | None) -> None:
    """列出可用的讲话稿模板（场合、默认部分数、说明）。"""
    from drafter.planning.skeleton import skeletons

    for skeleton in skeletons(templates_dir):
        own = "（自定义）" if skeleton.user else ""
        click.echo(f"{skeleton.occasion}{own}\t{skeleton.parts}部分\t{skeleton.name}\t{skeleton.description}")


def _split_keywords(_ctx, _param, value: str | None) -> tuple[str, ...]:
    from drafter.planning.request import split_keywords

    return split_keywords(value) if value is not None else ()


_PLAN_OPTIONS = (
    click.option("--topic", required=True, help="讲话主题，如：安全生产"),
    click.option("--occasion", default="工作推进会", show_default=True, help="场合（见 drafter templates）"),
    click.option("--parts", type=int, default=None, help="部分数（默认按模板）"),
    click.option("--keywords", default=None, callback=_split_keywords, help="按关键词分部分，用逗号或顿号分隔，如：安全,发展,民生,法治"),
    click.option("--variant", type=int, default=0, show_default=True, help="换一种写法：0、1、2…"),
    click.option("--templates", "templates_dir", type=click.Path(), default=None, help="自己的模板文件夹"),
    click.option("--phrasebank", type=click.Path(), default=None, help="表述库文件夹（默认用内置表述库）"),
)


def _plan_options(command):
    """The options that choose an outline, shared by `outline` and `draft`; the command receives them as
    one `PlanRequest` (`request`), with the draft's header (title, date, speaker) when it has those options."""
    @wraps(command)
    def wrapper(topic, occasion, parts, keywords, variant, templates_dir, phrasebank, title="", date="", speaker="", **rest):
        from drafter.planning.request import PlanRequest

        request = PlanRequest(topic, occasion, parts, keywords, variant, _path(phrasebank), _path(templates_dir),
                              title, date, speaker)
        return command(request=request, **rest)

    for option in reversed(_PLAN_OPTIONS):
        wrapper = option(wrapper)
    return wrapper


def _path(value: str | None):
    from pathlib import Path

    return Path(value) if value is not None else None


@main.command()
@_plan_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="输出格式")
@_reports_errors
def outline(request, fmt: str) -> None:
    """按主题和场合生成讲话提纲：标题、开场、过渡语、并列的各部分标题和分项、结尾。"""
    from drafter.app import outline as plan_outline
    from drafter.planning.outline import provenance

    notes: list[str] = []
    speech = plan_outline(request, notes=notes)
    if fmt == "json":
        _print_json({**speech.to_dict(), "provenance": provenance(speech), "notes": notes})
        return
    click.echo(speech.to_text(), nl=False)
    for note in notes:  # after the outline, so the outline stands first and a failed write is the one error
        click.echo(f"提示：{note}", err=True)


# ---------------------------------------------------------------- drafter export, drafter draft

_FONTS_OPTION = click.option(
    "--fonts", type=click.Choice(list(FONT_PROFILES)), default="gb2312", show_default=True,
    help="字体方案：gb2312 为国标字体名（仿宋_GB2312 等），windows 为系统自带的仿宋/楷体/黑体/宋体，founder 为方正字体",
)


@main.command()
@click.argument("speech_file", type=click.Path())
@click.option("-o", "--output", required=True, type=click.Path(), help="输出的 Word 文件（.docx）")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖")
@_FONTS_OPTION
@click.option("--minutes", type=click.FloatRange(min=1), help="目标讲话时长（分钟），与当前篇幅对照")
@_reports_errors
def export(speech_file: str, output: str, force: bool, fonts: str, minutes: float | None) -> None:
    """把讲话稿（.txt 或 .docx）排成公文格式的 Word 文稿。"""
    from drafter.app import export as export_speech

    _report_written(output, export_speech(speech_file, output, fonts=fonts, force=force, minutes=minutes), minutes)


def _report_written(output: str, speech, minutes: float | None) -> None:
    """Where the Word file went, its length and speaking time, and how that compares with --minutes."""
    from drafter.structure.length import measure

    length = measure(speech)
    click.echo(f"已写入：{output}")
    click.echo(length.describe())
    if minutes:
        click.echo(length.against(minutes))


@main.command()
@_plan_options
@click.option("--title", default="", help="标题（默认按模板）")
@click.option("--date", default="", help="日期，如：2022年6月8日（排在标题下，加括号）")
@click.option("--speaker", default="", help="讲话人，如：市委书记 张三")
@click.option("-o", "--output", required=True, type=click.Path(), help="输出的 Word 文件（.docx）")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖")
@click.option("--comments", is_flag=True, help="把每段套用表述的出处（语料文件、段落）加为 Word 批注")
@click.option("--minutes", type=click.FloatRange(min=1), help="目标讲话时长（分钟）：各部分按此提示应写字数")
@_FONTS_OPTION
@_reports_errors
def draft(request, output: str, force: bool, comments: bool, minutes: float | None, fonts: str) -> None:
    """按主题和场合生成讲话稿初稿（公文格式 Word），标出待填写处和应写字数。"""
    from drafter.app import draft as write_draft

    speech = write_draft(request, output, minutes=minutes, fonts=fonts, comments=comments, force=force)
    _report_written(output, speech, minutes)


# ---------------------------------------------------------------- drafter serve


@main.command()
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="端口（默认：自动选一个空闲端口）")
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址；不是本机地址时须凭启动时显示的令牌访问")
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器")
@click.option("--phrasebank", type=click.Path(), default=None, help="表述库文件夹（默认用内置表述库）")
@_reports_errors
def serve(port: int, host: str, no_browser: bool, phrasebank: str | None) -> None:
    """在本机浏览器中使用 drafter：起草、查表述、排版、语料，全部离线。"""
    from drafter.web.server import serve as run_server

    run_server(host, port, phrasebank=phrasebank, open_browser=not no_browser, say=click.echo)
