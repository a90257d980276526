"""Generation problems are values: a target collects them and the CLI prints them all."""

from __future__ import annotations

from dataclasses import dataclass, field

from specgen.diagnostics import Diagnostic, Location, Severity


class UnsafeText(ValueError):
    """Text from the PDF cannot be used where it was asked for (e.g. not an identifier)."""

    def __init__(self, message: str, loc: Location | None = None):
        super().__init__(message)
        self.loc = loc


@dataclass
class Rendered:
    """What one target produced: files by path relative to its output directory, and the
    problems met. Any error-severity diagnostic means the files must not be written."""

    files: dict[str, str] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: What the output does not cover, each with the reason and where the spec states it
    #: (a condition the model cannot execute, a condition without a test): reported by
    #: ``generate``, fatal under ``--strict``.
    left_out: list[Diagnostic] = field(default_factory=list)

    def error(self, message: str, loc: Location | None = None, code: str = "SG000") -> None:
        self.diagnostics.append(Diagnostic(Severity.ERROR, message, loc, code))

    def warn(self, message: str, loc: Location | None = None, code: str = "SG000") -> None:
        self.diagnostics.append(Diagnostic(Severity.WARNING, message, loc, code))

    def leave_out(self, message: str, loc: Location | None = None, code: str = "SG000") -> None:
        self.left_out.append(Diagnostic(Severity.WARNING, message, loc, code))

    @property
    def ok(self) -> bool:
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)
