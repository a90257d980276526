"""The command line helps: full help texts, did-you-mean, listings, summaries, progress,
completion, one exit-code table (no corpus needed)."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from specgen.cli import EXIT_CODES, main
from tests.fixtures.minispec import minispec_text


def run(*args, env=None, terminal_width=80):
    return CliRunner(env=env).invoke(main, [str(a) for a in args], terminal_width=terminal_width)


def test_help_lists_every_command_without_cutting_its_description():
    result = run("--help")
    assert result.exit_code == 0
    listing = result.output.split("Commands:", 1)[1].split("\n\n", 1)[0]
    lines = [line for line in listing.splitlines() if line.strip()]
    assert {line.split()[0] for line in lines} == set(main.commands)
    assert not [line for line in lines if line.rstrip().endswith("...")], listing
    for code, _meaning in EXIT_CODES:
        assert re.search(rf"^\s+{code}\s+\S", result.output, re.M)
    assert "specgen completion bash" in result.output


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_a_full_help_text(name):
    result = run(name, "--help")
    assert result.exit_code == 0
    description = result.output.split("\n\n", 2)[1]
    assert len(description.split()) >= 5, result.output
    for option in main.commands[name].params:
        if isinstance(option, __import__("click").Option) and option.name != "help":
            assert option.help, f"{name} {option.opts} has no help"


def test_a_mistyped_command_gets_a_suggestion():
    result = run("genrate")
    assert result.exit_code == 2 and "did you mean 'generate'?" in result.output


def test_a_mistyped_target_gets_a_suggestion():
    result = run("generate", "1.0-rel0", "-t", "pyton", "-o", "never")
    assert result.exit_code == 2 and "did you mean 'python'?" in result.output


def test_a_mistyped_revision_gets_a_suggestion():
    result = run("show", "1.0-rel1")
    assert result.exit_code == 2
    assert "no bundled revision '1.0-rel1'" in result.output and "did you mean '1.0-rel0'" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_mistyped_command_name_gets_a_suggestion_in_show_and_diff():
    shown = run("show", "1.0-rel0", "-c", "RMI_DATA_CRATE")
    assert shown.exit_code == 2 and "no command 'RMI_DATA_CRATE' in 1.0-rel0; did you mean 'RMI_DATA_CREATE'" in shown.output
    diffed = run("diff", "1.0-rel0", "1.0-rel0", "-c", "RMI_REC_ENTR")
    assert diffed.exit_code == 2 and "did you mean 'RMI_REC_ENTER'" in diffed.output


def test_show_lists_every_command_and_json_has_them():
    from specgen.api import load_ir

    ir = load_ir("1.0-rel0")
    text = run("show", "1.0-rel0")
    assert text.exit_code == 0
    assert all(c.name in text.output for c in ir.commands)
    data = json.loads(run("show", "1.0-rel0", "--json", "-c", "RMI_PSCI_COMPLETE").output)
    assert data["schema"] == "specgen-show/1"
    assert [c["name"] for c in data["commands"]] == [c.name for c in ir.commands]
    assert data["counts"]["commands"] == len(ir.commands)
    (detail,) = data["details"]
    assert detail["name"] == "RMI_PSCI_COMPLETE" and any(i["name"] == "status" for i in detail["inputs"])


@pytest.fixture()
def unresolved(tmp_path):
    """The mini spec with two names that do not resolve."""
    path = tmp_path / "mini.txt"
    path.write_text(minispec_text().replace("Granule(rd).state != RD", "Granule(rd).state != RDX && nope"),
                    encoding="utf-8")
    return path


def test_check_summarises_quiet_and_json(unresolved):
    full = run("check", unresolved)
    assert full.exit_code == 1
    problem_lines = [line for line in full.output.splitlines() if "unresolved name" in line and "page" in line]
    assert len(problem_lines) == 2
    assert "2 problems" in full.output and "RDX (1)" in full.output and "nope (1)" in full.output
    quiet = run("check", unresolved, "-q")
    assert quiet.exit_code == 1
    assert not [line for line in quiet.output.splitlines() if line.startswith("page ")]
    assert "2 problems" in quiet.output
    data = json.loads(run("check", unresolved, "--json").output)
    assert data["schema"] == "specgen-check/1"
    (revision,) = data["revisions"]
    assert revision["counts"] == {"unresolved name": 2}
    assert sorted(p["name"] for p in revision["problems"]) == ["RDX", "nope"]
    assert all(p["loc"].startswith("page ") for p in revision["problems"])


def test_progress_lines_when_stderr_is_not_a_terminal(tmp_path, monkeypatch):
    """Piped, a long step prints a line every interval (here 0.05 s, made long by a slow stage)."""
    import time

    import specgen.generate.targets as targets

    real = targets.Renderings.render

    def slow(self, target, progress=None, **options):
        for step in range(4):
            if progress is not None:
                progress(step, 4)
            time.sleep(0.1)
        return real(self, target, progress, **options)

    monkeypatch.setattr(targets.Renderings, "render", slow)
    spec = tmp_path / "mini.txt"
    spec.write_text(minispec_text(), encoding="utf-8")
    result = run("generate", spec, "-t", "c", "-o", tmp_path / "o", env={"SPECGEN_PROGRESS_INTERVAL": "0.05"})
    assert result.exit_code == 0, result.output
    ticks = [line for line in result.output.splitlines() if line.startswith("generating c")]
    assert len(ticks) >= 3 and re.fullmatch(r"generating c: \d/4 \(\d+ s\)", ticks[-1])
    quiet = run("generate", spec, "-t", "c", "-o", tmp_path / "o", "-q", env={"SPECGEN_PROGRESS_INTERVAL": "0.05"})
    assert "generating c" not in quiet.output


@pytest.mark.parametrize("shell, marker", [("bash", "complete -o"), ("zsh", "compdef"), ("fish", "complete --no-files")])
def test_completion_scripts(shell, marker):
    result = run("completion", shell)
    assert result.exit_code == 0 and marker in result.output and "_SPECGEN_COMPLETE" in result.output


def test_completion_offers_commands_revisions_and_targets():
    from click.shell_completion import ShellComplete

    complete = ShellComplete(main, {}, "specgen", "_SPECGEN_COMPLETE")
    names = lambda args, incomplete: [c.value for c in complete.get_completions(args, incomplete)]  # noqa: E731
    assert "generate" in names([], "gen")
    assert "1.0-rel0" in names(["generate"], "1.0")
    assert names(["generate", "1.0-rel0", "-t"], "py") == ["python"]
    assert "RMI_PSCI_COMPLETE" in names(["show", "1.0-rel0", "-c"], "RMI_PSCI")


def test_the_readme_shows_the_same_exit_codes():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    table = readme.split("### Exit codes", 1)[1].split("\n#", 1)[0].replace("`", "")
    rows = [line for line in table.splitlines() if line.startswith("| ") and line[2].isdigit()]
    assert [int(row[2]) for row in rows] == [code for code, _meaning in EXIT_CODES]
    for row, (_code, meaning) in zip(rows, EXIT_CODES):
        assert meaning.split(" (")[0].split(":")[0] in row
