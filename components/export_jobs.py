"""Exports run in a small worker pool, outside the page's script thread, and wait there for their download.

A Streamlit rerun stops the script thread at its next Streamlit call (``StopException``): an export made
in the script itself is lost whenever a rerun starts while it renders, and the page makes such reruns
itself. Here the script only *asks* (a button callback submits a job and keeps its id in session state);
the job renders in one of :data:`WORKERS` threads that no rerun can stop, and every later run of the page
finds it by id, waits for it with a progress bar, and offers its file.

The pool bounds what exports can cost the server: at most :data:`WORKERS` render at a time (each bounded
by the size cap of the export panel), at most :data:`MAX_QUEUED` wait, and finished files are held for
their download only: :data:`RESULT_TTL_S` after they were made, :data:`DOWNLOADED_TTL_S` after their first
download through :meth:`ExportPool.payload`, and never more than :data:`RESULT_MAX_BYTES` together (the oldest
go first). A session holds the job's id; its download button shares the pool's bytes object until the
session's next run without it, or until Streamlit drops the closed session (``server.disconnectedSessionTTL``).
"""

from __future__ import annotations

import itertools
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from streamlit.logger import get_logger

from geo.errors import GeoDataError

WORKERS = 2  # the machine has 2 cores; more parallel renders only share them and add memory
MAX_QUEUED = 40  # jobs waiting or running; a request beyond it is refused with "busy", never silently queued
RESULT_TTL_S = 600.0
DOWNLOADED_TTL_S = 120.0
RESULT_MAX_BYTES = 256 * 1024 * 1024
_LOG = get_logger("yreb")


@dataclass
class Progress:
    """What a running job reports: ``done`` of ``total`` steps and the current step's name (for a bundle)."""

    done: int = 0
    total: int = 0
    step: str = ""

    def __call__(self, done: int, total: int, step: str = "") -> None:
        self.done, self.total, self.step = done, total, step


@dataclass
class Job:
    """One export request: what it is, where it stands, and (once done) its file or its error."""

    id: str
    signature: tuple
    kind: str  # the format id, or "all"
    submitted: float
    seq: int
    progress: Progress = field(default_factory=Progress)
    started: float | None = None
    finished: float | None = None
    downloaded: float | None = None
    result: tuple[bytes, str, str] | None = None  # (payload, mime, file name)
    error: str | None = None  # a message for the user
    failure_ref: str | None = None  # an unexpected failure: the reference of its logged traceback
    future: Future | None = None

    @property
    def done(self) -> bool:
        return self.finished is not None

    @property
    def size(self) -> int:
        return len(self.result[0]) if self.result else 0


