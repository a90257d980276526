"""The one exception of ``specgen.lang``.

Why our own class instead of lark's: callers (the extractor, the CLI) must not depend on lark,
and they need the position in a stable form to add the command/function, condition id and
page/line of the text. ``str()`` shows the offending line with a caret, as lark's examples do.
"""

from __future__ import annotations


class LangSyntaxError(ValueError):
    """``text`` does not parse. ``line``/``column`` are 1-based, relative to ``text``."""

    def __init__(
        self,
        message: str,
        line: int,
        column: int,
        text: str,
        expected: tuple[str, ...] = (),
    ):
        self.message = message
        self.line = line
        self.column = column
        self.text = text
        self.expected = expected
        super().__init__(message, line, column, text)

    @property
    def offending_line(self) -> str:
        lines = self.text.splitlines() or [""]
        index = min(max(self.line, 1), len(lines)) - 1
        return lines[index]

    def caret_context(self) -> str:
        """The offending line and a caret under the column."""
        line = self.offending_line.expandtabs(1)
        return f"{line}\n{' ' * max(self.column - 1, 0)}^"

    def __str__(self) -> str:
        return f"{self.message} at line {self.line}, column {self.column}\n{self.caret_context()}"

    def __reduce__(self):
        return (type(self), (self.message, self.line, self.column, self.text, self.expected))
