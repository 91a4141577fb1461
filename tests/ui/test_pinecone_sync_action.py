"""The window's "Sync to Pinecone" action against the loopback Pinecone emulator (a contract test)."""

from __future__ import annotations

import pytest

pytest.importorskip("pinecone")
pytestmark = [pytest.mark.contract, pytest.mark.timeout(120)]


@pytest.fixture
def emulator(monkeypatch):
    from movierec_gui.sync.search_backend import forget_backends
    from tests.contract.pinecone_emulator import PineconeEmulator

    emu = PineconeEmulator()
    monkeypatch.setenv("PINECONE_API_KEY", emu.api_key)
    monkeypatch.setenv("PINECONE_CONTROLLER_HOST", emu.url)
    forget_backends()
    yield emu
    forget_backends()
    emu.stop()


def test_sync_action_uploads_every_film_once_and_reports(make_window, qtbot, services, emulator):
    win = make_window()
    win.sync_pinecone()
    assert win.job_bar.isVisible()
    qtbot.waitUntil(lambda: not win.tasks.running("sync"), timeout=60_000)
    qtbot.waitUntil(lambda: not win.job_bar.isVisible(), timeout=10_000)
    sent = emulator.upserted_ids()
    assert sorted(sent) == sorted(str(i) for i in services._catalog.all_ids())
    assert "150" in win.statusBar().currentMessage()


def test_sync_failure_is_shown_not_raised(make_window, qtbot, services, emulator, monkeypatch):
    monkeypatch.setenv("PINECONE_API_KEY", "pc-wrong-0000")
    win = make_window()
    win.sync_pinecone()
    qtbot.waitUntil(lambda: not win.tasks.running("sync"), timeout=60_000)
    qtbot.waitUntil(lambda: win.error_banner.isVisible(), timeout=10_000)
    shown = win.error_banner.text
    assert "Pinecone" in shown and "key" in shown.lower() and "pc-wrong" not in shown
    assert not emulator.upserted_ids() and not win.job_bar.isVisible()
