"""Live monitoring commands: ``sources`` (add, list, remove), ``alerts`` (add, list, remove, test)
and ``watch``. Each parses its arguments, calls :mod:`lagebild.alerts` and turns errors into one line."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape
from rich.table import Table

from ..model import to_dict
from .app import DB_OPTION, JSON_OUT, app, console, err_console, fail, failure_counts, guard, open_archive, print_json

sources_app = typer.Typer(help="Feeds, sitemaps and URL lists that `lagebild watch` polls.", no_args_is_help=True)
alerts_app = typer.Typer(help="Saved queries whose new matches are delivered (webhook, e-mail, Atom file).",
                         no_args_is_help=True)
app.add_typer(sources_app, name="sources")
app.add_typer(alerts_app, name="alerts")


@sources_app.command("add")
@guard
def sources_add(
    url: str = typer.Argument(..., help="The feed (RSS, Atom, JSON Feed), sitemap or URL list to watch."),
    every: str = typer.Option("10m", "--every", help="Poll interval: 30s, 10m, 2h, 1d."),
    kind: Optional[str] = typer.Option(None, "--kind", help="feed, sitemap or urls (sniffed from the content if omitted)."),
    db: Path = DB_OPTION,
) -> None:
    """Watch a source.

    Example: lagebild sources add https://www.example.org/rss.xml --every 10m --db news.db
    """
    from ..alerts.rules import add_source

    with open_archive(db, must_exist=False) as archive:
        source = add_source(archive, url, every=every, kind=kind)
    console.print(f"source {source.id}: {escape(source.url)} ({source.kind or 'kind sniffed on first poll'}, "
                  f"every {source.every:g} s)", highlight=False)


@sources_app.command("list")
@guard
def sources_list(db: Path = DB_OPTION, as_json: bool = JSON_OUT) -> None:
    """Show the watched sources, their schedule and last error.

    Example: lagebild sources list --db news.db
    """
    from ..alerts.rules import list_sources

    with open_archive(db) as archive:
        sources = list_sources(archive)
    if as_json:
        print_json([to_dict(s) for s in sources])
        return
    if not sources:
        console.print("no sources (add one with `lagebild sources add URL`)")
        return
    table = Table(highlight=False)
    for col in ("id", "url", "kind", "every", "last polled", "last error"):
        table.add_column(col, overflow="fold")
    for s in sources:
        table.add_row(str(s.id), escape(s.url), s.kind or "?", f"{s.every:g} s", s.last_polled or "never",
                      escape(s.last_error or ""))
    console.print(table)


@sources_app.command("remove")
@guard
def sources_remove(ident: str = typer.Argument(..., help="The source's id or URL."), db: Path = DB_OPTION) -> None:
    """Stop watching a source.

    Example: lagebild sources remove 3 --db news.db
    """
    from ..alerts.rules import remove_source

    with open_archive(db) as archive:
        source = remove_source(archive, ident)
    console.print(f"removed source {source.id}: {escape(source.url)}", highlight=False)


@alerts_app.command("add")
@guard
def alerts_add(
    name: str = typer.Argument(..., help="A short name: letters, digits, '.', '-', '_'."),
    query: str = typer.Argument(..., help='A query as for `lagebild search`: words, "phrases", AND/OR/NOT, Tür* prefixes, fields.'),
    webhook: Optional[str] = typer.Option(None, "--webhook", help="POST each match as signed JSON to this URL."),
    email: Optional[str] = typer.Option(None, "--email", help="Mail each match to this address (SMTP from LAGEBILD_SMTP_*)."),
    atom: Optional[str] = typer.Option(None, "--atom", help="Keep an Atom feed of the matches under this name "
                                       "(file <atom_dir>/NAME.xml, LAGEBILD_ATOM_DIR; served by serve at /feeds/NAME)."),
    secret: Optional[str] = typer.Option(None, "--secret", help="HMAC key for X-Lagebild-Signature (random if omitted)."),
    db: Path = DB_OPTION,
) -> None:
    """Save a query; `lagebild watch` delivers every new article it matches.

    Example: lagebild alerts add klima 'Klimagesetz OR "Klimaschutz" -Sport' --webhook https://hooks.example.org/lb
    """
    from ..alerts.rules import add_alert, new_alert

    given = [(c, t) for c, t in (("webhook", webhook), ("email", email), ("atom", str(atom) if atom else None)) if t]
    if len(given) != 1:
        fail("give exactly one destination: --webhook URL, --email ADDRESS or --atom NAME")
    (channel, target), = given
    alert = new_alert(name, query, channel, target, secret=secret)
    with open_archive(db, must_exist=False) as archive:
        alert = add_alert(archive, alert)
    console.print(f"alert {escape(alert.name)}: {escape(alert.query)} → {alert.channel} {escape(alert.target)}",
                  highlight=False)
    if alert.channel == "webhook" and not secret:
        console.print(f"webhook secret (HMAC-SHA256 key): {alert.secret}", highlight=False)


@alerts_app.command("list")
@guard
def alerts_list(db: Path = DB_OPTION, as_json: bool = JSON_OUT) -> None:
    """Show the saved alerts.

    Example: lagebild alerts list --db news.db
    """
    from ..alerts.rules import list_alerts

    with open_archive(db) as archive:
        alerts = list_alerts(archive)
    if as_json:
        records = [{k: v for k, v in to_dict(a).items() if k != "secret"} for a in alerts]
        print_json(records)
        return
    if not alerts:
        console.print("no alerts (add one with `lagebild alerts add NAME QUERY --webhook URL`)")
        return
    table = Table(highlight=False)
    for col in ("name", "query", "channel", "target", "created"):
        table.add_column(col, overflow="fold")
    for a in alerts:
        table.add_row(escape(a.name), escape(a.query), a.channel, escape(a.target), a.created or "")
    console.print(table)


@alerts_app.command("remove")
@guard
def alerts_remove(name: str = typer.Argument(...), db: Path = DB_OPTION) -> None:
    """Delete a saved alert and its undelivered matches.

    Example: lagebild alerts remove klima --db news.db
    """
    from ..alerts.rules import remove_alert

    with open_archive(db) as archive:
        remove_alert(archive, name)
    console.print(f"removed alert {escape(name)}", highlight=False)


@alerts_app.command("test")
@guard
def alerts_test(name: str = typer.Argument(...), limit: int = typer.Option(20, "--limit"),
                db: Path = DB_OPTION, as_json: bool = JSON_OUT) -> None:
    """Show which archived articles the alert's query matches now (nothing is delivered).

    Example: lagebild alerts test klima --db news.db
    """
    from ..alerts.rules import test_alert

    with open_archive(db) as archive:
        hits = test_alert(archive, name, limit=limit)
    if as_json:
        print_json([to_dict(h) for h in hits])
        return
    if not hits:
        console.print("no archived article matches")
        return
    for hit in hits:
        console.print(f"{hit.id}\t{(hit.published or '')[:10]}\t{escape(hit.title or '(untitled)')}\t{escape(hit.url or '')}",
                      highlight=False)


@app.command()
@guard
def watch(
    once: bool = typer.Option(False, "--once", help="One pass over the due sources, then exit (for cron)."),
    allow_private: bool = typer.Option(False, "--allow-private", help="Also fetch private, loopback and link-local addresses."),
    no_enrich: bool = typer.Option(False, "--no-enrich", help="Skip entities and quotes (faster; entity: alerts then match nothing new)."),
    db: Path = DB_OPTION,
) -> None:
    """Poll the sources, archive new articles and deliver alerts, until Ctrl-C / SIGTERM.

    Example: lagebild watch --db news.db        (or from cron: lagebild watch --once --db news.db)
    """
    from ..watch import Watcher

    def line(message: str) -> None:
        err_console.print(escape(message), highlight=False, soft_wrap=True)

    with open_archive(db, must_exist=False) as archive:
        watcher = Watcher(archive, allow_private=allow_private, log=line, enrich=not no_enrich)
        previous = {sig: signal.signal(sig, lambda *_: watcher.stop()) for sig in (signal.SIGINT, signal.SIGTERM)}
        line(f"watching {len(watcher.monitor.sources())} sources and {len(watcher.monitor.alerts())} alerts in {db}"
             + ("" if once else " (Ctrl-C or SIGTERM stops after the current article)"))
        if not once and watcher.monitor.sources():  # a long watch loads its models now, not inside the
            from .._pool import warm  # first new article's latency (a signal meanwhile stops it after loading)

            warm(watcher.settings)
        try:
            report = watcher.run(once=once)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            watcher.close()
    line = (f"sources {report.sources} · stored {report.stored} · duplicate {report.duplicate} · "
            f"failed {report.failed} · matched {report.matched} · delivered {report.delivered} · "
            f"pending {report.deferred}")
    console.print(line + failure_counts(report), highlight=False)
    raise typer.Exit(1 if report.failed else 0)  # like ingest: something failed (each said in its line)
