"""The `drafter` command: parses options, calls the library, prints. No logic lives here."""

from __future__ import annotations

import json
import sys
from functools import wraps

import click

from drafter.errors import DrafterError


def _reports_errors(command):
    """Turn a `DrafterError` into one Chinese line on stderr and its exit code, never a traceback."""

    @wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except DrafterError as err:
            click.echo(f"错误：{err}", err=True)
            sys.exit(err.exit_code)

    return wrapper


def _print_json(data) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="jianghua-drafter", prog_name="drafter")
def main() -> None:
    """drafter：讲话稿起草助手（离线）。解析讲话稿结构、提炼常用表述、生成提纲、输出公文格式 Word 文稿。"""


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="输出格式")
@_reports_errors
def parse(files: tuple[str, ...], fmt: str) -> None:
    """解析讲话稿（.txt 或 .docx）的结构：标题、称呼、开场、过渡语、各级标题、结尾。"""
    from drafter.parser import parse_file
    from drafter.structure import outline_view

    speeches = [parse_file(path) for path in files]
    if fmt == "json":
        data = [s.to_dict() for s in speeches]
        _print_json(data[0] if len(data) == 1 else data)
        return
    click.echo("\n\n".join(outline_view(s) for s in speeches))


# --- Word: export (and draft) in the 公文 house style -------------------------------------------------

from drafter.housestyle import FONT_PROFILES  # noqa: E402  (pure data, no python-docx: keeps startup fast)

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
    from drafter.length import measure
    from drafter.word import export as export_speech

    speech = export_speech(speech_file, output, fonts=fonts, force=force)
    length = measure(speech)
    click.echo(f"已写入：{output}")
    click.echo(length.describe())
    if minutes:
        click.echo(length.against(minutes))
