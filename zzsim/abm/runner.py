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

from ..errors import ModelError
from ..rng import RngLike, spawn_seeds
from .core import simulate_chunk
from .network import TaskNetwork
from .outputs import SimulationResults
from .params import Params, default_config
from .summary import Summaries

__all__ = ["DEFAULT_CHUNK", "open_executor", "run_seeds", "simulate"]

#: replications per unit of work sent to an executor (the array core's batch)
DEFAULT_CHUNK = 64
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
        Processes of the default pool (default: all cores); 1 runs in this process.
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
        Processes of the default pool; 1 runs in this process.
    chunk_size : int
        Replications per chunk.
    progress : bool
        Show a progress bar.

    Returns
    -------
    SimulationResults

    Examples
    --------
    >>> from zzsim.abm import build_network, simulate
    >>> results = simulate(build_network("table2016"), replications=64, rng=1, workers=1,
    ...                    progress=False)
    >>> len(results)
    64
    """
    params = params if params is not None else default_config().params
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
