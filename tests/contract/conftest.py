"""Shared fixtures for the contract tests (loopback stand-ins for remote services).

Append new sections (e.g. Pinecone) below; keep the existing ones.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator

import pytest

from tests.contract.openai_standin import OpenAIStandIn


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "contract: tests against a loopback stand-in of a remote service")


# --- OpenAI ---------------------------------------------------------------------------


@pytest.fixture
def openai_standin_factory() -> Iterator[Callable[..., OpenAIStandIn]]:
    """Start stand-ins with custom options (see ``OpenAIStandIn``); all stop after the test."""
    started: list[OpenAIStandIn] = []

    def make(**options: object) -> OpenAIStandIn:
        server = OpenAIStandIn(**options).start()
        started.append(server)
        return server

    yield make
    for server in started:
        server.stop()


@pytest.fixture
def openai_standin(openai_standin_factory: Callable[..., OpenAIStandIn]) -> OpenAIStandIn:
    """A stand-in that requires ``openai_standin.api_key``."""
    return openai_standin_factory()


@pytest.fixture
def fast_openai_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shrink the real client's exponential backoff (0.5 s, 1 s, …) to milliseconds.

    The retry logic itself stays the client's; only its first delay constant is patched.
    If a future client drops the constant, the tests still pass, just slower.
    """
    import openai._base_client

    monkeypatch.setattr(openai._base_client, "INITIAL_RETRY_DELAY", 0.01, raising=False)


@pytest.fixture
def closed_port_url() -> str:
    """``http://127.0.0.1:PORT`` where nothing listens (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# --- Pinecone -------------------------------------------------------------------------

@pytest.fixture
def pinecone_emulator() -> Iterator:
    """A loopback Pinecone (control + data plane) that requires ``pinecone_emulator.api_key``."""
    from tests.contract.pinecone_emulator import PineconeEmulator

    emu = PineconeEmulator()
    yield emu
    emu.stop()


@pytest.fixture
def pinecone_env(pinecone_emulator, monkeypatch: pytest.MonkeyPatch) -> Iterator:
    """The emulator, with PINECONE_API_KEY and PINECONE_CONTROLLER_HOST pointing at it."""
    from movierec_gui.sync.search_backend import forget_backends

    monkeypatch.setenv("PINECONE_API_KEY", pinecone_emulator.api_key)
    monkeypatch.setenv("PINECONE_CONTROLLER_HOST", pinecone_emulator.url)
    forget_backends()
    yield pinecone_emulator
    forget_backends()


@pytest.fixture
def fast_pinecone_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shrink the SDK's retry sleeps (0.25–60 s) and our batch re-send pauses to milliseconds.

    Only the sleeps change: which statuses are retried, and how often, stay the SDK's.
    """
    import time

    import pinecone._internal.http_client as http_client

    monkeypatch.setattr(http_client, "_retry_sleep", lambda s: time.sleep(min(s, 0.01)), raising=False)
    if hasattr(http_client, "_BudgetRegistry"):  # a fresh per-host retry budget: earlier tests' failures don't count
        monkeypatch.setattr(http_client, "_budget_registry", http_client._BudgetRegistry(), raising=False)
    monkeypatch.setattr("movierec_gui.sync.sync.RETRY_DELAYS", (0.01, 0.01))


# --- TMDB -----------------------------------------------------------------------------

@pytest.fixture
def tmdb_standin() -> Iterator:
    """A loopback TMDB (v3 API + image server) with 300 generated films."""
    from tests.contract.tmdb_standin import TmdbStandIn

    server = TmdbStandIn(films=300).start()
    yield server
    server.stop()


@pytest.fixture
def tmdb_env(tmdb_standin, monkeypatch: pytest.MonkeyPatch, tmp_path) -> Iterator:
    """The stand-in, with TMDB_API_KEY and MOVIEREC_TMDB_API pointing at it and a fast request rate."""
    import json

    monkeypatch.setenv("TMDB_API_KEY", tmdb_standin.api_key)
    monkeypatch.setenv("MOVIEREC_TMDB_API", tmdb_standin.url)
    monkeypatch.delenv("TMDB_READ_TOKEN", raising=False)
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    (home / "settings.json").write_text(json.dumps({"tmdb_rate": 1000}), encoding="utf-8")
    yield tmdb_standin
