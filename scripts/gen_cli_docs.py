"""Write docs/cli.md from the CLI itself, so the reference never drifts from `--help`.

    .venv/bin/python scripts/gen_cli_docs.py > docs/cli.md

tests/cli/test_cli_docs.py fails when docs/cli.md differs from what this prints.
"""

from __future__ import annotations

import inspect
import sys

import typer

from lagebild.cli import app


def _walk(cmd, path: list[str]):
    # Typer vendors its own click: test by shape, not by class.
    if hasattr(cmd, "commands"):
        for name in sorted(cmd.commands):
            yield from _walk(cmd.commands[name], [*path, name])
    else:
        yield path, cmd


def _option_row(param) -> str:
    if param.param_type_name == "argument":
        names = f"`{(param.metavar or param.name).upper()}`"
        kind = "argument"
    else:
        names = ", ".join(f"`{o}`" for o in param.opts)
        kind = "flag" if getattr(param, "is_flag", False) else "option"
    help_text = (getattr(param, "help", None) or "").replace("|", "\\|").replace("\n", " ")
    default = param.default if param.default not in (None, (), [], False) and not callable(param.default) else ""
    return f"| {names} | {kind} | {help_text} | {default if default != '' else ''} |"


def render() -> str:
    root = typer.main.get_command(app)
    out = [
        "# Command-line reference",
        "",
        "Generated from the CLI by `scripts/gen_cli_docs.py`; `tests/cli/test_cli_docs.py` keeps it in step",
        "with `--help`. Every command has an example in its help.",
        "",
    ]
    for path, cmd in _walk(root, []):
        name = " ".join(["lagebild", *path])
        out += [f"## `{name}`", "", inspect.cleandoc(cmd.help or "").strip(), ""]
        params = [p for p in cmd.params if p.name != "help"]
        if params:
            out += ["| name | kind | meaning | default |", "|---|---|---|---|"]
            out += [_option_row(p) for p in params]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
