"""``merge`` into PostgreSQL on both cores: each committed batch is linked to its near-duplicates and
stories by a second process while this one stores the next batch.

Storing a batch is this process's Python (rows, identities) and the server's work (COPY, triggers,
indexes) in turn; linking one is Python almost alone (:func:`lagebild.stories.link_many`: ~2 ms per
real article). One after the other they use about one core; side by side, the linking of batch k
runs on the other core while batch k + 1 is stored. The linking process runs the same code as
``ingest`` (an :class:`lagebild.Ingest` over a story store of its own connection: ``link_many``,
article by article when that fails, each failure counted), in the same order, one batch after the
other — the stories read by batch k + 1's linking are those batch k's linking wrote, as in one
process. What storing and linking write is disjoint (articles and their children; story tables and
the articles' two story links), and the articles a batch links are committed before it is handed
over, so each batch's rows are those of one process doing both in turn.

Writers serialise through advisory locks (:mod:`lagebild.archive.pg.archive`): while the linking
process runs, this archive's storing transactions take the writers' lock only and the linking
process's take the stories' lock only; any other writer (``ingest`` or ``watch`` beside the merge)
takes both, so it still waits for either. If the linking process dies or fails (one line from it is
logged), what it had not confirmed and every later batch are linked here, at once, as without it
(linking is idempotent: what it wrote stays). It is started by ``spawn``: the child imports the main
module again, so a script calling ``merge`` needs an ``if __name__ == "__main__":`` guard; without one,
the child's ``merge`` stops at once with one line saying so (:func:`refuse_bootstrapping`).
"""

from __future__ import annotations

import contextlib
import logging
from collections import Counter
from collections.abc import Iterator

log = logging.getLogger("lagebild")

POLL = 1.0  # seconds between looks at whether a silent linking process is still alive
DEPTH = 2  # batches handed over and not confirmed: memory for two batches, and the store never waits
# for a linking that keeps pace (it takes about a third of a store's time per batch)


class Linker:
    """The linking process of one merge (see the module's doc). ``here(batches)`` links batches in
    this process: it is called once, when the process is gone, with what it had not confirmed."""

    def __init__(self, url: str, settings, here, timeout: float = 5.0, lock_wait: float | None = None) -> None:
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")  # this process runs threads (reading ahead, tsvectors)
        self._pipe, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve, args=(child, url, settings.to_dict(), timeout, lock_wait),
                                 name="lagebild-merge-link", daemon=True)
        try:
            self._proc.start()
        finally:
            child.close()
        self._here = here
        self._sent: list[tuple[list, list]] = []  # (articles, parts) handed over, not confirmed yet
        self.failures: Counter[str] = Counter()
        self._dead = False

    def link(self, articles: list, parts: list) -> None:
        """Hand a committed batch over (``Ingest.link_with``)."""
        if self._dead:
            self._here([(articles, parts)])
            return
        try:
            self._pipe.send([(_slim(a, p), p) for a, p in zip(articles, parts)])
        except (OSError, EOFError, ValueError) as exc:
            self._died(type(exc).__name__, [(articles, parts)])
            return
        self._sent.append((articles, parts))
        while len(self._sent) > DEPTH and self._confirm():
            pass

    def _confirm(self) -> bool:
        """Wait for the oldest batch's links; False when the process is gone or failed."""
        try:
            while not self._pipe.poll(POLL):  # a process killed without a word leaves the pipe open here
                if not self._proc.is_alive() and not self._pipe.poll(0):
                    self._died("it exited")
                    return False
            answer = self._pipe.recv()
        except (OSError, EOFError) as exc:
            self._died(type(exc).__name__)
            return False
        if isinstance(answer, str):  # its one line on why it stopped
            self._died(answer)
            return False
        links, failures = answer
        articles, _parts = self._sent.pop(0)
        for article, link in zip(articles, links):
            if link is not None:
                article.duplicate_of, article.story_id = link
        self.failures.update(failures)
        return True

    def _died(self, why: str, more: list | None = None) -> None:
        log.warning("merge: the linking process stopped (%s); linking the rest here", why)
        self._dead = True
        left, self._sent = self._sent + (more or []), []
        self._here(left)

    def close(self) -> None:
        """Wait for every batch handed over, then stop the process."""
        while self._sent and self._confirm():
            pass
        self.stop(30)

    def stop(self, wait: float = 0) -> None:
        """Stop the process (what it did not confirm stays unlinked: the next merge links it)."""
        try:
            if not self._dead:
                self._pipe.send(None)
        except (OSError, ValueError):
            pass
        self._proc.join(wait)
        if self._proc.is_alive():
            self._proc.terminate()
            self._proc.join()
        self._pipe.close()


