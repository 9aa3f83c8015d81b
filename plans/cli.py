"""The ``plans`` command."""

from __future__ import annotations

import atexit
import logging
import os
import sys
import textwrap
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from plans.settings import Settings, configure_prefect

if TYPE_CHECKING:
    from expectations.quality_report import QualityReport
    from flows.summary import RefreshSummary

app = typer.Typer(
    help="Moroccan communes' planning documents into an analytical DuckDB warehouse.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console(stderr=True)

EXIT_OK, EXIT_FAILURE, EXIT_QUARANTINED, EXIT_QUALITY = 0, 1, 3, 4
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
    quality: Annotated[bool, typer.Option(help="Run the quality suites after loading.")] = True,
    strict: Annotated[
        bool,
        typer.Option(
            help="Exit 4 when an expectation fails; quarantine a document whose text names another "
            "commune than manifest.csv."
        ),
    ] = False,
    docs: Annotated[
        bool,
        typer.Option(
            help="Write the data dictionary and quality page into <warehouse folder>/docs/ "
            "(rewritten only when what they describe changed)."
        ),
    ] = DEFAULTS.docs,
    dask_address: Annotated[
        str | None,
        typer.Option(help="Run extraction on this Dask scheduler (tcp://host:8786); loading stays local."),
    ] = DEFAULTS.dask_address,
) -> None:
    """Build or update the warehouse from the raw folder; unchanged files are not redone.

    Then the quality suites run on the warehouse (results in v_quality_results, Data Docs in
    <warehouse folder>/quality/), and the data dictionary and offline quality page are written
    into <warehouse folder>/docs/ (as `plans docs` does).
    Exit code 0: every document loaded (or was skipped as unsupported); 3: some documents were
    quarantined (reasons in the summary) and the rest loaded;
    4 (only with --strict): everything loaded but an expectation failed; 1: the refresh failed.
    A failed expectation marks quality; it never removes data.
    """
    from loader.swap import ensure_refreshable
    from loader.warehouse import WarehouseBusy

    if not raw.is_dir():
        console.print(f"[red]refresh failed:[/red] raw folder not found: {raw}")
        raise typer.Exit(EXIT_FAILURE)
    try:
        ensure_refreshable(warehouse.resolve())
    except WarehouseBusy as exc:
        console.print(f"[red]refresh failed:[/red] {exc}")
        raise typer.Exit(EXIT_FAILURE) from exc
    configure_prefect()
    from flows.temporary_api import temporary_api

    try:
        # The API boots in its own process (3-4 s, on the critical path of every refresh with
        # work) while this one checks whether there is any (about 0.5 s) and imports the flow. A
        # refresh with nothing to do stops it unused, before it has finished importing.
        with temporary_api() as api:
            from flows.intake import refresh_if_nothing_changed

            summary = refresh_if_nothing_changed(raw.resolve(), warehouse.resolve(), quality, docs)
            if summary is None:  # there is work: the Prefect flow does it
                from flows.refresh import refresh as refresh_flow

                if dask_address:
                    from flows.scaleout import refresh_on_dask

                    refresh_flow = refresh_on_dask(dask_address)
                with _quality_process(quality):  # its end waits for the Data Docs being written
                    api.wait_until_ready()
                    with api.for_flow_runs():
                        summary = refresh_flow(
                            raw_dir=raw.resolve(),
                            warehouse=warehouse.resolve(),
                            show_progress=progress,
                            quality=quality,
                            strict=strict,
                            docs=docs,
                        )
                    api.stop()  # meanwhile
    except WarehouseBusy as exc:  # raised inside the flow too: another refresh took the lock first
        console.print(f"[red]refresh failed:[/red] {exc}")
        raise typer.Exit(EXIT_FAILURE) from exc
    except Exception as exc:
        console.print(f"[red]refresh failed:[/red] {type(exc).__name__}: {exc}")
        raise typer.Exit(EXIT_FAILURE) from exc

    _print_files(summary)
    _print_quality(summary.quality, summary.quality_error)
    _print_docs(summary)
    if summary.quarantined:
        raise typer.Exit(EXIT_QUARANTINED)
    if strict and (summary.quality_error or (summary.quality and not summary.quality.passed)):
        raise typer.Exit(EXIT_QUALITY)


# What `plans serve` changes in the embedded Prefect defaults: the UI shows task runs and logs.
SERVE_PREFECT = {
    "PREFECT_SERVER_SERVICES_TASK_RUN_RECORDER_ENABLED": "true",
    "PREFECT_LOGGING_TO_API_ENABLED": "true",
    "PREFECT_LOGGING_LEVEL": "INFO",
}


