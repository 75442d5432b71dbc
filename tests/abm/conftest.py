"""Fixtures of the task-ABM tests: the two task networks (built once)."""

import pytest

from zzsim.abm import build_network


@pytest.fixture(scope="session")
def abm_net2016():
    return build_network("table2016")


@pytest.fixture(scope="session")
def abm_net2008():
    return build_network("table2008")
