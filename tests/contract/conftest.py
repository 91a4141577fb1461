"""Shared fixtures for the contract tests (loopback stand-ins for remote services).

Append new sections (e.g. Pinecone) below; keep the existing ones.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator

import pytest
from openai_standin import OpenAIStandIn  # tests/contract is on sys.path (no __init__.py)


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