@app.command()
def serve(
    raw: Annotated[
        Path, typer.Option(help="Folder of plan documents (and manifest.csv) to watch.")
    ] = DEFAULTS.raw_dir,
    warehouse: Annotated[Path, typer.Option(help="DuckDB file to keep up to date.")] = DEFAULTS.warehouse,
    every: Annotated[int, typer.Option(help="Seconds between two looks at the raw folder.", min=5)] = 60,
    strict: Annotated[
        bool, typer.Option(help="Quarantine documents their manifest row contradicts.")
    ] = False,
) -> None:
    """Refresh automatically: serve a Prefect deployment that picks up new, changed or removed uploads.

    Every --every seconds a run of the "refresh-on-upload" deployment looks at the raw folder; with
    nothing changed it completes without writing anything, otherwise it refreshes (quality suites
    included). A run that quarantined files ends Failed, with the reasons in its message. Runs,
    task runs and logs are visible in Prefect's UI: point PREFECT_API_URL at a Prefect server
    (`prefect server start`), else a temporary local one is used. Stop with Ctrl+C.
    """
    import os
    from datetime import timedelta

    if not raw.is_dir():
        console.print(f"[red]serve failed:[/red] raw folder not found: {raw}")
        raise typer.Exit(EXIT_FAILURE)
    for key, value in SERVE_PREFECT.items():
        os.environ.setdefault(key, value)
    configure_prefect()
    from prefect import serve as prefect_serve

    from flows.serve import deployment

    console.print(f"serving refresh-on-upload: {raw} -> {warehouse}, every {every} s (Ctrl+C stops)")
    prefect_serve(deployment(raw.resolve(), warehouse.resolve(), timedelta(seconds=every), strict))


def _print_quality(report: QualityReport | None, error: str | None) -> None:
    if error:
        console.print(f"[red]quality suites could not run:[/red] {error}")
    if report is None:
        return
    from plans.summary_lines import contradiction_lines

    colour = "green" if report.passed else "yellow"
    findings = contradiction_lines(report.failures)
    console.print(
        f"[{colour}]quality: {report.evaluated} expectations, {report.failed} failed; "
        f"{report.validated} of {report.documents} documents validated now[/{colour}]"
    )
    console.print(f"Data Docs: {report.docs_index}", markup=False, highlight=False, soft_wrap=True)
    if findings:
        console.print(f"{len(findings)} findings (each once per plan, with the renditions that show it):")
    for line in findings:  # wrapped at spaces, continuation indented: a finding stays one block
        wrapped = textwrap.fill(line, width=max(console.width, 40), subsequent_indent="    ")
        console.print(wrapped, markup=False, highlight=False, soft_wrap=True)


def _print_docs(summary: RefreshSummary) -> None:
    if summary.docs_folder is None:
        return
    if summary.docs_error:
        line = f"data dictionary not written: {summary.docs_error}"
        console.print(line, style="red", markup=False, highlight=False, soft_wrap=True)
        return
    state = "written" if summary.docs_written else "unchanged"
    line = f"data dictionary and quality page ({state}): {summary.docs_folder}"
    console.print(line, markup=False, highlight=False, soft_wrap=True)


def _print_files(summary: RefreshSummary) -> None:
    """One line per file (names whole at any width), reasons indented below, then the counts."""
    from plans.summary_lines import file_lines

    console.print(f"refresh {summary.run_id} -> {summary.warehouse}", markup=False, highlight=False)
    colours = {"quarantined": "red", "skipped": "yellow", "recognised": "cyan", "removed": "yellow"}
    for line in file_lines(summary.files):
        outcome = line.split(" ", 1)[0]
        style = colours.get(outcome, "green") if line[:1] != " " else None
        console.print(line, style=style, markup=False, highlight=False, soft_wrap=not line.startswith(" "))
    console.print(
        f"loaded {summary.count('interpreted', 'recognised')}, unchanged {summary.count('unchanged')}, "
        f"skipped {summary.count('skipped')}, quarantined {summary.count('quarantined')}"
        + (f", removed {summary.count('removed')}" if summary.count("removed") else "")
    )


ReadWarehouse = Annotated[Path, typer.Option(help="DuckDB file to read (opened read-only).")]


@contextmanager
def _exit_if_missing(action: str) -> Iterator[None]:
    """A missing or locked warehouse is the user's next step, not a traceback."""
    import duckdb

    from report.warehouse import WarehouseMissing

    try:
        yield
    except WarehouseMissing as exc:
        console.print(f"[red]{action} failed:[/red] {exc}")
        raise typer.Exit(EXIT_FAILURE) from exc
    except duckdb.IOException as exc:
        if "lock" not in str(exc).lower():
            raise
        console.print(
            f"[red]{action} failed:[/red] the warehouse is open for writing in another process (a "
            f"DuckDB session opened without read_only=True): close it, then run `plans {action}` "
            f"again (refreshes never hold it). DuckDB says: {exc}"
        )
        raise typer.Exit(EXIT_FAILURE) from exc