def _slim(article, part: dict):
    """What linking reads of ``article`` when its worker made the rest (its embedding and features):
    its id, and its title for a story's label; the whole article otherwise. Pickling a whole real
    article costs ~0.35 ms here and ~0.2 ms there, about a fifth of linking it."""
    if "prepared" not in part or "vector" not in part:
        return article
    from ..model import Article

    return Article(title=article.title, url=article.url, id=article.id)


def refuse_bootstrapping() -> None:
    """Stop a ``merge`` that runs while a spawned process imports the main module (a script without an
    ``if __name__ == "__main__":`` guard): it would merge again, and link nothing."""
    import multiprocessing

    if getattr(multiprocessing.current_process(), "_inheriting", False):  # what multiprocessing itself checks
        raise SystemExit("lagebild merge: called while a child process imports the main module; "
                         "guard the script's merge with `if __name__ == \"__main__\":`")


@contextlib.contextmanager
def linking(archive, run) -> Iterator[None]:
    """Around ``run.feed`` of a merge: link its batches in a second process when ``archive`` can give
    one a story store of its own (PostgreSQL) and one can be started, else in this one as ``ingest`` does."""
    import multiprocessing

    if getattr(archive, "story_writer", None) is None or archive.readonly \
            or multiprocessing.parent_process() is not None:  # a child's merge: links in turn
        yield
        return

    def here(batches: list) -> None:
        archive.stories_elsewhere, run.link_with = False, None
        _forget_stories(archive)
        for articles, parts in batches:
            for article, part in zip(articles, parts):
                run.given(article, **part)
            run._link_all(articles)

    try:
        linker = Linker(archive.path.url, run.settings, here, archive.timeout, archive.lock_wait)
    except Exception as exc:  # noqa: BLE001 - no second process: linked in turn
        log.warning("merge: no linking process (%s); linking in turn", exc)
        yield
        return
    archive.stories_elsewhere, run.link_with = True, linker.link
    try:
        yield
    except BaseException:
        linker.stop()  # no more linking on the way out: the next merge links what is left (link_unlinked)
        raise
    else:
        linker.close()
    finally:
        archive.stories_elsewhere, run.link_with = False, None
        _forget_stories(archive)
        run.links.update(linker.failures)


def _forget_stories(archive) -> None:
    """This process's story index over ``archive`` caches stories; the linking process changed them."""
    from .. import stories

    store = getattr(archive, "_story_store", None)
    if store is not None:
        stories._indexes.pop(store, None)


def _serve(pipe, url: str, settings: dict, timeout: float, lock_wait: float | None = None) -> None:
    """The linking process: an Ingest over a story store of its own, linking each batch it is given.
    Whatever stops it is one line down the pipe (the merging process logs it), never a traceback."""
    try:
        _link_batches(pipe, url, settings, timeout, lock_wait)
    except (KeyboardInterrupt, EOFError, BrokenPipeError):  # Ctrl-C reaches both processes; the merge is gone
        pass
    except Exception as exc:  # noqa: BLE001 - said to the merging process, which links the rest itself
        try:
            pipe.send(f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:300])
        except (OSError, ValueError):
            pass


def _link_batches(pipe, url: str, settings: dict, timeout: float, lock_wait: float | None) -> None:
    from types import SimpleNamespace

    from .._ingest import Ingest
    from ..archive.pg.archive import story_writer
    from .._pool import set_threads
    from ..settings import Settings
    from .collector import rare_full_collections

    settings = Settings.from_dict(settings)
    # the threads the merging process runs with (its Ingest.feed sets them): the stories' vector products
    # come out the same, and BLAS does not spin a second thread against the merge (m18: 0.4 → 8-18 ms each)
    set_threads(max(1, settings.ingest.threads))
    store = story_writer(url, timeout, lock_wait)
    run = Ingest(SimpleNamespace(story_store=store), settings)
    try:
        with rare_full_collections():  # as the merging process feeds: the collector's full passes kept rare
            while (batch := pipe.recv()) is not None:
                before = Counter(run.links)
                for article, part in batch:
                    run.given(article, **part)
                run._link_all([a for a, _ in batch])
                pipe.send(([(a.duplicate_of, a.story_id) if a.story_id is not None else None for a, _ in batch],
                           dict(Counter(run.links) - before)))
    finally:
        store.conn.close()


__all__ = ["Linker", "linking", "refuse_bootstrapping"]