class ExportPool:
    """A bounded thread pool for exports and the store of their finished files (thread-safe)."""

    def __init__(self, workers: int = WORKERS, max_queued: int = MAX_QUEUED, ttl: float = RESULT_TTL_S,
                 downloaded_ttl: float = DOWNLOADED_TTL_S, max_bytes: int = RESULT_MAX_BYTES):  # fmt: skip
        self.workers, self.max_queued = workers, max_queued
        self.ttl, self.downloaded_ttl, self.max_bytes = ttl, downloaded_ttl, max_bytes
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="yreb-export")
        self._jobs: OrderedDict[str, Job] = OrderedDict()  # submission order
        self._lock = threading.Lock()
        self._seq = itertools.count()
        self._durations: dict[str, float] = {}  # typical seconds per kind, for the progress bar

    # ------------------------------------------------------------------ requests

    def submit(self, signature: tuple, kind: str, render: Callable[[Progress], tuple[bytes, str, str]],
               replaces: str | None = None) -> Job | None:  # fmt: skip
        """Queue ``render`` (called in a worker with a :class:`Progress`); None when the pool is full.

        ``replaces`` is the id of the session's previous job: if it is the same request it is returned as
        it is (a double click makes one file), otherwise it is cancelled if it has not started.
        """
        with self._lock:
            self._expire()
            previous = self._jobs.get(replaces) if replaces else None
            if previous is not None and previous.signature == signature and previous.error is None:
                return previous
            if previous is not None:
                self._drop(previous)
            if sum(1 for j in self._jobs.values() if not j.done) >= self.max_queued:
                return None
            job = Job(secrets.token_hex(8), signature, kind, time.monotonic(), next(self._seq))
            self._jobs[job.id] = job
        job.future = self._executor.submit(self._run, job, render)
        return job

    def _run(self, job: Job, render) -> None:
        job.started = time.monotonic()
        try:
            payload, mime, name = render(job.progress)
            job.result = (payload, mime, name)
        except (GeoDataError, ValueError) as exc:  # bad options or data: the message says which
            job.error = str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__
        except Exception:  # noqa: BLE001 - a bug must not vanish in a thread: logged with a reference for the user
            job.failure_ref = secrets.token_hex(4)
            _LOG.exception("yreb: export failed (ref %s, %s)", job.failure_ref, job.kind)
        finally:
            job.finished = time.monotonic()
            with self._lock:
                if job.result is not None:
                    seconds = job.finished - job.started
                    old = self._durations.get(job.kind)
                    self._durations[job.kind] = seconds if old is None else 0.7 * old + 0.3 * seconds
                self._evict_over_size()

    # ------------------------------------------------------------------ what a page asks

    def get(self, job_id: str | None) -> Job | None:
        """The job, or None when it was never made, was dropped, or its file has expired."""
        if not job_id:
            return None
        with self._lock:
            self._expire()
            return self._jobs.get(job_id)

    def ahead(self, job: Job) -> int:
        """How many jobs wait before this one for a free worker (0 once it runs)."""
        if job.started is not None:
            return 0
        with self._lock:
            waiting = [j for j in self._jobs.values() if j.started is None and not j.done]
        return sum(1 for j in waiting if j.seq < job.seq)

    def expected_seconds(self, kind: str) -> float | None:
        """How long a job of this kind took lately (None before the first one)."""
        return self._durations.get(kind)

    def payload(self, job_id: str) -> bytes:
        """The finished file, for its download (which starts the shorter, after-download lifetime)."""
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None or job.result is None:
                raise LookupError("this export is no longer kept on the server: prepare it again")
            if job.downloaded is None:
                job.downloaded = time.monotonic()
            self._jobs.move_to_end(job_id)
            return job.result[0]

    def discard(self, job_id: str | None) -> None:
        """Forget a job the page no longer offers (cancelled if it has not started)."""
        with self._lock:
            job = self._jobs.get(job_id) if job_id else None
            if job is not None:
                self._drop(job)

    def held_bytes(self) -> int:
        """Bytes of finished files held now."""
        with self._lock:
            return sum(j.size for j in self._jobs.values())

    # ------------------------------------------------------------------ bounds (called with the lock held)

    def _drop(self, job: Job) -> None:
        if job.future is not None and not job.done:
            job.future.cancel()  # only a job that has not started can be cancelled; a running one finishes
        if job.done or (job.future is not None and job.future.cancelled()):
            self._jobs.pop(job.id, None)
        else:
            job.signature = ("discarded",)  # no page offers it; it is dropped when it finishes

    def _expire(self) -> None:
        now = time.monotonic()
        for job in list(self._jobs.values()):
            discarded = job.signature == ("discarded",) and job.done
            downloaded = job.downloaded is not None and now - job.downloaded > self.downloaded_ttl
            if discarded or downloaded or (job.done and now - job.finished > self.ttl):
                self._jobs.pop(job.id, None)

    def _evict_over_size(self) -> None:
        self._expire()
        total = sum(j.size for j in self._jobs.values())
        for job in list(self._jobs.values()):  # oldest first
            if total <= self.max_bytes:
                break
            if job.result is not None:
                total -= job.size
                self._jobs.pop(job.id, None)


POOL = ExportPool()

__all__ = ["POOL", "WORKERS", "ExportPool", "Job", "Progress"]