@app.command("export")
def export_command(
    warehouse: ReadWarehouse = DEFAULTS.warehouse,
    out: Annotated[Path, typer.Option(help="Folder for the files.")] = DEFAULTS.warehouse.parent / "export",
) -> None:
    """Write one Parquet and one CSV file per flat and comparison view (v_*) into the out folder."""
    from report.export import export_views

    with _exit_if_missing("export"):
        written = export_views(warehouse.resolve(), out.resolve())
    table = Table(title=f"export {warehouse} -> {out}")
    for column in ("view", "file", "rows"):
        table.add_column(column)
    for f in written:
        table.add_row(f.view, str(f.path), str(f.rows))
    console.print(table)
    console.print(f"wrote {len(written)} files")


@app.command("report")
def report_command(
    warehouse: ReadWarehouse = DEFAULTS.warehouse,
    out: Annotated[Path, typer.Option(help="HTML file to write.")] = DEFAULTS.warehouse.parent
    / "report.html",
    compare: Annotated[
        tuple[str, str] | None,
        typer.Option(help="Two commune slugs to put side by side first, e.g. --compare tetouan dakhla."),
    ] = None,
) -> None:
    """Write the analysts' report: one self-contained HTML file (open it in any browser, no server)."""
    from report.build import UnknownCommune, build_report

    with _exit_if_missing("report"):
        try:
            path = build_report(warehouse.resolve(), out.resolve(), compare or ())
        except UnknownCommune as exc:
            console.print(f"[red]report failed:[/red] {exc}")
            raise typer.Exit(EXIT_FAILURE) from exc
    console.print(f"wrote {path}")


@app.command("sql")
def sql_command(
    query: Annotated[
        str | None, typer.Argument(help="SQL to run; read from standard input when omitted or '-'.")
    ] = None,
    warehouse: ReadWarehouse = DEFAULTS.warehouse,
    output: Annotated[str, typer.Option("--format", help="Output: table, csv or json.")] = "table",
) -> None:
    """Run a query on the warehouse (opened read-only, with the project's DuckDB 2.x).

    Example: plans sql "SELECT commune, sum(cost_mad) FROM v_activities WHERE is_current GROUP BY 1"
    Tables, views and columns are described in the warehouse itself (duckdb_columns().comment)
    and in the data dictionary written by `plans docs`.
    """
    import sys

    from report.query import OUTPUT_FORMATS, QueryFailed, as_csv, as_json, run_query

    if output not in OUTPUT_FORMATS:
        console.print(f"[red]sql failed:[/red] --format must be one of {', '.join(OUTPUT_FORMATS)}")
        raise typer.Exit(EXIT_FAILURE)
    text = sys.stdin.read() if query in (None, "-") else query
    if not text.strip():
        console.print("[red]sql failed:[/red] no query given (as an argument or on standard input)")
        raise typer.Exit(EXIT_FAILURE)
    with _exit_if_missing("sql"):
        try:
            result = run_query(warehouse.resolve(), text)
        except QueryFailed as exc:
            console.print(f"[red]sql failed:[/red] {exc}")
            raise typer.Exit(EXIT_FAILURE) from exc
    if output == "csv":
        sys.stdout.write(as_csv(result))
    elif output == "json":
        sys.stdout.write(as_json(result))
    else:
        table = Table(*result.columns)
        for row in result.rows:
            table.add_row(*("" if v is None else str(v) for v in row))
        Console().print(table)
        console.print(f"{len(result.rows)} rows")


@app.command("docs")
def docs_command(
    warehouse: ReadWarehouse = DEFAULTS.warehouse,
    out: Annotated[Path, typer.Option(help="Folder for the files.")] = DEFAULTS.warehouse.parent / "docs",
) -> None:
    """Write the data dictionary (every table, view and column; lineage from raw file to view)
    as data_dictionary.md and data_dictionary.html, and the quality results of every run as
    quality.html: offline files with no script."""
    from catalog.docs import write_docs
    from report.warehouse import open_read_only

    with _exit_if_missing("docs"):
        conn = open_read_only(warehouse.resolve())
    try:
        written = write_docs(conn, warehouse.name, out.resolve())
    finally:
        conn.close()
    for path in written:
        console.print(f"wrote {path}")


def _quality_process(quality: bool) -> AbstractContextManager[None]:
    """The refresh's quality phase in a process started now (``flows.quality_process``): Great
    Expectations (3-4 s) imports there while the temporary Prefect API boots, not at the end."""
    if not quality:
        return nullcontext()
    from flows.quality_process import started

    return started()


_exit_code = 0


def run() -> None:
    """The ``plans`` command (pyproject's entry point): ``app``, ended without the interpreter's
    teardown of the ~5000 modules a refresh imports (Prefect, Great Expectations, pandas: 1.5-2.5 s
    after the summary is printed). The exit runs after every other exit handler: by then every
    file and connection is closed, every thread joined and the temporary Prefect API stopped."""
    global _exit_code
    atexit.register(_exit_without_teardown)  # registered first, so run last
    try:
        app()
    except SystemExit as done:
        _exit_code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        raise
    except KeyboardInterrupt:
        _exit_code = 130
        raise
    except BaseException:
        _exit_code = 1
        raise


def _exit_without_teardown() -> None:
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(_exit_code)


if __name__ == "__main__":
    run()
