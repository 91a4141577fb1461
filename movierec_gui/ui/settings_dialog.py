"""Settings: embedder, API keys (kept in the OS keyring, shown masked), Pinecone, theme, data folders."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..services import Folders, SettingsForm

EMBEDDERS = (
    ("local", "Local model (offline, free)"),
    ("openai", "OpenAI"),
    ("compatible", "OpenAI-compatible server (Ollama, LM Studio, llama.cpp)"),
)
#: The local model's two graphs (benchmarks/README.md, issue 17): the same model, different kernels.
KERNELS = (
    ("integer", "Fast: integer kernels (about 1.7× faster indexing)"),
    ("exact", "Exact: the model's original arithmetic (slower indexing)"),
)
BACKENDS = (("local", "On this computer"), ("pinecone", "Pinecone"))
THEMES = (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark"))


@dataclass
class SettingsChange:
    """What the user chose: new settings and the keys to store (``""`` deletes a key)."""

    settings: SettingsForm
    secrets: dict[str, str] = field(default_factory=dict)


class SecretField(QWidget):
    """A masked key field: empty keeps the stored key; "Forget" removes it."""

    def __init__(self, masked: str, parent=None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setPlaceholderText(f"stored: {masked}" if masked else "not set")
        self.forget = QPushButton("Forget")
        self.forget.setEnabled(bool(masked))
        self.forget.clicked.connect(self._on_forget)
        self._forgotten = False
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.edit, 1)
        lay.addWidget(self.forget)

    def _on_forget(self) -> None:
        self._forgotten = True
        self.edit.clear()
        self.edit.setPlaceholderText("will be removed")
        self.forget.setEnabled(False)

    def value(self) -> str | None:
        """New key, ``""`` to delete, ``None`` to keep what is stored."""
        text = self.edit.text().strip()
        if text:
            return text
        return "" if self._forgotten else None


class SettingsDialog(QDialog):
    def __init__(self, settings: SettingsForm, paths: Folders, masked: dict[str, str], parent=None,
                 validate: Callable[[SettingsChange], str | None] | None = None) -> None:
        super().__init__(parent)
        self._validate = validate
        self.setWindowTitle("Settings")
        self.setMinimumWidth(560)
        self._settings = settings

        self.embedder = QComboBox()
        for key, label in EMBEDDERS:
            self.embedder.addItem(label, key)
        kind = "compatible" if settings.embedder == "openai" and settings.openai_base_url else settings.embedder
        self.embedder.setCurrentIndex(max(0, self.embedder.findData(kind)))
        self.base_url = QLineEdit(settings.openai_base_url or "")
        self.base_url.setPlaceholderText("http://localhost:11434/v1")
        self.model = QLineEdit(settings.openai_model)
        self.openai_key = SecretField(masked.get("OPENAI_API_KEY", ""))
        self.kernels = QComboBox()
        for key, label in KERNELS:
            self.kernels.addItem(label, key)
        self.kernels.setCurrentIndex(max(0, self.kernels.findData(settings.local_kernels)))
        self.kernels.setToolTip(
            "Both find the same films almost always (vectors agree to a cosine of about 0.994).\n"
            "Switching re-indexes the catalog once; each choice keeps its own cache."
        )
        self.embedder.currentIndexChanged.connect(self._sync_enabled)

        self.backend = QComboBox()
        for key, label in BACKENDS:
            self.backend.addItem(label, key)
        self.backend.setCurrentIndex(max(0, self.backend.findData(settings.backend)))
        self.pinecone_index = QLineEdit(settings.pinecone_index)
        self.pinecone_key = SecretField(masked.get("PINECONE_API_KEY", ""))

        self.theme = QComboBox()
        for key, label in THEMES:
            self.theme.addItem(label, key)
        self.theme.setCurrentIndex(max(0, self.theme.findData(settings.theme)))

        emb_box = QGroupBox("Embeddings")
        f = QFormLayout(emb_box)
        f.addRow("Model", self.embedder)
        f.addRow("Local model speed", self.kernels)
        f.addRow("Server URL", self.base_url)
        f.addRow("Model name", self.model)
        f.addRow("OpenAI key", self.openai_key)

        pc_box = QGroupBox("Vector search")
        f = QFormLayout(pc_box)
        f.addRow("Search on", self.backend)
        f.addRow("Pinecone index", self.pinecone_index)
        f.addRow("Pinecone key", self.pinecone_key)

        look = QGroupBox("Appearance")
        f = QFormLayout(look)
        f.addRow("Theme", self.theme)

        data = QGroupBox("Data folders")
        f = QFormLayout(data)
        for label, path in (("Data", paths.data), ("Settings", paths.config), ("Cache", paths.cache)):
            edit = QLineEdit(str(path))
            edit.setReadOnly(True)
            edit.setCursorPosition(0)
            f.addRow(label, edit)

        note = QLabel("<small>API keys are kept in your system's keyring, never in a file. Without a keyring, "
                      "set OPENAI_API_KEY or PINECONE_API_KEY in the environment before starting MovieRec.</small>")
        note.setWordWrap(True)
        self.problem = QLabel()  # why OK did not close the dialog
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c0392b;")
        self.problem.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        lay = QVBoxLayout(self)
        for w in (emb_box, pc_box, look, data, note, self.problem, self.buttons):
            lay.addWidget(w)
        self._sync_enabled()

    def accept(self) -> None:
        """Close only for settings that can work; otherwise say why and keep everything as it was."""
        problem = self._validate(self.change()) if self._validate else None
        if problem:
            self.problem.setText(problem)
            self.problem.show()
            return
        self.problem.hide()
        super().accept()

    def _sync_enabled(self, *_args) -> None:
        kind = self.embedder.currentData()
        self.kernels.setEnabled(kind == "local")
        self.base_url.setEnabled(kind == "compatible")
        self.model.setEnabled(kind != "local")
        self.openai_key.setEnabled(kind != "local")

    def change(self) -> SettingsChange:
        kind = self.embedder.currentData()
        s = dataclasses.replace(
            self._settings,
            embedder="local" if kind == "local" else "openai",
            local_kernels=self.kernels.currentData(),
            openai_base_url=(self.base_url.text().strip() or None) if kind == "compatible" else None,
            openai_model=self.model.text().strip() or self._settings.openai_model,
            backend=self.backend.currentData(),
            pinecone_index=self.pinecone_index.text().strip() or self._settings.pinecone_index,
            theme=self.theme.currentData(),
        )
        secrets = {}
        for name, widget in (("OPENAI_API_KEY", self.openai_key), ("PINECONE_API_KEY", self.pinecone_key)):
            value = widget.value()
            if value is not None:
                secrets[name] = value
        return SettingsChange(s, secrets)
