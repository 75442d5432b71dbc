"""Replications of the task ABM on any executor.

:func:`simulate` spawns one seed per replication from ``np.random.SeedSequence(root)``,
cuts them into chunks, runs each chunk with the array core on an executor and joins the
compact per-run summaries in replication order. Because a replication depends only on its
seed, the result is identical whether the chunks ran in this process, in a local process
pool (the default), or on a ``dask.distributed`` cluster (pass its ``Client``).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from typing import Any

import numpy as np
from tqdm.auto import tqdm

from .._memory import available_memory
from ..errors import ModelError
from ..rng import RngLike, spawn_seeds
from .core import simulate_chunk
from .network import TaskNetwork
from .outputs import SimulationResults
from .params import Params, default_config
from .summary import Summaries

__all__ = [
    "DEFAULT_CHUNK",
    "check_memory",
    "memory_needed",
    "open_executor",
    "run_seeds",
    "simulate",
]

#: replications per unit of work sent to an executor (the array core's batch)
DEFAULT_CHUNK = 128
#: up to this many replications, ``workers=None`` runs in this process: starting a pool of
#: spawned processes (each imports zzsim) costs more than it saves
IN_PROCESS = 2048
#: bytes a replication's seed (a numpy SeedSequence) takes, measured on numpy 2
_SEED_BYTES = 700
#: start method of the default pool: "spawn" is safe with threads and is what Mesa sets
#: process-wide anyway; scripts that use the pool need the ``if __name__ == "__main__":`` idiom
_START_METHOD = "spawn"


@contextmanager
def open_executor(executor: Any, workers: int | None) -> Iterator[Executor | None]:
    """Yield the executor to run chunks on, opening a local process pool if needed.

    Parameters
    ----------
    executor : concurrent.futures.Executor, dask.distributed.Client or None
        Used as given (a dask Client through its ``get_executor()``).
    workers : int or None
        Without an executor: 1 yields None (run in this process), otherwise a
        ``ProcessPoolExecutor`` with that many processes (default: all cores) is opened and
        shut down on exit. Its processes are spawned, so a script that uses it must guard
        its entry point with ``if __name__ == "__main__":``.

    Yields
    ------
    concurrent.futures.Executor or None

    Raises
    ------
    ModelError
        If ``executor`` is neither an Executor nor a dask Client.
    """
    if executor is not None:
        if isinstance(executor, Executor):
            yield executor
        elif callable(getattr(executor, "get_executor", None)):  # dask.distributed.Client
            yield executor.get_executor()
        else:
            raise ModelError(
                f"executor must be a concurrent.futures.Executor or a dask.distributed.Client, "
                f"got {type(executor).__name__}"
            )
    elif workers == 1:
        yield None
    else:
        context = multiprocessing.get_context(_START_METHOD)
        with ProcessPoolExecutor(max_workers=workers or os.cpu_count(), mp_context=context) as pool:
            yield pool


def memory_needed(
    network: TaskNetwork, params: Params, replications: int, chunk_size: int = DEFAULT_CHUNK
) -> int:
    """Return an estimate of the bytes that ``replications`` simulated years hold.

    The per-run summaries (the weekly backlog of every agency dominates), the seeds, and
    the working arrays of one chunk (the weeks × items exception draws dominate) - before
    anything is allocated.

    Parameters
    ----------
    network : TaskNetwork
    params : Params
    replications : int
    chunk_size : int

    Returns
    -------
    int
    """
    tasks, agencies, weeks = network.n_tasks, network.n_agencies, params.weeks
    items = tasks + (network.portfolio.count if network.portfolio is not None else 0)
    per_run = tasks * (2 + 8 + 2) + 8 * (8 + 2 * agencies + 1) + 4 * weeks * agencies + _SEED_BYTES
    # exception draws, item state and temporaries; up to five clearance pairs per item
    per_chunk_run = 8 * items * (weeks + 80) + 96 * 5 * items
    return replications * per_run + min(replications, chunk_size) * per_chunk_run


def check_memory(
    network: TaskNetwork, params: Params, replications: int, chunk_size: int = DEFAULT_CHUNK
) -> None:
    """Refuse a run whose summaries would not fit in memory, before anything is allocated.

    Parameters
    ----------
    network : TaskNetwork
    params : Params
    replications : int
        Simulated years held at once (all variants of a comparison).
    chunk_size : int

    Raises
    ------
    ModelError
        If the estimate of :func:`memory_needed` exceeds the memory available now, with
        both figures in the message.
    """
    needed = memory_needed(network, params, replications, chunk_size)
    available = available_memory()
    if available is not None and needed > available:
        per_run = needed / max(replications, 1)
        raise ModelError(
            f"{replications} replications need about {_size(needed)} "
            f"({_size(per_run)} per simulated year); {_size(available)} of memory is "
            "available - use fewer replications"
        )


def _size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if n < 1024 or unit == "TB":
            return f"{n:.1f} {unit}" if unit != "B" else f"{n:.0f} B"
        n /= 1024
    return f"{n:.1f} TB"  # pragma: no cover - the loop returns


def run_seeds(
    network: TaskNetwork,
    params: Params,
    seeds: Sequence[np.random.SeedSequence],
    *,
    executor: Any = None,
    workers: int | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    progress: bool = False,
    desc: str = "replications",
) -> Summaries:
    """Run one replication per seed and return their summaries in seed order.

    Parameters
    ----------
    network : TaskNetwork
    params : Params
    seeds : sequence of SeedSequence
        One per replication (see :func:`zzsim.rng.spawn_seeds`).
    executor : concurrent.futures.Executor or dask.distributed.Client, optional
        Where the chunks run. Default: a local ``ProcessPoolExecutor`` with ``workers``
        processes, or this process if ``workers == 1``.
    workers : int, optional
        Processes of the default pool; 1 runs in this process. Default: this process up
        to ``IN_PROCESS`` replications, else all cores.
    chunk_size : int
        Replications per chunk.
    progress : bool
        Show a progress bar (tqdm).
    desc : str
        Label of the progress bar.

    Returns
    -------
    Summaries

    Raises
    ------
    ModelError
        If there are no seeds, the chunk size is not positive or the executor is of an
        unknown kind.
    """
    if not seeds:
        raise ModelError("no replications to run: give at least one seed")
    if chunk_size < 1:
        raise ModelError(f"chunk_size must be >= 1, got {chunk_size}")
    if workers is None and executor is None and len(seeds) <= IN_PROCESS:
        workers = 1
    chunks = [list(seeds[i : i + chunk_size]) for i in range(0, len(seeds), chunk_size)]
    parts: list[Summaries | None] = [None] * len(chunks)
    with (
        tqdm(total=len(seeds), desc=desc, unit="run", disable=not progress) as bar,
        open_executor(executor, workers) as pool,
    ):
        if pool is None:
            for i, chunk in enumerate(chunks):
                parts[i] = simulate_chunk(network, params, chunk)
                bar.update(len(chunk))
        else:
            futures: dict[Future[Summaries], int] = {
                pool.submit(simulate_chunk, network, params, chunk): i
                for i, chunk in enumerate(chunks)
            }
            for future in as_completed(futures):
                i = futures[future]
                parts[i] = future.result()
                bar.update(len(chunks[i]))
    return Summaries.concat([p for p in parts if p is not None])


def simulate(
    network: TaskNetwork,
    params: Params | None = None,
    *,
    replications: int = 1000,
    rng: RngLike = None,
    executor: Any = None,
    workers: int | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    progress: bool = True,
) -> SimulationResults:
    """Simulate the year of a task table many times.

    Parameters
    ----------
    network : TaskNetwork
        From :func:`zzsim.abm.build_network`.
    params : Params, optional
        Default: those of ``params.yaml``.
    replications : int
        Number of simulated years.
    rng : int, SeedSequence or Generator, optional
        Root of the replications' seeds (``SeedSequence(root).spawn(replications)``).
    executor : concurrent.futures.Executor or dask.distributed.Client, optional
        See :func:`run_seeds`.
    workers : int, optional
        Processes of the default pool; 1 runs in this process; default as in
        :func:`run_seeds`.
    chunk_size : int
        Replications per chunk.
    progress : bool
        Show a progress bar.

    Returns
    -------
    SimulationResults

    Raises
    ------
    ModelError
        If the replications would not fit in memory (checked before anything is
        allocated, see :func:`check_memory`).

    Examples
    --------
    >>> from zzsim.abm import build_network, simulate
    >>> results = simulate(build_network("table2016"), replications=64, rng=1, workers=1,
    ...                    progress=False)
    >>> len(results)
    64
    """
    params = params if params is not None else default_config().params
    check_memory(network, params, replications, chunk_size)
    seeds = spawn_seeds(rng, replications)
    summaries = run_seeds(
        network,
        params,
        seeds,
        executor=executor,
        workers=workers,
        chunk_size=chunk_size,
        progress=progress,
        desc=f"{network.table} replications",
    )
    return SimulationResults(
        network=network, params=params, seeds=tuple(seeds), summaries=summaries
    )
