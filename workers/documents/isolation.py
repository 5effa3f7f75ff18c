"""Reading an upload in a child process under a memory and a time limit.

The parsers trust what a file says about itself: a 1.4 kB .xlsx whose one cell sits at XFD1048576
made openpyxl walk 17 billion cells and reach 4 GiB; a .docx whose zip entry lies about its size
grew to 2.1 GiB; a 3.2 MB .docx within every size limit ran past the job timeout, so the job was
handed out again and again. Screening cannot see any of that before parsing, so the parse runs in
a child process: its address space is capped (``RLIMIT_AS``), it is killed when its time is up,
and either becomes an :class:`~workers.documents.reading.UnreadableDocument` naming the file and
the limit. The worker process, its gRPC channel and its other jobs never feel it.

Children are forked from a ``forkserver`` that has the parsers imported already: forking the
worker itself would copy its gRPC threads, and spawning would import the parsers for each file.
"""

from __future__ import annotations

import multiprocessing
import resource
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, TypeVar

T = TypeVar("T")

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["workers.documents.reading"])


@dataclass(frozen=True)
class Limits:
    memory_bytes: int
    seconds: float


class LimitExceeded(Exception):
    """The child ran out of memory or time (``what`` says which), or died."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


def run_limited(function: Callable[..., T], args: tuple[Any, ...], limits: Limits) -> T:
    """``function(*args)`` in a child under ``limits``: its result, or its exception re-raised here.

    ``function`` and its arguments must be picklable (a module-level function, plain data)."""
    receiving, sending = _CONTEXT.Pipe(duplex=False)
    child = _CONTEXT.Process(target=_child, args=(sending, function, args, limits.memory_bytes), daemon=True)
    child.start()
    sending.close()
    try:
        if not receiving.poll(limits.seconds):
            raise LimitExceeded(f"时间 {limits.seconds:g} 秒")
        try:
            outcome, value = receiving.recv()
        except EOFError:  # the child died before it could answer (killed by the system, crashed)
            child.join()
            raise LimitExceeded(
                f"内存 {_mib(limits.memory_bytes)}（读取进程异常退出，退出码 {child.exitcode}）"
            ) from None
    finally:
        receiving.close()
        if child.is_alive():
            child.kill()
        child.join()
    if outcome == "memory":
        raise LimitExceeded(f"内存 {_mib(limits.memory_bytes)}")
    if outcome == "raised":
        raise value
    result: T = value
    return result


def _child(
    sending: Connection, function: Callable[..., Any], args: tuple[Any, ...], memory_bytes: int
) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    try:
        sending.send(("returned", function(*args)))
    except MemoryError:
        sending.send(("memory", None))
    except Exception as exc:  # handed to the parent, which decides what it means
        try:
            sending.send(("raised", exc))
        except Exception:  # an exception that does not pickle travels as its text
            sending.send(("raised", RuntimeError(f"{type(exc).__name__}: {exc}")))
    finally:
        sending.close()


def _mib(size: int) -> str:
    return f"{size // (1024 * 1024)} MiB"
