"""The command line: the one place where errors become ``Error: ...`` lines and exit codes.

Exit status: 0 every file ingested, 2 some files rejected (the rest is still written),
1 usage errors. Heavy libraries (pandas, pyarrow) are imported inside the commands that need
them, so ``govtasks --help`` and ``govtasks detect`` start fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    help="Turn district governments' task-progress pages into one clean dataset.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

EXIT_OK = 0
EXIT_USAGE = 1
EXIT_REJECTED = 2


def _error(message: str, hint: str | None = None) -> None:
    typer.secho(f"Error: {message}", fg=typer.colors.RED, err=True)
    if hint:
        typer.echo(f"Hint: {hint}", err=True)


@app.command()
def ingest(
    raw_dir: Annotated[Path, typer.Argument(help="Folder of source files.")] = Path("data/raw"),
    out: Annotated[Path, typer.Option("--out", help="Folder for the output tables.")] = Path(
        "data/processed"
    ),
    phrases: Annotated[
        Path | None,
        typer.Option(help="Extra protected phrases (default: data/phrases.txt if it exists)."),
    ] = None,
) -> None:
    """Ingest every source file in RAW_DIR into reports, tasks and progress tables."""
    from govtasks.ingest import run_ingest

    if not raw_dir.is_dir():
        _error(f"{raw_dir} is not a folder", "Pass the folder that holds the source files.")
        raise typer.Exit(EXIT_USAGE)
    if phrases is not None and not phrases.is_file():
        _error(f"phrase file {phrases} does not exist")
        raise typer.Exit(EXIT_USAGE)
    result = run_ingest(raw_dir, out, phrases if phrases is not None else Path("data/phrases.txt"))
    raise typer.Exit(EXIT_REJECTED if result.rejected else EXIT_OK)


@app.command()
def detect(
    files: Annotated[list[Path], typer.Argument(help="Source files to examine.")],
) -> None:
    """Print each file's layout, district, year, period and how sure the detection is."""
    from govtasks.errors import GovtasksError
    from govtasks.pipeline import identify
    from govtasks.reading import read_document

    status = EXIT_OK
    for path in files:
        if not path.is_file():
            _error(f"{path}: no such file")
            status = EXIT_USAGE
            continue
        try:
            found = identify(read_document(path), path)
        except GovtasksError as exc:
            typer.echo(f"{path}: rejected: {exc}")
            typer.echo(f"  hint: {exc.hint}")
            status = max(status, EXIT_REJECTED)
            continue
        facts = found.facts
        typer.echo(
            f"{path}: format={found.format.NAME} ({found.how}, score {found.score:.2f}) "
            f"district={facts.district} year={facts.year} period={facts.period}"
        )
        for key, why in sorted(facts.inferred.items()):
            typer.echo(f"  {key} inferred: {why}")
    raise typer.Exit(status)


@app.command()
def schemas(
    out: Annotated[Path, typer.Option("--out", help="Folder for the JSON Schema files.")] = Path("schemas"),
) -> None:
    """Write the JSON Schema of each output table (what `make schemas` runs)."""
    from govtasks.schemas import write_all

    for path in write_all(out):
        typer.echo(f"wrote {path}")


def main() -> None:
    """Entry point: run the app, mapping usage errors to exit status 1 (click's default is 2,
    which govtasks reserves for "some files were rejected")."""
    # typer vendors click; its exception classes are only reachable through typer._click.
    from typer._click.exceptions import ClickException, UsageError

    try:
        status = app(standalone_mode=False)
    except UsageError as exc:
        exc.show()
        sys.exit(EXIT_USAGE)
    except ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE)
    except typer.Abort:
        typer.echo("Aborted.", err=True)
        sys.exit(EXIT_USAGE)
    sys.exit(status if isinstance(status, int) else EXIT_OK)


if __name__ == "__main__":
    main()
