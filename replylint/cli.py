"""The `replylint` command. Heavy imports (spaCy) happen only inside the commands that lint."""
from __future__ import annotations

import os
import sys

import click

from .__about__ import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _split(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _use_color(output_file: str | None, choice: str) -> bool:
    """always: even into a pipe or a file (a pager that shows colour); never; auto: a terminal
    on stdout, and no NO_COLOR in the environment."""
    if choice != "auto":
        return choice == "always"
    if output_file or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def _fail(message: str) -> None:
    click.echo(f"replylint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def _refuse_to_overwrite(files: list[str], **outputs: str | None) -> None:
    """`check` never changes a file it lints: a report written over a draft would lose it."""
    for option, target in outputs.items():
        if target and os.path.exists(target):
            for file in files:
                if file != "-" and os.path.exists(file) and os.path.samefile(file, target):
                    _fail(f"--{option.replace('_', '-')} {target} is one of the files being linted; it would be overwritten")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="replylint")
def main():
    """A reply-quality linter for customer-support email."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "--output-format", "fmt", type=click.Choice(["text", "json", "sarif", "github", "junit"]),
              default="text", show_default=True, help="Report format (--output-format is the same option, as in ruff).")
@click.option("--output-file", "-o", type=click.Path(dir_okay=False), help="Write the report here instead of stdout.")
@click.option("--select", multiple=True, help="Rule codes or prefixes to enable (replaces the config's select).")
@click.option("--extend-select", multiple=True, help="Codes or prefixes to enable on top of select.")
@click.option("--ignore", multiple=True, help="Codes or prefixes to disable.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), default=None, help="Lowest severity that fails the run (default: warning, or the config's fail-on).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule, and nothing else.")
@click.option("--quiet", "-q", is_flag=True, help="Print the findings only: no summary line, no notes.")
@click.option("--context", "context_file", type=click.Path(), help="The customer's message (overrides quoted history).")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Use this config file for every linted file.")
@click.option("--templates", multiple=True, help="Globs of files to treat as templates (placeholders allowed).")
@click.option("--stdin-filename", help="The path to report (and to find config from) when reading stdin.")
@click.option("--color", type=click.Choice(["always", "never", "auto"]), default="auto", show_default=True,
              help="Colour the text report: always (even through a pipe), never, or auto (on a terminal).")
@click.option("--no-color", is_flag=True, hidden=True, help="The same as --color never.")
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
@click.option("--respect-gitignore/--no-respect-gitignore", default=None,
              help="Skip what .gitignore files ignore when walking directories (default: on, or the config's respect-gitignore).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes (default: the available cores).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the results cache.")
@click.option("--cache-dir", type=click.Path(file_okay=False), help="The results cache (default: .replylint_cache in the project root).")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False), help="Report only findings not recorded in this baseline.")
@click.option("--write-baseline", type=click.Path(dir_okay=False), help="Record every finding in this file as the baseline, and exit 0.")
def check(paths, fmt, output_file, select, extend_select, ignore, fail_on, exit_zero, statistics, quiet,
          context_file, config_file, templates, stdin_filename, color, no_color, debug, respect_gitignore, jobs, no_cache, cache_dir,
          baseline_file, write_baseline):
    """Lint drafts and templates: files, directories, or - for stdin (no path: the current
    directory)."""
    from .errors import ReplylintError
    from .files import collect
    from .finding import SEVERITY_RANK
    from .reporters import render
    from .runner import Options, Runner

    if statistics and fmt not in ("text", "json"):
        _fail(f"--statistics prints text or json, not {fmt}")
    if not paths:
        paths = (".",)  # as ruff: stdin only when asked for with -
    options = Options(
        select=_split(select) or None, extend_select=_split(extend_select), ignore=_split(ignore),
        templates=list(templates), context_file=context_file, config_file=config_file,
        stdin_filename=stdin_filename, debug=debug, jobs=jobs or _cores(), cache=not no_cache, cache_dir=cache_dir,
    )
    try:
        runner = Runner(options)
        root_config = runner.root_config()
        # No Linter yet: the cache may answer every file. A broken root config or pack still
        # ends the run once, when the first file that needs it is linted (batch.run).
        walked: set[str] = set()
        def settings(directory):
            config = runner.config_for(directory)
            return config.include, config.exclude + config.extend_exclude, config.is_template

        files = collect(list(paths), root_config.include, root_config.exclude + root_config.extend_exclude,
                        also=root_config.is_template, walked=walked, settings=settings,
                        respect_gitignore=root_config.respect_gitignore if respect_gitignore is None else respect_gitignore)
        _refuse_to_overwrite(files, output_file=output_file, write_baseline=write_baseline)
        results = runner.run(files, walked)
        if write_baseline and not results.errors:
            from . import baseline

            count = baseline.write(write_baseline, results.findings, __version__)
            click.echo(f"replylint: wrote {count} finding{'s' if count != 1 else ''} to the baseline {write_baseline}", err=True)
            sys.exit(EXIT_OK)
        baseline_file = baseline_file or (str(root_config.root / root_config.baseline) if root_config.baseline else None)
        if baseline_file:
            from . import baseline

            results.findings, hidden, stale = baseline.split(results.findings, baseline_file, results.files)
            if hidden or stale:
                gone = f"; {stale} of its entries no longer occur (rewrite it with --write-baseline)" if stale else ""
                click.echo(f"replylint: {hidden} finding{'s' if hidden != 1 else ''} hidden by the baseline {baseline_file}{gone}", err=True)
    except ReplylintError as exc:
        if debug:
            raise
        _fail(str(exc))
    missing = [e for e in results.errors if e.reason.startswith("no such file")]
    color = "never" if no_color else color
    painted = _use_color(output_file, color) and fmt == "text"
    report = render(fmt, results, color=painted, statistics=statistics, quiet=quiet)
    if output_file:
        with open(output_file, "w", encoding="utf-8") as handle:
            handle.write(report)
    else:
        # click strips colour codes when stdout is not a terminal; --color always keeps them.
        click.echo(report, nl=not report.endswith("\n"), color=True if painted else None)
    for error in results.errors:  # stderr in every format; stdout is the report alone
        click.echo(f"replylint: error: {error.path}: {error.reason}", err=True)
    for note in [] if quiet else results.notes:  # linted anyway, but the reader had to guess
        click.echo(f"replylint: note: {note.path}: {note.reason}", err=True)
    for path, reason, found_by_walk in [] if quiet else runner.skipped:
        if not found_by_walk:  # named on the command line (pre-commit does): say why it was left out
            click.echo(f"replylint: note: {path}: {reason}", err=True)
    del missing
    if results.errors:
        sys.exit(EXIT_ERROR)
    threshold = SEVERITY_RANK[fail_on or root_config.fail_on]
    failing = [f for f in results.findings if SEVERITY_RANK[f.severity] >= threshold]
    sys.exit(EXIT_FINDINGS if failing and not exit_zero else EXIT_OK)


def _cores() -> int:
    from .pool import available_cores

    return available_cores()


def _registry(config_file):
    from pathlib import Path

    from .config import ConfigFinder
    from .errors import ReplylintError
    from .plugins import load_registry

    try:
        config = ConfigFinder(Path(config_file) if config_file else None).for_path(".")
        return load_registry(config.resolved_rule_paths())
    except ReplylintError as exc:
        _fail(str(exc))


@main.command()
@click.argument("code")
@click.option("--config", "config_file", type=click.Path(dir_okay=False))
def rule(code, config_file):
    """Explain a rule: what it flags, why, an example and better wording."""
    from .docs import rule_text

    registry = _registry(config_file)
    cls = registry.by_name_or_code(code)
    if cls is None:
        _fail(f"unknown rule {code!r} (see `replylint rules`)")
    click.echo(rule_text(cls))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
@click.option("--config", "config_file", type=click.Path(dir_okay=False))
def rules(fmt, config_file):
    """List every rule that is loaded (markdown: the full reference, as in docs/rules.md)."""
    import json

    from .rule import RuleInfo

    registry = _registry(config_file)
    if fmt == "markdown":
        from .docs import rules_markdown

        click.echo(rules_markdown(registry), nl=False)
        return
    infos = [RuleInfo.of(registry.rules[code]) for code in sorted(registry.rules)]
    if fmt == "json":
        data = [
            {"code": i.code, "name": i.name, "severity": i.severity, "summary": i.summary, "origin": i.origin,
             "needs_context": i.needs_context, "default_enabled": registry.rules[i.code].default_enabled,
             "options": {k: {"type": o.kind.__name__, "default": o.default, "help": o.help} for k, o in i.options.items()},
             "docs": i.docs}
            for i in infos
        ]
        click.echo(json.dumps(data, indent=2))
        return
    width = max((len(i.name) for i in infos), default=10)
    for i in infos:
        click.echo(f"{i.code}  {i.name:<{width}}  {i.severity:<7}  {i.summary}")


@main.command()
@click.option("--config", "config_file", type=click.Path(dir_okay=False))
def plugins(config_file):
    """List the plugins and packs that provide rules."""
    registry = _registry(config_file)
    for plugin in registry.plugins:
        codes = ", ".join(plugin.codes) or "no rules"
        click.echo(f"{plugin.name}  [{plugin.kind}]  {plugin.source}: {codes}")


from .commands.serve import serve  # noqa: E402
from .commands.sendmail_wrap import sendmail_wrap  # noqa: E402
main.add_command(serve)
main.add_command(sendmail_wrap)
