"""The error hierarchy: the library raises these with a one-line Chinese message; only the CLI prints them."""

from __future__ import annotations

import errno

_OS_REASONS = {
    errno.ENOENT: "路径不存在", errno.EACCES: "没有访问权限", errno.EPERM: "没有访问权限",
    errno.EROFS: "文件系统只读", errno.ENOSPC: "磁盘空间不足", errno.EISDIR: "这是一个文件夹",
    errno.ENOTDIR: "路径中有一段不是文件夹", errno.ENAMETOOLONG: "文件名太长",
}


def os_reason(err: OSError) -> str:
    """The operating system's reason for a failed read or write, in Chinese when we know it."""
    return _OS_REASONS.get(err.errno, err.strerror or str(err))


class DrafterError(Exception):
    """Base of every expected failure; `str(err)` is the one-line message shown to the writer."""

    exit_code = 1


class InputError(DrafterError):
    """A file the writer gave cannot be read as a speech (missing, a folder, empty, binary, undecodable…)."""


class PhrasebankError(DrafterError):
    """The phrasebank folder or one of its files is unusable."""


class TemplateError(DrafterError):
    """A speech skeleton is missing, malformed or tried something the sandbox forbids."""


class OutputError(DrafterError):
    """An output file cannot be written, or exists and the caller did not ask to replace it."""


class UsageError(DrafterError):
    """Options that do not fit together (e.g. an unknown kind or occasion)."""

    exit_code = 2


class OptionError(UsageError):
    """A request value out of range or clashing with another. The message speaks of the request in Chinese
    (部分数, 关键词); `fields` names the request fields, so a face can point at its own controls (the CLI at
    its flags)."""

    def __init__(self, message: str, *fields: str):
        super().__init__(message)
        self.fields = fields


class ExistsError(OutputError):
    """The output file exists and the caller did not ask to replace it."""

    def __init__(self, path) -> None:
        self.path = path
        super().__init__(f"{path}：文件已存在")
