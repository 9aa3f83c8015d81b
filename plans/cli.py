"""The ``plans`` command."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from plans.settings import Settings, configure_prefect

app = typer.Typer(
    help="Moroccan communes' planning documents into an analytical DuckDB warehouse.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console(stderr=True)

EXIT_OK, EXIT_FAILURE, EXIT_QUARANTINED = 0, 1, 3
DEFAULTS = Settings()


@app.callback()
def main() -> None:
    """Refresh the warehouse from plan documents, then query it with DuckDB."""


@app.command()
def refresh(
    raw: Annotated[
        Path, typer.Option(help="Folder of plan documents (and manifest.csv).")
    ] = DEFAULTS.raw_dir,
    warehouse: Annotated[Path, typer.Option(help="DuckDB file to create or update.")] = DEFAULTS.warehouse,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
) -> None:
    """Build or update the warehouse from the raw folder; unchanged files are not redone.

    Exit code 0: every document loaded (or was skipped as unsupported); 3: some documents were
    quarantined (reasons in the summary) and the rest loaded; 1: the refresh itself failed.
    """
    configure_prefect()
    from flows.refresh import refresh as refresh_flow

    try:
        summary = refresh_flow(raw_dir=raw.resolve(), warehouse=warehouse.resolve(), show_progress=progress)
    except Exception as exc:
        console.print(f"[red]refresh failed:[/red] {type(exc).__name__}: {exc}")
        raise typer.Exit(EXIT_FAILURE) from exc

    table = Table(title=f"refresh {summary.run_id} -> {summary.warehouse}")
    for column in ("file", "outcome", "plan", "reason"):
        table.add_column(column, overflow="fold")
    colours = {"quarantined": "red", "skipped": "yellow", "recognised": "cyan"}
    for f in summary.files:
        colour = colours.get(f.outcome, "green")
        table.add_row(f.file_name, f"[{colour}]{f.outcome}[/{colour}]", f.plan_id or "", f.reason or "")
    console.print(table)
    console.print(
        f"loaded {summary.count('interpreted', 'recognised')}, unchanged {summary.count('unchanged')}, "
        f"skipped {summary.count('skipped')}, quarantined {summary.count('quarantined')}"
    )
    if summary.quarantined:
        raise typer.Exit(EXIT_QUARANTINED)


if __name__ == "__main__":
    app()
