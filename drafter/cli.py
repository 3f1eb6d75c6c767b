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


# ---------------------------------------------------------------- drafter mine


@main.command()
@click.argument("corpus_dir", required=False, type=click.Path())
@click.option("-o", "--output", type=click.Path(), help="表述库文件夹（从源码目录运行且未给语料文件夹时，默认为自带的 phrasebank/）")
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True, help="并行进程数")
@click.option("--strict", is_flag=True, help="有文件无法读取时报错退出，不写入表述库")
@_reports_errors
def mine(corpus_dir: str | None, output: str | None, jobs: int, strict: bool) -> None:
    """从讲话稿语料中提炼表述库：开场、过渡语、各级标题、句式框架、排比、四字格、引语、结尾等。"""
    from drafter.errors import InputError, UsageError
    from drafter.mine import check_output, default_output, mine_corpus, write_phrasebank
    from drafter.phrasebank import KIND_NAMES
    from drafter.resources import bundled

    if output is None:
        output = default_output() if corpus_dir is None else None
        if output is None:
            raise UsageError("请用 -o 指定表述库文件夹（只有在源码目录中提炼自带语料时才默认写入自带的 phrasebank/）")
    check_output(output)
    corpus = corpus_dir if corpus_dir is not None else bundled("corpus")
    if sys.stderr.isatty():
        from drafter.corpus import speech_files

        with click.progressbar(length=len(speech_files(corpus)), label="提炼中", file=sys.stderr) as bar:
            result = mine_corpus(corpus, jobs, progress=lambda _name: bar.update(1))
    else:
        result = mine_corpus(corpus, jobs)
    for skipped in result.skipped:
        click.echo(f"跳过：{skipped.reason}", err=True)
    if strict and result.skipped:
        raise InputError(f"有 {len(result.skipped)} 个文件无法读取（--strict），表述库未写入；第一个：{result.skipped[0].reason}")
    write_phrasebank(output, result)
    click.echo(f"已提炼 {len(result.files)} 篇讲话稿（跳过 {len(result.skipped)} 篇），写入 {output}：")
    for kind, count in result.counts().items():
        click.echo(f"  {KIND_NAMES[kind]}（{kind}）：{count} 条")
