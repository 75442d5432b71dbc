"""The replication runner: stable order, identical results on any executor."""

from __future__ import annotations

import dataclasses
import multiprocessing
import tracemalloc
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import distributed
import numpy as np
import pytest

from zzsim.abm import simulate
from zzsim.abm.params import default_config
from zzsim.abm.runner import check_memory, memory_needed, run_seeds
from zzsim.abm.summary import Summaries
from zzsim.errors import ModelError
from zzsim.rng import spawn_seeds

PARAMS = default_config().params


def assert_same(a: Summaries, b: Summaries) -> None:
    for field in dataclasses.fields(Summaries):
        np.testing.assert_array_equal(
            getattr(a, field.name), getattr(b, field.name), err_msg=field.name
        )


def test_chunking_and_order_do_not_change_results(abm_net2016):
    seeds = spawn_seeds(42, 20)
    whole = run_seeds(abm_net2016, PARAMS, seeds, workers=1, chunk_size=20)
    assert len(whole) == 20
    assert_same(whole, run_seeds(abm_net2016, PARAMS, seeds, workers=1, chunk_size=3))
    # a replication depends on its own seed only
    assert_same(whole.take(7), run_seeds(abm_net2016, PARAMS, seeds[7:8], workers=1))
    with ThreadPoolExecutor(max_workers=3) as pool:
        assert_same(whole, run_seeds(abm_net2016, PARAMS, seeds, executor=pool, chunk_size=4))


def test_process_pool_and_dask_give_identical_results(abm_net2008):
    inline = simulate(abm_net2008, replications=24, rng=7, workers=1, chunk_size=5, progress=False)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        pooled = simulate(
            abm_net2008, replications=24, rng=7, executor=pool, chunk_size=5, progress=False
        )
    with (
        distributed.LocalCluster(
            n_workers=1, processes=False, threads_per_worker=2, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        on_dask = simulate(
            abm_net2008, replications=24, rng=7, executor=client, chunk_size=5, progress=False
        )
    assert_same(inline.summaries, pooled.summaries)
    assert_same(inline.summaries, on_dask.summaries)
    assert [s.spawn_key for s in inline.seeds] == [s.spawn_key for s in on_dask.seeds]


def test_default_pool_runs_and_progress_bar_can_be_shown(abm_net2008, capsys):
    results = simulate(abm_net2008, replications=4, rng=1, workers=2, chunk_size=2, progress=True)
    assert len(results) == 4
    assert "replications" in capsys.readouterr().err


def test_memory_estimate_bounds_what_a_run_holds(abm_net2016):
    # the estimate is checked before anything is allocated: it must not undercount
    tracemalloc.start()
    try:
        simulate(abm_net2016, replications=300, rng=1, workers=1, progress=False)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    estimate = memory_needed(abm_net2016, PARAMS, 300)
    assert peak <= estimate <= 4 * peak


def test_a_run_that_cannot_fit_is_refused_before_it_starts(abm_net2016, monkeypatch):
    monkeypatch.setattr("zzsim.abm.runner.available_memory", lambda: 10 * 2**20)  # 10 MB free
    with pytest.raises(ModelError, match=r"1000000 replications need about .* GB .* 10\.0 MB"):
        simulate(abm_net2016, replications=1_000_000, rng=1, progress=False)
    check_memory(abm_net2016, PARAMS, 10)  # a small run fits


def test_bad_requests_are_refused(abm_net2008):
    with pytest.raises(ModelError, match="at least one seed"):
        run_seeds(abm_net2008, PARAMS, [], workers=1)
    with pytest.raises(ModelError, match="chunk_size"):
        run_seeds(abm_net2008, PARAMS, spawn_seeds(1, 2), workers=1, chunk_size=0)
    with pytest.raises(ModelError, match="Executor or a dask"):
        run_seeds(abm_net2008, PARAMS, spawn_seeds(1, 2), executor=object())
